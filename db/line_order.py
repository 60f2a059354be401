"""The office's call-order policy applied to the database's rows: the policy of the office's
settings, a ticket as a candidate, and how many are ahead of a ticket in its line.

db/policy.py holds the rules themselves, pure and free of SQLAlchemy; this is the adapter.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from db import lookup
from db.models import OfficeSettings, Ticket, TicketKind
from db.policy import Candidate, InterleaveMode, PolicyMode, PriorityPolicy, call_order
from db.results import TicketView


def office_policy(office: OfficeSettings) -> PriorityPolicy:
    mode: PolicyMode = "strict" if office.priority_policy == "strict" else "ratio"
    interleave: InterleaveMode = (
        "appointments_first" if office.call_order_mode == "appointments_first" else "by_time"
    )
    return PriorityPolicy(
        mode,
        office.priority_ratio,
        office.fairness_minutes,
        interleave=interleave,
        max_in_row=office.call_order_max_in_row,
    )


def candidate(ticket: Ticket) -> Candidate:
    return line_candidate(
        ticket.id, ticket.service_id, ticket.priority, ticket.queued_at, ticket.kind
    )


# What the policy needs of a waiting ticket (see `line_candidate`).
LINE_COLUMNS = (Ticket.id, Ticket.service_id, Ticket.priority, Ticket.queued_at, Ticket.kind)
# Every waiting ticket of a line (a service at one step) today: what the policy orders.
_LINE = select(*LINE_COLUMNS).where(
    lookup.WAITING,
    Ticket.service_id == bindparam("service"),
    Ticket.step == bindparam("step"),
    Ticket.business_date == bindparam("day"),
)


def people_ahead(session: Session, ticket: Ticket | TicketView, now: datetime) -> int:
    """How many of its line the policy would call before the ticket: its place in `call_order`.

    Asked as of when the ticket is due (a booking checked in early is due at its session),
    with fresh streaks: a prediction, since arrivals and other counters change it later.
    """
    params = {"service": ticket.service_id, "step": ticket.step, "day": ticket.business_date}
    waiting = [line_candidate(*row) for row in session.execute(_LINE, params)]
    policy = office_policy(lookup.settings(session))
    # Not in the line: called already, or over, and nobody is ahead of it any more.
    return places(waiting, policy, max(now, ticket.queued_at)).get(ticket.id, 0)


def line_candidate(
    ticket_id: int, service_id: int, priority: str | None, queued_at: datetime, kind: TicketKind
) -> Candidate:
    """A waiting ticket as the policy sees it, from a row of `LINE_COLUMNS`."""
    appointment = kind is TicketKind.APPOINTMENT
    return Candidate(ticket_id, service_id, priority is not None, queued_at, appointment)


def places(waiting: list[Candidate], policy: PriorityPolicy, now: datetime) -> dict[int, int]:
    """Each waiting ticket's people ahead in its line: its index in the policy's call order."""
    return {
        ticket_id: place for place, ticket_id in enumerate(call_order(waiting, policy, now=now))
    }
