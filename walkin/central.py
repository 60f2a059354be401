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
from walkin.commands import opened
from walkin.output import emit_json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    central = sub.add_parser("central", help="replicate offices to a central PostgreSQL")
    csub = central.add_subparsers(dest="central_command", required=True, metavar="ACTION")

    pub = csub.add_parser("publish", help="on an office server: publish it to the centre")
    pub.add_argument(
        "--office", required=True, metavar="CODE", help="e.g. MDN1 (2-16 letters/digits)"
    )
    _db(pub).set_defaults(handler=run_publish)

    init = csub.add_parser("init", help="on the central server: create the office catalogue")
    _db(init).set_defaults(handler=run_init)

    add = csub.add_parser("add-office", help="on the central server: subscribe to an office")
    add.add_argument("code", metavar="CODE")
    add.add_argument(
        "--source",
        required=True,
        metavar="URL",
        help="the office database as the centre reaches it, with its replication login, e.g. "
        "postgresql://walkin_repl_mdn1:PW@10.1.2.3/walkin?sslmode=verify-full",
    )
    _db(add).set_defaults(handler=run_add_office)

    drop = csub.add_parser(
        "remove-office", help="on the central server: unsubscribe an office, drop its rows there"
    )
    drop.add_argument("code", metavar="CODE")
    _db(drop).set_defaults(handler=run_remove_office)

    show = csub.add_parser("status", help="each office's replication state, lag, last contact")
    show.add_argument("--office", nargs="+", action="extend", metavar="CODE")
    show.add_argument("--json", action="store_true", help="print JSON")
    _db(show).set_defaults(handler=run_status)


def _db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="as `walkin --db`")
    return parser


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
