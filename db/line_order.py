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
    return Candidate(
        ticket.id,
        ticket.service_id,
        ticket.priority is not None,
        ticket.queued_at,
        appointment=ticket.kind is TicketKind.APPOINTMENT,
    )


# Every waiting ticket of a line (a service at one step) today: what the policy orders.
_LINE = select(Ticket.id, Ticket.service_id, Ticket.priority, Ticket.queued_at, Ticket.kind).where(
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
    waiting = [
        Candidate(id_, service, priority is not None, queued, kind is TicketKind.APPOINTMENT)
        for id_, service, priority, queued, kind in session.execute(_LINE, params)
    ]
    if not any(c.ticket_id == ticket.id for c in waiting):
        return 0  # called already, or over: nobody is ahead of it any more
    policy = office_policy(lookup.settings(session))
    order = call_order(waiting, policy, now=max(now, ticket.queued_at))
    return order.index(ticket.id)
