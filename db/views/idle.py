"""Counter idle time: how long open counters waited between applicants.

A gap starts when a counter's ticket ends (finished, no-show, transferred) or the counter is
resumed, and ends at its next call on the same office-local day. A pause is not idle time, nor is
the night. Computed in the database with `LEAD()` over the counter's events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Float, cast, func, select
from sqlalchemy.orm import Session

from db.store.lifecycle import COUNTER_PAUSED, COUNTER_RESUMED, Action, event_kind
from db.store.models import Counter, Event

# The events that end a counter's work on a ticket (or a pause), and the call after them.
ENDS = (
    *(event_kind(a) for a in (Action.FINISH, Action.NO_SHOW, Action.TRANSFER)),
    COUNTER_RESUMED,
)
KINDS = (*ENDS, event_kind(Action.CALL), COUNTER_PAUSED)


@dataclass(frozen=True)
class CounterIdle:
    counter: int
    gaps: int
    idle_minutes: float

    @property
    def mean_gap_minutes(self) -> float | None:
        return self.idle_minutes / self.gaps if self.gaps else None


def counter_idle(
    session: Session, start: date, end: date, timezone: str
) -> tuple[CounterIdle, ...]:
    """Idle time per counter over the office-local days `start` to `end` (inclusive)."""
    zone = ZoneInfo(timezone)
    since = datetime.combine(start, time(0), zone)
    until = datetime.combine(end + timedelta(days=1), time(0), zone)
    order = (Event.at, Event.id)
    sequence = (
        select(
            Event.counter_id,
            Event.kind,
            Event.at,
            func.lead(Event.kind).over(partition_by=Event.counter_id, order_by=order).label("nk"),
            func.lead(Event.at).over(partition_by=Event.counter_id, order_by=order).label("nat"),
        )
        .where(Event.counter_id.is_not(None), Event.kind.in_(KINDS))
        .where(Event.at >= since, Event.at < until)
        .subquery()
    )
    dialect = session.get_bind().dialect.name
    seconds = _seconds(dialect, sequence.c.at, sequence.c.nat)
    rows = session.execute(
        select(Counter.number, func.count(), func.sum(seconds))
        .join(Counter, Counter.id == sequence.c.counter_id)
        .where(sequence.c.kind.in_(ENDS), sequence.c.nk == event_kind(Action.CALL))
        .where(_day(dialect, timezone, sequence.c.at) == _day(dialect, timezone, sequence.c.nat))
        .group_by(Counter.number)
        .order_by(Counter.number)
    ).all()
    return tuple(CounterIdle(n, gaps, round((total or 0) / 60, 1)) for n, gaps, total in rows)


def _seconds(dialect: str, begin: Any, finish: Any) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return (func.julianday(finish) - func.julianday(begin)) * 86400.0
    return cast(func.extract("epoch", finish - begin), Float)


def _day(dialect: str, timezone: str, moment: Any) -> ColumnElement[Any]:
    if dialect == "sqlite":  # naive UTC text there; the office zone's offset now (WIB has no DST)
        offset = datetime.now(ZoneInfo(timezone)).utcoffset() or timedelta(0)
        return func.date(moment, f"{int(offset.total_seconds() // 60):+d} minutes")
    return func.date(func.timezone(timezone, moment))
