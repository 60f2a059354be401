"""M-Paspor bookings on the command line: `walkin appointments import|release`, `walkin checkin`.

Their parser is in `walkin/subparsers.py`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from db.errors import BookingFileError
from db.services.appointments import ImportResult, import_bookings, release_unused
from db.services.checkin import CheckIn, check_in
from db.store.models import TicketSource
from walkin import output
from walkin.database import opened

EXIT_ROWS_REJECTED = 5


def import_file(args: argparse.Namespace) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise BookingFileError(f"cannot read {args.file}: {error}") from None
    with opened(args) as db:
        result = import_bookings(db, text, day=args.date, strict=args.strict)
    _report(args.file, result)
    return EXIT_ROWS_REJECTED if result.problems else 0


def _report(name: str, result: ImportResult) -> None:
    print(
        f"{name}: {result.added} added, {result.updated} updated, {result.unchanged} unchanged, "
        f"{result.kept} kept (already checked in or released), {result.other_days} for other "
        f"days, {len(result.problems)} rejected"
    )
    if result.ignored_columns:
        print(f"ignored columns (never stored): {', '.join(result.ignored_columns)}")
    for problem in result.problems:
        print(f"{name}: {problem}", file=sys.stderr)


def release_now(args: argparse.Namespace) -> int:
    with opened(args) as db:
        released = release_unused(db)
    if not released.total:
        print("nothing released (before the cut-off, no cut-off set, or nothing unused)")
    for code, slots in released.by_service.items():
        print(f"service {code}: {slots} walk-in places released")
    return 0


def checkin_code(args: argparse.Namespace) -> int:
    with opened(args) as db:
        done = check_in(db, args.code, service_code=args.service, source=TicketSource.CLI)
    if args.json:
        output.emit_json(checkin_json(done))
    else:
        print(checkin_line(done))
    return 0


def checkin_json(done: CheckIn) -> dict[str, Any]:
    session = None
    if done.session_start is not None and done.session_end is not None:
        session = {"start": f"{done.session_start:%H:%M}", "end": f"{done.session_end:%H:%M}"}
    return {
        **output.issued_json(done.issued),
        "booking_code": done.booking_code,
        "appointment": session,
        "status": done.punctuality,
        "as_walk_in": done.as_walk_in,
        "trusted": done.trusted,
    }


def checkin_line(done: CheckIn) -> str:
    slot = (
        f"session {done.session_start:%H:%M}-{done.session_end:%H:%M}"
        if done.session_start and done.session_end
        else "no list: verify the booking"
    )
    kind = "walk-in ticket (late)" if done.as_walk_in else done.punctuality.replace("_", " ")
    return f"{output.issued_line(done.issued)}  [{done.booking_code}, {slot}, {kind}]"
