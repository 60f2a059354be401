"""Putting a ticket back in a line: shared by transfer, requeue and a supervisor's move."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from db.errors import InvalidTransition
from db.store import lookup
from db.store.models import Service, Ticket, TicketStatus


def back_to_waiting(ticket: Ticket, now: datetime, *, keep_place: bool) -> None:
    """The ticket waits again: at its original arrival time, or at the end of the line."""
    ticket.status = TicketStatus.WAITING
    ticket.counter_id = None
    ticket.called_at = ticket.serving_at = ticket.finished_at = None
    ticket.waiting_since = now
    if not keep_place:
        ticket.queued_at = now


def reroute(
    session: Session, ticket: Ticket, to_service: str, now: datetime, *, keep_place: bool
) -> dict[str, Any]:
    """Move the ticket to another service's line; returns the event details."""
    target = lookup.service(session, to_service)
    source = session.get_one(Service, ticket.service_id)
    if target.id == source.id:
        raise InvalidTransition(f"{ticket.code} is already in service {target.code}")
    ticket.service_id = target.id
    ticket.transfer_count += 1
    if not keep_place:
        ticket.queued_at = now
    return {"from": source.code, "to": target.code, "keep_place": keep_place}
