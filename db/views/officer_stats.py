"""Today's figures for one officer: how many applicants they served, and how long a service took."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from db.rules.clock import utcnow
from db.store import lookup
from db.store.engine import Database, read
from db.store.lifecycle import TRANSITIONS, Action
from db.store.models import TicketStep


@dataclass(frozen=True)
class OfficerFigures:
    login: str
    served: int  # steps this officer called and finished today
    no_shows: int  # calls of this officer's that ended in a no-show today
    median_service_seconds: float | None  # from start of service (else the call) to finish


def officer_figures(db: Database, login: str, *, now: datetime | None = None) -> OfficerFigures:
    """Counted from today's steps the officer called (`ticket_steps`), so a shared counter does
    not blur them and each step of a journey counts once."""
    now = now or utcnow()
    with read(db) as session:
        officer = lookup.officer(session, login)
        day = lookup.today(session, now)
        rows = session.execute(_STEPS, {"officer": officer.id, "day": day})
        durations: list[float] = []
        no_shows = 0
        for ended, serving, called, ended_at in rows:
            if ended == _NO_SHOW:
                no_shows += 1
            elif ended_at is not None:
                durations.append((ended_at - (serving or called)).total_seconds())
        return OfficerFigures(
            login=officer.login,
            served=len(durations),
            no_shows=no_shows,
            median_service_seconds=statistics.median(durations) if durations else None,
        )


_FINISHED = TRANSITIONS[Action.FINISH].step_end
_NO_SHOW = TRANSITIONS[Action.NO_SHOW].step_end
_STEPS = select(
    TicketStep.ended, TicketStep.serving_at, TicketStep.called_at, TicketStep.ended_at
).where(
    TicketStep.officer_id == bindparam("officer"),
    TicketStep.business_date == bindparam("day"),
    TicketStep.ended.in_((_FINISHED, _NO_SHOW)),
)
