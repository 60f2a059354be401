"""`walkin central`: replicate office databases to a central PostgreSQL (see db.central).

On an office server: `walkin --db OFFICE central publish --office CODE`. On the central server:
`walkin central init --db URL`, `walkin central add-office CODE --source URL` and
`walkin central status`. The central report is `walkin report --central`.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from db.central.hub import add_office, init_central, remove_office
from db.central.office import dba_instructions, publish
from db.central.status import OfficeStatus, status
from walkin.database import opened
from walkin.output import emit_json


def run_publish(args: argparse.Namespace) -> int:
    with opened(args) as db:
        done = publish(db, args.office)
    print(f"office {done.code} ({done.name}) published as {done.publication}:")
    print(f"  tables: {', '.join(done.tables)}")
    print("  not published: officers' PINs and roles, ticket tokens, booking codes, event details")
    print(f"  replication login: {done.role} (LOGIN REPLICATION, SELECT on those columns only)")
    print("still to do by the office's DBA:")
    for line in dba_instructions(done):
        print(f"  - {line}")
    return 0


def run_init(args: argparse.Namespace) -> int:
    with opened(args, require_schema=False) as central:
        init_central(central)
    print(f"central database {central.label} ready: add offices with `walkin central add-office`")
    return 0


def run_add_office(args: argparse.Namespace) -> int:
    with opened(args, require_schema=False) as central:
        office = add_office(central, args.code, args.source)
    print(
        f"office {office.code} ({office.name}) subscribed from {office.source} into database "
        f"{office.database}: its rows are being copied; `walkin central status` shows progress"
    )
    return 0


def run_remove_office(args: argparse.Namespace) -> int:
    with opened(args, require_schema=False) as central:
        slot_dropped = remove_office(central, args.code)
    code = args.code.strip().upper()
    print(f"office {code} removed from the central database (the office itself is untouched)")
    if not slot_dropped:
        print(
            f"the office was out of reach: its DBA drops the slot there, or it keeps WAL: "
            f"SELECT pg_drop_replication_slot('walkin_central_{code.lower()}');"
        )
    return 0


def run_status(args: argparse.Namespace) -> int:
    with opened(args, require_schema=False) as central:
        found = status(central, args.office)
    if args.json:
        emit_json([{**s.__dict__, "state": s.state} for s in found])
        return 0
    header = ("office", "state", "last contact", "lag", "errors", "newest activity", "name")
    rows = [header, *(_status_cells(s) for s in found)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    if not found:
        print("no office yet: `walkin central add-office CODE --source URL`")
    return 0


def _status_cells(s: OfficeStatus) -> tuple[str, ...]:
    return (
        s.code,
        s.state,
        _ago(s.last_contact_s),
        "" if s.lag_s is None else f"{s.lag_s:.1f} s",
        str(s.errors),
        _moment(s.newest_activity),
        s.name,
    )


def _ago(seconds: float | None) -> str:
    if seconds is None:
        return "never"
    if seconds < 120:
        return f"{seconds:.0f} s ago"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min ago"
    return f"{seconds / 3600:.1f} h ago"


def _moment(value: datetime | None) -> str:
    return "-" if value is None else value.isoformat(timespec="seconds")
