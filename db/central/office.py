"""The office side: `walkin central publish` prepares an office database for the centre.

One transaction stores the office code, (re)creates the publication of `tables.PUBLISHED` with
its column lists, creates the office's replication role with SELECT on exactly those columns
(the centre's first copy reads through it; later changes stream from the WAL), and records an
audit event. Idempotent: run it again after an upgrade. What only the DBA can change (wal_level,
pg_hba.conf, the role's password) comes back as instructions.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exc, select, text
from sqlalchemy.orm import Session

from db.central.failures import failed
from db.central.naming import literal, office_code, quoted, replication_role
from db.central.tables import IDENTITY_TABLE, PUBLICATION, PUBLISHED, identity_table
from db.errors import UserError
from db.ops.grants import schema_of
from db.rules.clock import utcnow
from db.store import lookup
from db.store.engine import Database, write
from db.store.events import record


class NotPublishable(UserError):
    """Only a PostgreSQL office database can be replicated."""


class OfficeCodeTaken(UserError):
    """The database was already published under another office code."""


@dataclass(frozen=True)
class Published:
    code: str
    name: str
    publication: str
    role: str
    wal_level: str
    tables: tuple[str, ...]

    @property
    def wal_level_ok(self) -> bool:
        return self.wal_level == "logical"


def publish(db: Database, code: str) -> Published:
    """Store the office code, publish the report tables and grant the replication role."""
    if db.dialect != "postgresql":
        raise NotPublishable(
            f"{db.label} is SQLite: only a PostgreSQL office database can be replicated to the "
            "centre (move the office to PostgreSQL first)"
        )
    code = office_code(code)
    schema = schema_of(db)
    try:
        with write(db) as session:
            name = lookup.settings(session).name
            _store_identity(session, code, name)
            for statement in publication_statements(schema) + role_statements(code, schema):
                session.execute(text(statement))
            wal_level = str(session.execute(text("SHOW wal_level")).scalar_one())
            record(session, "central_published", utcnow(), office=code, role=replication_role(code))
    except exc.DBAPIError as error:
        raise failed(db, error, f"publishing office {code}") from error
    return Published(code, name, PUBLICATION, replication_role(code), wal_level, tuple(PUBLISHED))


def _store_identity(session: Session, code: str, name: str) -> None:
    table = identity_table()
    table.create(session.connection(), checkfirst=True)
    stored = session.execute(select(table.c.code)).scalar_one_or_none()
    if stored is not None and stored != code:
        raise OfficeCodeTaken(
            f"this database was published as office {stored}, not {code}: an office keeps its "
            "code (the centre keeps its rows under it)"
        )
    if stored is None:
        session.execute(table.insert().values(id=1, code=code, name=name))
    else:
        session.execute(table.update().values(name=name))


def _table_list(schema: str) -> str:
    return ", ".join(
        f"{quoted(schema)}.{quoted(table)} ({', '.join(quoted(c) for c in columns)})"
        for table, columns in PUBLISHED.items()
    )


def publication_statements(schema: str) -> list[str]:
    """Create the publication, or set its tables to today's list (after an upgrade)."""
    p = quoted(PUBLICATION)
    tables = _table_list(schema)
    return [
        f"DO $$ BEGIN IF EXISTS (SELECT FROM pg_publication WHERE pubname = {literal(PUBLICATION)})"
        f" THEN ALTER PUBLICATION {p} SET TABLE {tables}; "
        f"ELSE CREATE PUBLICATION {p} FOR TABLE {tables}; END IF; END $$"
    ]


def role_statements(code: str, schema: str) -> list[str]:
    """The office's replication role: LOGIN REPLICATION, SELECT on the published columns only.

    Created without a password: the DBA sets one (and pg_hba.conf) for the centre to connect."""
    role = replication_role(code)
    r, s = quoted(role), quoted(schema)
    statements = [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal(role)}) "
        f"THEN CREATE ROLE {r} LOGIN REPLICATION; END IF; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
    ]
    for table, columns in PUBLISHED.items():
        names = ", ".join(quoted(c) for c in columns)
        statements.append(f"GRANT SELECT ({names}) ON {s}.{quoted(table)} TO {r}")
    return statements


def dba_instructions(published: Published) -> list[str]:
    """What the office's DBA still has to do for the centre to connect."""
    role = published.role
    lines = []
    if not published.wal_level_ok:
        lines.append(
            f"postgresql.conf: wal_level = logical (now {published.wal_level}), then restart "
            "PostgreSQL; keep max_replication_slots and max_wal_senders at 10 or more"
        )
    lines += [
        f"set the replication login's password: ALTER ROLE {role} PASSWORD '...';",
        f"pg_hba.conf: hostssl <database> {role} <central server address>/32 scram-sha-256",
        "postgresql.conf: ssl = on (the centre connects with sslmode=verify-full)",
        f"on the central server: walkin central add-office {published.code} --source "
        f"'postgresql://{role}:PASSWORD@<this server>/<database>?sslmode=verify-full'",
    ]
    return lines


__all__ = ["IDENTITY_TABLE", "Published", "dba_instructions", "publish"]
