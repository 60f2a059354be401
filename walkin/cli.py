"""`walkin`: one command with subcommands for administrators, staff, scripts and tests.

Exit codes: 0 done; 1 a user error (one line on stderr, no traceback); 2 bad usage;
3 nobody is waiting (`walkin call`); 4 the ticket exists but printing failed or was not
confirmed by the printer (`walkin issue --print`, `walkin reprint`); 5 some rows of a booking
list were rejected (the valid rows were loaded: `walkin appointments import`); 6 there is no
such ticket today (`walkin ticket`).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from db.demo_office import DEMO_WEB_PORT
from db.errors import NobodyWaiting, UserError
from ticket_printer.target import ENV_PRINTER
from walkin import subparsers
from walkin.dispatch import Handler

# Each app registers its own subcommand (`walkin kiosk`, ...); its module imports Qt lazily so
# that the administrative commands start fast and work without a display. Like the modules of
# the other commands, these import only the parser's needs at the top (tests/unit/walkin/
# test_startup.py): each command loads what it uses when it runs.
APP_COMMANDS: tuple[str, ...] = ("kiosk.cli", "counter_app.cli", "display_board.cli", "web.cli")
COUNTER_ACTIONS_HELP = {
    "finish": "finish the counter's current ticket",
    "recall": "announce the counter's called ticket again",
    "no-show": "the called applicant did not come",
    "serve": "start serving the called ticket",
}

EXIT_USER_ERROR = 1
EXIT_NOBODY_WAITING = 3


if TYPE_CHECKING:  # the class is generic only to the type checker
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="walkin", description="Walk-in queue system")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: $WALKIN_DB, else a SQLite file in your data folder)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _init_parser(sub)
    _ticket_parsers(sub)
    _counter_parsers(sub)
    _json(sub.add_parser("status", help="services, queues and counters today")).set_defaults(
        handler=Handler("walkin.status:show")
    )
    sub.add_parser("close-day", help="expire unfinished tickets of past days").set_defaults(
        handler=Handler("walkin.commands:close_day")
    )
    _officer_parser(sub)
    _demo_parser(sub)
    subparsers.register_admin(sub)
    subparsers.register_bookings(sub)
    subparsers.register_ticket_lookup(sub)
    subparsers.register_central(sub)
    subparsers.register_report(sub)
    subparsers.register_retention(sub)
    for module in APP_COMMANDS:
        importlib.import_module(module).register(sub)
    return parser


def _init_parser(sub: Subparsers) -> None:
    init = sub.add_parser("init", help="create or upgrade the schema; apply an office config")
    source = init.add_mutually_exclusive_group()
    source.add_argument("--config", metavar="FILE", help="office configuration (TOML)")
    source.add_argument("--demo", action="store_true", help="load the demo office")
    init.set_defaults(handler=Handler("walkin.commands:init"))


def _ticket_parsers(sub: Subparsers) -> None:
    """`issue`, `reprint` and `ticket-preview`."""
    issue = sub.add_parser("issue", help="issue a ticket (e.g. for a phone caller)")
    issue.add_argument("service", help="service code, e.g. A")
    issue.add_argument(
        "--priority", metavar="CATEGORY", help="lansia, disabilitas, ibu_hamil or balita"
    )
    issue.add_argument(
        "--key",
        metavar="KEY",
        help="idempotency key: the same key never gives a second ticket (default: a new one)",
    )
    issue.add_argument("--print", action="store_true", help="print the ticket")
    _printer_options(issue)
    _json(issue).set_defaults(handler=Handler("walkin.issuing:issue"))

    again = sub.add_parser("reprint", help="print today's ticket CODE again")
    again.add_argument("code", help="ticket number, e.g. A001")
    _printer_options(again)
    again.set_defaults(handler=Handler("walkin.issuing:reprint"))

    preview = sub.add_parser("ticket-preview", help="render today's ticket CODE as printed (PNG)")
    preview.add_argument("code", help="ticket number, e.g. A001")
    preview.add_argument("--out", metavar="FILE", required=True, help="the PNG file to write")
    preview.add_argument("--paper", type=int, choices=[58, 80], default=80, help="paper width, mm")
    preview.add_argument("--qr-url", metavar="TEMPLATE", help="e.g. http://queue.lan/t/{code}")
    preview.set_defaults(handler=Handler("walkin.issuing:ticket_preview"))


def _printer_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--printer", metavar="URL", help=f"default: ${ENV_PRINTER}")
    parser.add_argument("--paper", type=int, choices=[58, 80], default=80, help="paper width, mm")


def _counter_parsers(sub: Subparsers) -> None:
    """`call` and the other counter actions (recall, no-show, serve, finish, ...)."""
    call = sub.add_parser("call", help="call the next ticket (or --ticket CODE) to a counter")
    call.add_argument("counter", type=int)
    call.add_argument("--officer", metavar="LOGIN")
    call.add_argument("--ticket", metavar="CODE", help="call this ticket instead of the next")
    _json(call).set_defaults(handler=Handler("walkin.commands:call"))

    for name, text in COUNTER_ACTIONS_HELP.items():
        action = sub.add_parser(name, help=text)
        action.add_argument("counter", type=int)
        action.add_argument("--officer", metavar="LOGIN")
        if name == "finish":
            action.add_argument(
                "--outcome", metavar="CODE", help="the step's outcome (default: the office's first)"
            )
        _json(action).set_defaults(handler=Handler("walkin.commands:counter_action"), action=name)


def _demo_parser(sub: Subparsers) -> None:
    demo = sub.add_parser("demo", help="run the demo office: kiosk, counter 1 and display")
    demo.add_argument("--no-apps", action="store_true", help="print a short morning instead")
    demo.add_argument(
        "--simulate", action="store_true", help="add simulated applicants and officers (2-5)"
    )
    demo.add_argument(
        "--speed", type=float, default=1.0, help="with --simulate: simulated seconds per second"
    )
    demo.add_argument(
        "--web-port",
        type=int,
        default=DEMO_WEB_PORT,
        metavar="PORT",
        help=f"port of the phone pages on localhost (default {DEMO_WEB_PORT})",
    )
    demo.add_argument("--no-web", action="store_true", help="no phone pages, no QR links")
    demo.set_defaults(handler=Handler("walkin.commands:demo"))


def _officer_parser(sub: Subparsers) -> None:
    officer = sub.add_parser("officer", help="add officers, set PINs")
    osub = officer.add_subparsers(dest="officer_command", required=True, metavar="ACTION")
    add = osub.add_parser("add", help="add an officer")
    add.add_argument("login")
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=["officer", "supervisor", "front_desk"], default="officer")
    add.set_defaults(handler=Handler("walkin.commands:officer_add"))
    pin = osub.add_parser("set-pin", help="set an officer's PIN (asked twice, not echoed)")
    pin.add_argument("login")
    pin.add_argument("--pin-stdin", action="store_true", help="read the PIN from stdin")
    pin.set_defaults(handler=Handler("walkin.commands:officer_set_pin"))


def _json(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.handler(args)
    except NobodyWaiting as error:
        print(f"walkin: {error}", file=sys.stderr)
        return EXIT_NOBODY_WAITING
    except UserError as error:
        print(f"walkin: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    return result
