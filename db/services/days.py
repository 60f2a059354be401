"""Day-level operations: closing past days, requeueing no-shows, cancelling tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.results import TicketView
from db.rules.clock import utcnow
from db.services.journey import close_step
from db.services.ticket_moves import back_to_waiting
from db.store import lookup
from db.store.engine import Database, write
from db.store.events import record
from db.store.lifecycle import ACTIVE, TRANSITIONS, Action, event_kind, require
from db.store.models import Counter, Ticket, TicketStatus

OPEN_STATUSES = tuple(TRANSITIONS[Action.EXPIRE].allowed)


def expire_past_days(db: Database, *, now: datetime | None = None) -> int:
    """Expire every unfinished ticket of an earlier business day (each with its event).

    Nothing is deleted: the tickets stay for the reports, in state `expired`.
    """
    now = now or utcnow()
    with write(db) as session:
        today = lookup.today(session, now)
        stale = session.scalars(
            select(Ticket)
            .where(Ticket.business_date < today, Ticket.status.in_(OPEN_STATUSES))
            .with_for_update()
        ).all()
        for ticket in stale:
            previous = str(ticket.status)
            if ticket.status in ACTIVE:
                close_step(session, ticket, Action.EXPIRE, now)
            ticket.status = TicketStatus.EXPIRED
            ticket.finished_at = now
            session.flush()
            record(session, event_kind(Action.EXPIRE), now, ticket=ticket, previous=previous)
        if stale:
            for counter in session.scalars(select(Counter)):
                counter.priority_streak = 0
        return len(stale)


def requeue(
    db: Database,
    code: str,
    *,
    keep_place: bool = False,
    officer: str | None = None,
    device: str | None = None,
    now: datetime | None = None,
) -> TicketView:
    """Put a no-show back in the queue: at the end, or at its original place."""
    now = now or utcnow()
    with write(db) as session:
        ticket = lookup.ticket_by_code(session, code, lookup.today(session, now))
        require(ticket.code, ticket.status, Action.REQUEUE)
        back_to_waiting(ticket, now, keep_place=keep_place)
        officer_id = lookup.officer(session, officer).id if officer else None
        session.flush()
        record(
            session,
            event_kind(Action.REQUEUE),
            now,
            ticket=ticket,
            officer_id=officer_id,
            device=device,
            keep_place=keep_place,
        )
        return lookup.view(session, ticket)


def cancel_ticket(
    db: Database,
    code: str,
    *,
    supervisor: str,
    reason: str = "",
    device: str | None = None,
    now: datetime | None = None,
) -> TicketView:
    """A supervisor cancels a waiting (or no-show) ticket; the reason goes in the event."""
    now = now or utcnow()
    with write(db) as session:
        boss = lookup.supervisor(session, supervisor)
        ticket = lookup.ticket_by_code(session, code, lookup.today(session, now))
        return cancel_in_session(session, ticket, now, boss.id, device, reason=reason)


def cancel_in_session(
    session: Session,
    ticket: Ticket,
    now: datetime,
    officer_id: int,
    device: str | None,
    **details: Any,
) -> TicketView:
    """Cancel `ticket` inside the caller's write transaction, with its event."""
    require(ticket.code, ticket.status, Action.CANCEL)
    ticket.status = TicketStatus.CANCELLED
    ticket.finished_at = now
    session.flush()
    record(
        session,
        event_kind(Action.CANCEL),
        now,
        ticket=ticket,
        officer_id=officer_id,
        device=device,
        **details,
    )
    return lookup.view(session, ticket)
