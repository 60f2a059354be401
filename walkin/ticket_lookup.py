"""`walkin ticket CODE [--json]`: today's ticket as the front desk sees it.

Its status, the step of its journey, the people ahead of it and the wait range, and the counter
it was called to. An unknown number exits with EXIT_UNKNOWN_TICKET (6), so that a script can
tell it from a database problem (1).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from db.errors import NotFound
from db.results import IssuedTicket
from db.services import front_desk
from walkin import output
from walkin.database import opened

EXIT_UNKNOWN_TICKET = 6


def show_ticket(args: argparse.Namespace) -> int:
    with opened(args) as db:
        try:
            found = front_desk.look_up(db, args.code)
        except NotFound:
            print(
                f"walkin: there is no ticket {args.code.strip().upper()!r} today "
                "(numbers restart every day; check the letter and the digits)",
                file=sys.stderr,
            )
            return EXIT_UNKNOWN_TICKET
    if args.json:
        output.emit_json(ticket_json(found))
    else:
        print(ticket_text(found))
    return 0


def ticket_json(found: IssuedTicket) -> dict[str, Any]:
    ticket = found.ticket
    wait = found.estimated_wait
    waiting = ticket.status == "waiting"
    return {
        **output.ticket_json(ticket),
        "service_name": ticket.service_name_en,
        "kind": ticket.kind,
        "people_ahead": found.people_ahead if waiting else None,
        "estimated_wait_minutes": [wait.low_minutes, wait.high_minutes] if wait else None,
        "issued_at": ticket.issued_at,
        "called_at": ticket.called_at,
        "finished_at": ticket.finished_at,
    }


def ticket_text(found: IssuedTicket) -> str:
    ticket = found.ticket
    lines = [output.ticket_line(ticket)]
    if ticket.status == "waiting":
        wait = found.estimated_wait
        estimate = f", about {wait.low_minutes}-{wait.high_minutes} min" if wait else ""
        lines.append(f"{found.people_ahead} ahead{estimate}")
    return "\n".join(lines)
