"""Retention: forget the booking codes and phone tokens of finished days, keep every figure.

A booking code (M-Paspor) and a ticket's phone token each point at one applicant; once the day
is over neither serves the queue any more, so UU PDP 27/2022 (data minimisation, limited
retention) asks that they go. What the reports read stays: the appointment row keeps its day,
session, service, punctuality and release, its code replaced by "purged-<id>" (lowercase: no
booking code can look like it, and it reveals nothing); the ticket row keeps its times. The
kiosk's idempotency keys go too: they link a ticket to one kiosk request.

A purge covers whole business days before a date; it never touches today, and refuses while a
day in range still has open tickets (close the day first), so no one's phone link breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, cast, func, literal, select, update
from sqlalchemy.orm import Session

from db.errors import UserError
from db.rules.clock import utcnow
from db.services.days import OPEN_STATUSES
from db.store import lookup
from db.store.engine import Database, write
from db.store.events import record
from db.store.models import Appointment, Ticket

PLACEHOLDER_PREFIX = "purged-"


class PurgeRefused(UserError):
    """The purge would reach today, or a day whose tickets are still open."""


@dataclass(frozen=True)
class Purged:
    before: date
    booking_codes: int  # appointments whose code was replaced
    tokens: int  # tickets whose phone link was removed
    idempotency_keys: int
    dry_run: bool


def purge(
    db: Database, before: date, *, dry_run: bool = False, now: datetime | None = None
) -> Purged:
    """Remove the codes and tokens of business days before `before`, in one transaction with
    one event (which holds only the counts); `dry_run`: count them, change nothing.

    Raises:
        PurgeRefused: `before` is after today, or a day before it has open tickets.
    """
    now = now or utcnow()
    with write(db) as session:
        _check(session, before, lookup.today(session, now))
        found = _counts(session, before)
        if not dry_run and any(found.values()):
            _forget(session, before)
            record(
                session,
                "purged",
                now,
                before=before.isoformat(),
                booking_codes=found["booking_codes"],
                tokens=found["tokens"],
                idempotency_keys=found["idempotency_keys"],
            )
        return Purged(before, dry_run=dry_run, **found)


def _check(session: Session, before: date, today: date) -> None:
    if before > today:
        raise PurgeRefused(
            f"--before {before} would reach today ({today}) or later: "
            "codes and tokens are purged only for finished days"
        )
    open_days = session.scalars(
        select(Ticket.business_date)
        .where(Ticket.business_date < before, Ticket.status.in_(OPEN_STATUSES))
        .group_by(Ticket.business_date)
        .order_by(Ticket.business_date)
    ).all()
    if open_days:
        days = ", ".join(str(d) for d in open_days)
        raise PurgeRefused(f"tickets of {days} are still open: close the day first (close-day)")


def _booked(before: date) -> Any:
    return (Appointment.business_date < before) & ~Appointment.booking_code.startswith(
        PLACEHOLDER_PREFIX, autoescape=True
    )


def _counts(session: Session, before: date) -> dict[str, int]:
    old = Ticket.business_date < before
    queries = {
        "booking_codes": select(func.count()).where(_booked(before)),
        "tokens": select(func.count()).where(old, Ticket.token.is_not(None)),
        "idempotency_keys": select(func.count()).where(old, Ticket.idempotency_key.is_not(None)),
    }
    return {name: int(session.scalar(query) or 0) for name, query in queries.items()}


def _forget(session: Session, before: date) -> None:
    placeholder = literal(PLACEHOLDER_PREFIX) + cast(Appointment.id, String)
    session.execute(
        update(Appointment)
        .where(_booked(before))
        .values(booking_code=placeholder)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Ticket)
        .where(Ticket.business_date < before)
        .values(token=None, idempotency_key=None)
        .execution_options(synchronize_session=False)
    )
