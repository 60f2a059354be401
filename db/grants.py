"""Least-privilege PostgreSQL roles for the apps (`walkin db grant`).

Five group roles (NOLOGIN); each PC logs in as its own login role that is a member of one:

walkin_kiosk    reads; issues tickets (INSERT tickets, events; INSERT/UPDATE number_series)
walkin_display  reads; writes only its heartbeat (devices, and events of health changes)
walkin_counter  reads; calls and serves, signs in, and the supervisor's quota, services, ticker
walkin_web      reads; stores survey answers (INSERT survey_responses, events)
All four write their own heartbeat rows in `devices`.
walkin_admin    everything in the schema (runs `walkin init`, backups, office configuration)

SQLite has no roles: whoever can write the file can do everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import exc, text

from db.backup import url_schema
from db.engine import Database, translate_error
from db.errors import UserError


@dataclass(frozen=True)
class RoleGrants:
    role: str
    purpose: str
    # table -> privileges beyond SELECT (which every role has on every table)
    writes: Mapping[str, tuple[str, ...]]
    # sequences behind the SERIAL ids of the tables it inserts into
    sequences: tuple[str, ...] = ()
    everything: bool = False


_HEARTBEAT = {"devices": ("INSERT", "UPDATE"), "events": ("INSERT",)}
_HEARTBEAT_SEQUENCES = ("devices_id_seq", "events_id_seq")

ROLES: tuple[RoleGrants, ...] = (
    RoleGrants(
        "walkin_kiosk",
        "ticket kiosks",
        {**_HEARTBEAT, "tickets": ("INSERT",), "number_series": ("INSERT", "UPDATE")},
        sequences=("tickets_id_seq", *_HEARTBEAT_SEQUENCES),
    ),
    # Reads the queue; writes only its own heartbeat (and the event of a health change).
    RoleGrants("walkin_display", "display boards", _HEARTBEAT, sequences=_HEARTBEAT_SEQUENCES),
    RoleGrants(
        "walkin_counter",
        "counter apps, including the supervisor panel",
        {
            **_HEARTBEAT,
            "tickets": ("UPDATE",),
            "counters": ("UPDATE",),
            "officers": ("UPDATE",),  # wrong-PIN counts and lockouts
            "daily_quotas": ("INSERT", "UPDATE"),
            "services": ("UPDATE",),  # a supervisor closes or reopens a service
            "office_settings": ("UPDATE",),  # the display ticker
        },
        sequences=_HEARTBEAT_SEQUENCES,
    ),
    # The phone pages: nothing but the survey answer (and its event) is ever written.
    RoleGrants(
        "walkin_web",
        "the phone pages (`walkin web`)",
        {**_HEARTBEAT, "survey_responses": ("INSERT",)},
        sequences=("survey_responses_id_seq", *_HEARTBEAT_SEQUENCES),
    ),
    RoleGrants("walkin_admin", "administrators", {}, everything=True),
)


class GrantsNotApplicable(UserError):
    """Roles and GRANTs exist only on PostgreSQL."""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grant_statements(schema: str = "public") -> list[str]:
    """The SQL that creates the roles (if missing) and grants them their privileges.

    Idempotent: running it again changes nothing; privileges not listed here are revoked first.
    """
    s = _ident(schema)
    statements: list[str] = []
    for role in ROLES:
        r = _ident(role.role)
        statements.append(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role.role}') "
            f"THEN CREATE ROLE {r} NOLOGIN; END IF; END $$"
        )
        statements.append(f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}")
        statements.append(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}")
        if role.everything:
            statements += [
                f"GRANT USAGE, CREATE ON SCHEMA {s} TO {r}",
                f"GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA {s} TO {r}",
                f"GRANT ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
            ]
            continue
        statements.append(f"GRANT USAGE ON SCHEMA {s} TO {r}")
        statements.append(f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {r}")
        for table, privileges in role.writes.items():
            statements.append(f"GRANT {', '.join(privileges)} ON {s}.{_ident(table)} TO {r}")
        if role.sequences:
            names = ", ".join(f"{s}.{_ident(name)}" for name in role.sequences)
            statements.append(f"GRANT USAGE ON SEQUENCE {names} TO {r}")
    return statements


def grant_script(schema: str = "public") -> str:
    """The statements as a psql script, with how to give each PC its login."""
    lines = [
        f"-- Least-privilege roles for the walk-in queue (schema {schema}).",
        "-- Run as the database owner or a superuser, after `walkin init`; again after upgrades.",
    ]
    lines += [f"--   {role.role:<15} {role.purpose}" for role in ROLES]
    lines += [
        "-- Then one login per PC, e.g.:",
        "--   CREATE ROLE kiosk1 LOGIN PASSWORD '...' IN ROLE walkin_kiosk;",
        "BEGIN;",
    ]
    lines += [f"{statement};" for statement in grant_statements(schema)]
    lines.append("COMMIT;")
    return "\n".join(lines)


def schema_of(db: Database) -> str:
    return url_schema(db.url) or "public"


def apply_grants(db: Database) -> int:
    """Create the roles and grant the privileges in one transaction; returns the statement count."""
    if db.dialect != "postgresql":
        raise GrantsNotApplicable(
            f"{db.label} is SQLite, which has no roles: protect the file with its permissions "
            "instead (roles apply to PostgreSQL only)"
        )
    statements = grant_statements(schema_of(db))
    try:
        with db.engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    except exc.DBAPIError as error:
        translated = translate_error(db, error)
        if translated is error:
            message = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise UserError(f"granting on {db.label} failed: {message}") from error
        raise translated from error
    return len(statements)
