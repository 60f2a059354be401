"""The handlers behind each `walkin` subcommand: parse nothing, call the service layer, print."""

from __future__ import annotations

import argparse
import functools
import getpass
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from db.errors import UserError
from db.office_config import load_config
from db.ops.setup import apply_config, load_demo
from db.results import TicketView
from db.services import calls, counters, days, devices, officers
from db.services.tickets import issue_ticket
from db.store import faults, schema
from db.store.engine import (
    Database,
    check_connection,
    open_database,
    require_intact,
    resolve_url,
    sqlite_file,
)
from db.store.models import TicketSource
from db.views import queries
from ticket_printer import service as printing
from ticket_printer.job import Outcome, PrinterError, PrintResult, PrintSettings
from walkin import output
from walkin.demo import run_demo

EXIT_NOT_PRINTED = 4  # the ticket exists; only printing failed (or was not confirmed)

QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024
COUNTER_ACTIONS_HELP = {
    "finish": "finish the counter's current ticket",
    "recall": "announce the counter's called ticket again",
    "no-show": "the called applicant did not come",
    "serve": "start serving the called ticket",
}
_COUNTER_ACTIONS = {
    "finish": calls.finish,
    "recall": calls.recall,
    "no-show": calls.mark_no_show,
    "serve": calls.start_serving,
}


@contextmanager
def opened(args: argparse.Namespace, *, require_schema: bool = True) -> Iterator[Database]:
    """The database the user named, reachable and (unless initialising) up to date."""
    db = open_database(resolve_url(args.db))
    try:
        check_connection(db)
        if require_schema:
            schema.require_current(db)
        yield db
    finally:
        db.dispose()


def init(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config)) if args.config else None  # fail before any change
    with opened(args, require_schema=False) as db:
        before, after = schema.upgrade(db)
        print(f"schema of {db.label}: {before or 'empty'} -> {after}")
        if config is not None:
            applied = apply_config(db, config)
            print(
                f"applied {args.config}: {applied.services} services, {applied.counters} counters, "
                f"{applied.officers} officers, {applied.retired} retired"
            )
        elif args.demo:
            applied = load_demo(db)
            print(
                f"loaded the demo office: {applied.services} services, {applied.counters} counters"
            )
    return 0


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


def call(args: argparse.Namespace) -> int:
    with opened(args) as db:
        if args.ticket:
            ticket = calls.call_specific(
                db, args.counter, args.ticket, officer=args.officer, device="cli"
            )
        else:
            ticket = calls.call_next(db, args.counter, officer=args.officer, device="cli")
        _print_ticket(args, ticket)
    return 0


def counter_action(args: argparse.Namespace) -> int:
    with opened(args) as db:
        action = _COUNTER_ACTIONS[args.action]
        if args.action == "finish":
            action = functools.partial(calls.finish, outcome=args.outcome)
        ticket = action(db, args.counter, officer=args.officer, device="cli")
        _print_ticket(args, ticket)
    return 0


def _print_ticket(args: argparse.Namespace, ticket: TicketView) -> None:
    if args.json:
        output.emit_json(output.ticket_json(ticket))
    else:
        print(output.ticket_line(ticket))


def status(args: argparse.Namespace) -> int:
    with opened(args) as db:
        services = queries.service_statuses(db)
        counter_views = counters.list_counters(db)
        device_list = devices.device_statuses(db)
        timezone = queries.office_info(db).timezone
    if args.json:
        report = output.status_json(services, counter_views)
        report["devices"] = output.devices_json(device_list)
        output.emit_json(report)
    else:
        lines = output.status_lines(services, counter_views)
        lines += output.device_lines(device_list, timezone)
        print("\n".join(lines))
    return 0


def close_day(args: argparse.Namespace) -> int:
    with opened(args) as db:
        expired = days.expire_past_days(db)
    print(f"expired {expired} unfinished tickets of past days")
    return 0


def officer_add(args: argparse.Namespace) -> int:
    with opened(args) as db:
        added = officers.add_officer(db, args.login, args.name, args.role)
    print(
        f"added {added.role} {added.login} ({added.name}); set a PIN with "
        f"`walkin officer set-pin {added.login}`"
    )
    return 0


def officer_set_pin(args: argparse.Namespace) -> int:
    with opened(args) as db:
        pin = sys.stdin.readline().strip() if args.pin_stdin else _ask_pin()
        officers.set_pin(db, args.login, pin)
        print(f"PIN set for {args.login}")
    return 0


def _ask_pin() -> str:
    first = getpass.getpass("New PIN (digits only; the office sets the shortest): ")
    if getpass.getpass("Repeat the PIN: ") != first:
        raise UserError("the two PINs differ; nothing was changed")
    return first


def demo(args: argparse.Namespace) -> int:
    if args.speed <= 0:
        raise UserError(f"--speed must be positive, not {args.speed:g}")
    if args.web_port is not None and not 0 < args.web_port < 65536:
        raise UserError(f"--web-port must be 1-65535, not {args.web_port}")
    web_port = None if args.no_web else args.web_port
    return run_demo(
        args.db, apps=not args.no_apps, simulate=args.simulate, speed=args.speed, web_port=web_port
    )
