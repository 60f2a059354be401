"""Today's figures for one officer: how many applicants they served, and how long a service took."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from db import lookup
from db.clock import utcnow
from db.engine import Database, read
from db.models import Event, Ticket


@dataclass(frozen=True)
class OfficerFigures:
    login: str
    served: int  # tickets this officer finished today
    no_shows: int  # tickets this officer marked no-show today
    median_service_seconds: float | None  # from start of service (else the call) to finish


def officer_figures(db: Database, login: str, *, now: datetime | None = None) -> OfficerFigures:
    """Counted from the officer's own events of today, so a shared counter does not blur them."""
    now = now or utcnow()
    with read(db) as session:
        officer = lookup.officer(session, login)
        day = lookup.today(session, now)
        today_of_officer = (
            Event.officer_id == officer.id,
            Ticket.business_date == day,
        )
        rows = session.execute(
            select(Ticket.serving_at, Ticket.called_at, Ticket.finished_at)
            .join(Event, Event.ticket_id == Ticket.id)
            .where(Event.kind == "finished", *today_of_officer)
        )
        durations = [
            (finished - start).total_seconds()
            for serving, called, finished in rows
            if finished is not None and (start := serving or called) is not None
        ]
        no_shows = session.scalar(
            select(func.count())
            .select_from(Event)
            .join(Ticket, Ticket.id == Event.ticket_id)
            .where(Event.kind == "no_show", *today_of_officer)
        )
        return OfficerFigures(
            login=officer.login,
            served=len(durations),
            no_shows=no_shows or 0,
            median_service_seconds=statistics.median(durations) if durations else None,
        )
