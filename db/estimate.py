"""The estimated wait: people ahead x recent median service time / counters serving the service.

Shown as a range, and not at all until there are enough recent services to take a median of.
"""

from __future__ import annotations

import math
import statistics
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from db.models import Counter, CounterService, CounterState, Ticket, TicketStatus
from db.results import WaitEstimate

SAMPLE_SIZE = 30
MIN_SAMPLES = 5
LOOKBACK = timedelta(days=14)


# Built once with bound parameters (these run on every issued ticket): building a statement
# costs about as much Python time as running it, and a prebuilt one keeps its cache key.
_RECENT = (
    select(Ticket.called_at, Ticket.serving_at, Ticket.finished_at)
    .where(
        Ticket.service_id == bindparam("service"),
        Ticket.status == TicketStatus.FINISHED,
        Ticket.finished_at >= bindparam("since"),
    )
    .order_by(Ticket.finished_at.desc())
    .limit(SAMPLE_SIZE)
)

# How many open counters serve the service `:service`.
OPEN_COUNTERS = (
    select(func.count())
    .select_from(Counter)
    .join(CounterService, CounterService.counter_id == Counter.id)
    .where(
        CounterService.service_id == bindparam("service"),
        Counter.state == CounterState.OPEN,
        Counter.active.is_(True),
    )
)


def recent_median_minutes(session: Session, service_id: int, now: datetime) -> float | None:
    """Median minutes from call (or start) to finish over the service's latest tickets."""
    rows = session.execute(_RECENT, {"service": service_id, "since": now - LOOKBACK}).all()
    durations = [
        (finished - start).total_seconds() / 60
        for called, serving, finished in rows
        if finished is not None and (start := serving or called) is not None
    ]
    if len(durations) < MIN_SAMPLES:
        return None
    return statistics.median(durations)


def open_counters(session: Session, service_id: int) -> int:
    return session.scalar(OPEN_COUNTERS, {"service": service_id}) or 0


def estimate_wait(
    session: Session,
    service_id: int,
    people_ahead: int,
    now: datetime,
    *,
    counters: int | None = None,
) -> WaitEstimate | None:
    """`counters`: the open counters serving the service, when the caller already counted them."""
    median = recent_median_minutes(session, service_id, now)
    if counters is None:
        counters = open_counters(session, service_id)
    if median is None or counters == 0:
        return None
    return wait_range(people_ahead * median / counters)


def queue_duration(
    session: Session, service_id: int, people: int, now: datetime
) -> timedelta | None:
    """How long serving `people` applicants of a service takes at the recent pace, if known.

    None when there are too few recent services to take a median of, or no open counter serves
    the service (then nobody can say when the queue ends, and nothing is refused on a guess).
    """
    median = recent_median_minutes(session, service_id, now)
    counters = open_counters(session, service_id)
    if median is None or counters == 0:
        return None
    return timedelta(minutes=people * median / counters)


def wait_range(expected_minutes: float) -> WaitEstimate:
    """A range around the expected wait, rounded outwards to 5 minutes."""
    low = 5 * math.floor(expected_minutes * 0.75 / 5)
    high = max(5, 5 * math.ceil(expected_minutes * 1.35 / 5))
    return WaitEstimate(low, high)
