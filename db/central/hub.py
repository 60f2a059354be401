"""The central side: `walkin central init` and `walkin central add-office`.

The central database given to `init` holds the catalogue of offices. `add-office` checks the
office's published identity, creates the office's replication slot on the office server itself
(PostgreSQL's documented way when both databases may share a cluster, where CREATE SUBSCRIPTION
cannot create it), creates a database of that office's own on the central cluster with the
published tables in the office's schema, and subscribes it; the first copy and every later change
arrive by themselves, also after an outage (the slot keeps the office's WAL until the centre
has it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg
from sqlalchemy import (
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    create_engine,
    exc,
    select,
    text,
)
from sqlalchemy.engine import URL, Connection
from sqlalchemy.pool import NullPool

from db.central.failures import failed
from db.central.naming import (
    literal,
    office_code,
    office_database,
    quoted,
    slot_name,
    subscription_name,
)
from db.central.source import SourceOffice, inspect_source, libpq
from db.central.tables import PUBLICATION, central_metadata
from db.errors import UserError
from db.rules.clock import utcnow
from db.store.engine import Database, describe, open_database

CATALOGUE = Table(
    "walkin_central_offices",
    MetaData(),
    Column("code", String(16), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("database", String(63), nullable=False),
    Column("schema", String(63), nullable=False),
    Column("source", String(300), nullable=False),  # without its password
    Column("added_at", DateTime(timezone=True), nullable=False),
)


class NotCentral(UserError):
    """The database is not a central database (`walkin central init` was not run)."""


class OfficeAlreadyAdded(UserError):
    """The office is in the catalogue already."""


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    database: str
    schema: str
    source: str
    added_at: datetime


def init_central(central: Database) -> None:
    """Create the catalogue of offices (idempotent)."""
    _require_postgres(central)
    try:
        with central.engine.begin() as conn:
            CATALOGUE.create(conn, checkfirst=True)
    except exc.DBAPIError as error:
        raise failed(central, error, "creating the catalogue of offices") from error


def offices(central: Database, codes: list[str] | None = None) -> tuple[Office, ...]:
    """The offices of the catalogue (those of `codes` only, when given), by code."""
    _require_postgres(central)
    wanted = [office_code(c) for c in codes or []]
    query = select(CATALOGUE).order_by(CATALOGUE.c.code)
    if wanted:
        query = query.where(CATALOGUE.c.code.in_(wanted))
    try:
        with central.engine.connect() as conn:
            found = tuple(Office(**row) for row in conn.execute(query).mappings())
    except exc.ProgrammingError as error:
        raise NotCentral(
            f"{central.label} has no catalogue of offices: run `walkin central init` there first"
        ) from error
    except exc.DBAPIError as error:
        raise failed(central, error, "reading the catalogue of offices") from error
    missing = sorted(set(wanted) - {o.code for o in found})
    if missing:
        raise UserError(f"no office {', '.join(missing)} in the central database")
    return found


def office_url(central: Database, office: Office) -> URL:
    """The URL of an office's database on the central cluster (same server and login)."""
    url = central.url.set(database=office.database)
    query = {k: v for k, v in url.query.items() if k != "options"}
    if office.schema != "public":
        query["options"] = f"-csearch_path={office.schema}"
    return url.set(query=query)


def open_office(central: Database, office: Office) -> Database:
    return open_database(office_url(central, office).render_as_string(hide_password=False))


def add_office(central: Database, code: str, source_url: str) -> Office:
    """Subscribe the central cluster to one office's publication."""
    code = office_code(code)
    if any(o.code == code for o in offices(central)):
        raise OfficeAlreadyAdded(f"office {code} is in the central database already")
    source = inspect_source(source_url, code)
    _create_slot(source)
    office = Office(
        code,
        source.name,
        office_database(code),
        source.schema,
        describe(source.url),
        utcnow(),
    )
    _create_database(central, office.database)
    _subscribe(central, office, source)
    register_office(central, office)
    return office


def _create_slot(source: SourceOffice) -> None:
    slot = slot_name(source.code)
    try:
        with psycopg.connect(libpq(source.url), autocommit=True, connect_timeout=10) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_replication_slots WHERE slot_name = %s", (slot,)
            ).fetchone()
            if not exists:
                conn.execute("SELECT pg_create_logical_replication_slot(%s, 'pgoutput')", (slot,))
    except psycopg.Error as error:
        message = str(error).strip()
        raise UserError(
            f"creating the replication slot {slot} at the office failed: {message}"
        ) from None


def _create_database(central: Database, name: str) -> None:
    """A database of the office's own; one left by an earlier, failed add-office is reused."""
    engine = create_engine(central.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
            if not found:
                conn.execute(text(f"CREATE DATABASE {quoted(name)}"))
    except exc.DBAPIError as error:
        raise failed(central, error, f"creating the database {name}") from error
    finally:
        engine.dispose()


def _subscribe(central: Database, office: Office, source: SourceOffice) -> None:
    """Tables and subscription in one transaction (the slot exists: create_slot = false)."""
    target = open_office(central, office)
    options = (
        f"create_slot = false, slot_name = {literal(slot_name(office.code))}, copy_data = true"
    )
    try:
        with target.engine.begin() as conn:
            create_office_tables(conn, office.schema)
            conn.execute(
                text(
                    f"CREATE SUBSCRIPTION {quoted(subscription_name(office.code))} "
                    f"CONNECTION {literal(libpq(source.url))} "
                    f"PUBLICATION {quoted(PUBLICATION)} WITH ({options})"
                )
            )
    except exc.DBAPIError as error:
        raise failed(target, error, f"subscribing to office {office.code}") from error
    finally:
        target.dispose()


def create_office_tables(conn: Connection, schema: str) -> None:
    """The published tables, empty, in the office's schema of its central database."""
    conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {quoted(schema)}"))
    schemed = conn.execution_options(schema_translate_map={None: schema})
    central_metadata().create_all(schemed)


def register_office(central: Database, office: Office) -> None:
    """Enter an office into the catalogue (its database holds its rows)."""
    with central.engine.begin() as conn:
        conn.execute(CATALOGUE.insert().values(**office.__dict__))


def _require_postgres(central: Database) -> None:
    if central.dialect != "postgresql":
        raise UserError(f"{central.label} is SQLite: the central database is PostgreSQL")


def remove_office(central: Database, code: str) -> bool:
    """Unsubscribe an office and drop its central database and catalogue row (the office itself
    is untouched). Returns whether its replication slot at the office was dropped too: when the
    office cannot be reached it stays there, keeping WAL, until its DBA drops it."""
    office = offices(central, [code])[0]
    subscription = quoted(subscription_name(office.code))
    target = create_engine(
        office_url(central, office), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )
    try:
        with target.connect() as conn:
            conn.execute(text(f"ALTER SUBSCRIPTION {subscription} DISABLE"))
            try:
                conn.execute(text(f"DROP SUBSCRIPTION {subscription}"))  # drops the slot there
                slot_dropped = True
            except exc.OperationalError:  # the office is out of reach: forget the slot here
                conn.execute(text(f"ALTER SUBSCRIPTION {subscription} SET (slot_name = NONE)"))
                conn.execute(text(f"DROP SUBSCRIPTION {subscription}"))
                slot_dropped = False
    except exc.ProgrammingError:
        slot_dropped = False  # no such subscription (an earlier removal stopped half-way)
    except exc.DBAPIError as error:
        raise failed(central, error, f"unsubscribing office {office.code}") from error
    finally:
        target.dispose()
    _drop_database(central, office.database)
    with central.engine.begin() as conn:
        conn.execute(CATALOGUE.delete().where(CATALOGUE.c.code == office.code))
    return slot_dropped


def _drop_database(central: Database, name: str) -> None:
    engine = create_engine(central.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {quoted(name)} WITH (FORCE)"))
    except exc.DBAPIError as error:
        raise failed(central, error, f"dropping the database {name}") from error
    finally:
        engine.dispose()
