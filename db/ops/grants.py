"""Least-privilege PostgreSQL roles for the apps (`walkin db grant`).

Five group roles (NOLOGIN); each PC logs in as its own login role that is a member of one.
Each role gets exactly the tables (and columns) its app reads and writes, nothing else:

walkin_kiosk    reads the queue; issues tickets (INSERT tickets, events; INSERT/UPDATE
                number_series); checks bookings in and releases unused ones (appointments,
                released_slots)
walkin_display  reads the queue; writes only its heartbeat (devices, and events of health changes)
walkin_counter  reads the queue and events; calls and serves (tickets, ticket_steps), signs in
                (through the PIN functions), the supervisor's quota, open/closed services
                and ticker, and the front desk's tickets issued on someone's behalf and
                bookings checked in (as the kiosk, but never releasing bookings)
walkin_web      reads the queue and survey answers; stores survey answers
walkin_admin    everything in the schema (runs `walkin init`, backups, office configuration,
                officers and their PINs)

"The queue" is the office's configuration, counters, tickets, number series and device rows,
plus the officers' id, login, name and active flag. No app role has any privilege on the
officers' PIN hash, wrong-PIN count, lock or role: the counter role checks a PIN and a role only
through the SECURITY DEFINER functions of migration 0007 (see db/store/pins.py).

Replication to a central database has its own login per office (`walkin_repl_<code>`, LOGIN
REPLICATION, SELECT on the published columns only), created by `walkin central publish`
(db/central/office.py), not by these grants.

SQLite has no roles: whoever can write the file can do everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import exc, text

from db.errors import UserError
from db.ops.backup import url_schema
from db.store.engine import Database, translate_error

Privileges = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class RoleGrants:
    role: str
    purpose: str
    # table -> privileges, e.g. ("SELECT", "UPDATE (ticker)")
    tables: Privileges
    # sequences behind the SERIAL ids of the tables it inserts into
    sequences: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    everything: bool = False


def _merge(*parts: Privileges) -> dict[str, tuple[str, ...]]:
    merged: dict[str, tuple[str, ...]] = {}
    for part in parts:
        for table, privileges in part.items():
            merged[table] = (*merged.get(table, ()), *privileges)
    return merged


_QUEUE_TABLES = (
    "alembic_version",  # every app refuses a schema older than its code
    "office_settings",
    "services",
    "service_hours",
    "daily_quotas",
    "counters",
    "counter_services",
    "service_steps",
    "outcomes",
    "released_slots",
    "number_series",
    "tickets",
    "devices",
)
_READ_QUEUE: Privileges = {
    **{table: ("SELECT",) for table in _QUEUE_TABLES},
    "officers": ("SELECT (id, login, name, active)",),
    # The wait estimate counts bookings still to come, never reading a booking code.
    "appointments": ("SELECT (business_date, service_id, ticket_id, released_at)",),
    "ticket_steps": ("SELECT",),  # each line's pace, for the wait estimate
}
# Every app reports its health; an event row is inserted with RETURNING id.
_HEARTBEAT: Privileges = {"devices": ("INSERT", "UPDATE"), "events": ("INSERT", "SELECT (id)")}
_HEARTBEAT_SEQUENCES = ("devices_id_seq", "events_id_seq")
# Issuing a ticket: the kiosk's, and the front desk's on someone's behalf.
_ISSUE: Privileges = {"tickets": ("INSERT",), "number_series": ("INSERT", "UPDATE")}
PIN_FUNCTIONS = (
    "walkin_pin_setting(text)",
    "walkin_check_pin(text, text)",
    "walkin_officer_role(text)",
)

ROLES: tuple[RoleGrants, ...] = (
    RoleGrants(
        "walkin_kiosk",
        "ticket kiosks",
        _merge(
            _READ_QUEUE,
            _HEARTBEAT,
            _ISSUE,
            # M-Paspor check-in: a booking gets its ticket; a code trusted without a list is
            # recorded; at the cut-off, unused bookings become walk-in places.
            {
                "appointments": (
                    "SELECT",
                    "INSERT",
                    "UPDATE (ticket_id, checked_in_at, punctuality, released_at)",
                ),
                "released_slots": ("INSERT", "UPDATE"),
            },
        ),
        sequences=("tickets_id_seq", "appointments_id_seq", *_HEARTBEAT_SEQUENCES),
    ),
    RoleGrants(
        "walkin_display",
        "display boards",
        _merge(_READ_QUEUE, _HEARTBEAT),
        sequences=_HEARTBEAT_SEQUENCES,
    ),
    RoleGrants(
        "walkin_counter",
        "counter apps, including the supervisor panel and the front desk",
        _merge(
            _READ_QUEUE,
            _HEARTBEAT,
            _ISSUE,
            # The front desk checks bookings in as the kiosk does (a code trusted without a
            # list is recorded); releasing unused bookings stays with the kiosks.
            {
                "appointments": (
                    "SELECT",
                    "INSERT",
                    "UPDATE (ticket_id, checked_in_at, punctuality)",
                ),
            },
            {
                "events": ("SELECT",),  # idle times and the officer's figures of the day
                "tickets": ("UPDATE",),
                "ticket_steps": ("INSERT", "UPDATE"),  # a visit's history, a row per call
                "counters": ("UPDATE (state, officer_id, priority_streak, appointment_streak)",),
                "daily_quotas": ("INSERT", "UPDATE"),
                "services": ("UPDATE (active)",),  # a supervisor closes or reopens a service
                "office_settings": ("UPDATE (ticker)",),  # the display ticker
            },
        ),
        sequences=(
            "ticket_steps_id_seq",
            "tickets_id_seq",
            "appointments_id_seq",
            *_HEARTBEAT_SEQUENCES,
        ),
        functions=PIN_FUNCTIONS,
    ),
    RoleGrants(
        "walkin_web",
        "the phone pages (`walkin web`)",
        _merge(_READ_QUEUE, _HEARTBEAT, {"survey_responses": ("SELECT", "INSERT")}),
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
        statements += [
            _create_role(role.role),
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}",
            f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {s} FROM {r}",
        ]
        statements += _admin_grants(s, r) if role.everything else _app_grants(s, r, role)
    return statements


def _create_role(name: str) -> str:
    # Two sessions granting at once (two schemas, say) may both find the role missing.
    return (
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') "
        f"THEN CREATE ROLE {_ident(name)} NOLOGIN; END IF; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    )


def _admin_grants(s: str, r: str) -> list[str]:
    return [
        f"GRANT USAGE, CREATE ON SCHEMA {s} TO {r}",
        f"GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"GRANT ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {s} TO {r}",
    ]


def _app_grants(s: str, r: str, role: RoleGrants) -> list[str]:
    statements = [f"GRANT USAGE ON SCHEMA {s} TO {r}"]
    for table, privileges in role.tables.items():
        statements.append(f"GRANT {', '.join(privileges)} ON {s}.{_ident(table)} TO {r}")
    if role.sequences:
        names = ", ".join(f"{s}.{_ident(name)}" for name in role.sequences)
        statements.append(f"GRANT USAGE ON SEQUENCE {names} TO {r}")
    for function in role.functions:
        statements.append(f"GRANT EXECUTE ON FUNCTION {s}.{function} TO {r}")
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
