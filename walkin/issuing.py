"""`walkin issue`, `reprint` and `ticket-preview`: the commands that issue or print tickets.

Apart from the plain commands (`walkin.commands`) because they load the printer library.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from db.errors import UserError
from db.services.tickets import issue_ticket
from db.store import faults
from db.store.engine import Database, require_intact, sqlite_file
from db.store.models import TicketSource
from ticket_printer import service as printing
from ticket_printer.job import Outcome, PrinterError, PrintResult, PrintSettings
from walkin import output
from walkin.database import opened

EXIT_NOT_PRINTED = 4  # the ticket exists; only printing failed (or was not confirmed)

QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024


def issue(args: argparse.Namespace) -> int:
    printer = printing.printer_settings(args.printer, paper=args.paper) if args.print else None
    key = args.key or f"cli-{uuid.uuid4().hex}"
    with opened(args) as db:
        _check_small_file(db)
        issued = faults.retrying(
            lambda: issue_ticket(
                db,
                args.service,
                priority=args.priority,
                source=TicketSource.CLI,
                idempotency_key=key,
                device="cli",
            ),
            on_retry=_say_retry,
        )
        if args.json:
            output.emit_json(output.issued_json(issued))
        else:
            print(output.issued_line(issued))
        if printer is not None:
            code = issued.ticket.code
            return _printed(code, printer, lambda: printing.print_issued(db, issued, printer))
    return 0


def reprint(args: argparse.Namespace) -> int:
    printer = printing.printer_settings(args.printer, paper=args.paper)
    with opened(args) as db:
        code = args.code.strip().upper()
        return _printed(code, printer, lambda: printing.reprint(db, code, printer))


def _printed(code: str, printer: PrintSettings, job: Callable[[], PrintResult]) -> int:
    """Run a print job of ticket `code`: a failure is reported as such, not as a lost ticket."""
    try:
        result = job()
    except PrinterError as error:
        print(not_printed(code, str(error)), file=sys.stderr)
        return EXIT_NOT_PRINTED
    if result.outcome is Outcome.SENT:
        print(
            f"ticket {code} sent to {printer.target}, unconfirmed: this printer cannot report "
            "its status",
            file=sys.stderr,
        )
    return 0


def not_printed(code: str, reason: str) -> str:
    return (
        f"walkin: ticket {code} exists; only printing failed: {reason}. Do not issue another: "
        f"reprint it with `walkin reprint {code}` once the printer is fixed."
    )


def _check_small_file(db: Database) -> None:
    """Refuse a damaged SQLite file before issuing, where the check is cheap.

    `quick_check` reads the whole file (0.5 s for a month of tickets, 27 MB, on the development
    machine): worth it for a file up to QUICK_CHECK_MAX_BYTES; `walkin doctor` and `walkin
    backup` check any size, and a damaged page that is read is reported in any case.
    """
    path = sqlite_file(db)
    if path is not None and path.is_file() and path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
        require_intact(db)


def _say_retry(error: UserError, delay: float) -> None:
    # The ticket may have been committed before the answer was lost: the retry carries the
    # same key, so it returns that ticket instead of issuing a second one.
    print(f"walkin: {error}; trying again in {delay:g} s", file=sys.stderr)


def ticket_preview(args: argparse.Namespace) -> int:
    with opened(args) as db:
        content = printing.preview_ticket(
            db, args.code, Path(args.out), paper=args.paper, qr_url=args.qr_url
        )
    print(f"{args.out}: ticket {content.code}, QR {content.qr_payload}")
    return 0
