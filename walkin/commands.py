"""The handlers behind the plain `walkin` subcommands: parse nothing, call the service layer, print.

Issuing and printing tickets are in `walkin.issuing` (they load the printer library).
"""

from __future__ import annotations

import argparse
import functools
import getpass
import sys
from pathlib import Path

from db.errors import UserError
from db.office_config import load_config
from db.ops.setup import apply_config, load_demo
from db.results import TicketView
from db.services import calls, days, officers
from db.store import schema
from walkin import output
from walkin.database import opened

_COUNTER_ACTIONS = {
    "finish": calls.finish,
    "recall": calls.recall,
    "no-show": calls.mark_no_show,
    "serve": calls.start_serving,
}


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
    from walkin.demo import run_demo  # lazily: it loads the simulator and the apps' launcher

    return run_demo(
        args.db, apps=not args.no_apps, simulate=args.simulate, speed=args.speed, web_port=web_port
    )
