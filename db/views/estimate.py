"""The estimated wait and the day's queue end, from the office's workload (see db.rules.workload).

Per line (a service's step): the recent median minutes of its finished steps; the visits in
the office and booked to come; the open counters and the lines they serve. Shown as a range,
and not at all until there are enough recent services to take a median of.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Select,
    String,
    bindparam,
    func,
    literal,
    select,
    text,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from db.results import WaitEstimate
from db.rules.clock import business_date
from db.rules.workload import Line, OfficeLoad, ServiceLoad, first_call_minutes, queue_end_minutes
from db.store.lookup import OPEN
from db.store.models import (
    Appointment,
    Counter,
    CounterService,
    CounterState,
    OfficeSettings,
    Service,
    Ticket,
    TicketStatus,
    TicketStep,
)

SAMPLE_SIZE = 30
MIN_SAMPLES = 5
LOOKBACK = timedelta(days=14)


# A literal predicate, the partial index's own: PostgreSQL uses a partial index only when it can
# prove the index's WHERE at planning time, which a bound parameter does not allow.
_FINISHED_STEP = text("ticket_steps.ended = 'finished'") & (
    TicketStep.ended_at >= bindparam("since")
)


def _median(rows: Sequence[Sequence[Any]]) -> float | None:
    durations = [
        (ended - start).total_seconds() / 60
        for called, serving, ended in rows
        if ended is not None and (start := serving or called) is not None
    ]
    if len(durations) < MIN_SAMPLES:
        return None
    return float(statistics.median(durations))


def estimate_wait(
    session: Session,
    service_id: int,
    people_ahead: int,
    now: datetime,
    step: int = 1,
    *,
    day: date | None = None,
) -> WaitEstimate | None:
    """The wait for a ticket's next call, from the office's whole workload (db.rules.workload).

    `day`: the office's business day at `now`, when the caller knows it (saves a query)."""
    return wait_from(office_load(session, now, day=day), service_id, people_ahead, step)


def wait_from(
    load: OfficeLoad, service_id: int, people_ahead: int, step: int = 1
) -> WaitEstimate | None:
    minutes = first_call_minutes(load, service_id, people_ahead, step)
    return None if minutes is None else wait_range(minutes, people_ahead)


def queue_end(load: OfficeLoad, service_id: int) -> timedelta | None:
    """How long the service's visits (and one more) take to pass every step, if known.

    None when there are too few recent services to take a median of, or no open counter serves
    a step (then nobody can say when the queue ends, and nothing is refused on a guess).
    """
    minutes = queue_end_minutes(load, service_id, extra_visits=1)
    return None if minutes is None else timedelta(minutes=minutes)


def with_newcomer(load: OfficeLoad, service_id: int, *, was_booked: bool) -> OfficeLoad:
    """The load once a ticket about to be issued waits at its service's first step: the
    load that a read just after its commit would find. `was_booked`: it is a booking that
    was counted as still to come."""
    service = load.services.get(service_id)
    if service is None:
        return load
    waiting = dict(service.waiting)
    waiting[1] = waiting.get(1, 0) + 1
    booked = max(0, service.booked - 1) if was_booked else service.booked
    services = dict(load.services)
    services[service_id] = replace(service, waiting=waiting, booked=booked)
    return replace(load, services=services)


# The office's open work in one round trip: tickets by service, step and status; bookings
# still to come by service; and the lines of every open counter. Each part's rows are
# (kind, service id, step, status, number): another read of that shape may join the union
# (db.services.ticket_plan adds a ticket's line counts).
LOAD_PARTS: tuple[Select[str, int, int, str, int], ...] = (
    select(
        literal("ticket"),
        Ticket.service_id,
        Ticket.step,
        type_coerce(Ticket.status, String),
        func.count(),
    )
    .where(Ticket.business_date == bindparam("day"), OPEN)
    .group_by(Ticket.service_id, Ticket.step, Ticket.status),
    select(literal("booked"), Appointment.service_id, literal(0), literal(""), func.count())
    .where(
        Appointment.business_date == bindparam("day"),
        Appointment.ticket_id.is_(None),
        Appointment.released_at.is_(None),
    )
    .group_by(Appointment.service_id),
    select(
        literal("counter"),
        CounterService.service_id,
        CounterService.step,
        literal(""),
        CounterService.counter_id,
    )
    .join(Counter, Counter.id == CounterService.counter_id)
    .where(Counter.state == CounterState.OPEN, Counter.active.is_(True)),
    select(literal("steps"), Service.id, Service.step_count, literal(""), literal(0)).where(
        Service.active.is_(True)
    ),
)
_LOAD: CompoundSelect[Any] = union_all(*LOAD_PARTS)


def office_load(session: Session, now: datetime, *, day: date | None = None) -> OfficeLoad:
    """Everything db.rules.workload needs, in two round trips (the load, then the lines' medians).

    `day`: the office's business day at `now`, when the caller knows it (saves a query)."""
    if day is None:
        day = business_date(now, session.get_one(OfficeSettings, 1).timezone)
    return office_load_from(session, session.connection().execute(_LOAD, {"day": day}), now)


def office_load_from(session: Session, rows: Iterable[Sequence[Any]], now: datetime) -> OfficeLoad:
    """The load from the rows of LOAD_PARTS, rows of other kinds left out (and the lines'
    medians: a second round trip, but for a few seconds after another read asked for them)."""
    steps: dict[int, int] = {}
    waiting: dict[int, dict[int, int]] = {}
    active: dict[int, dict[int, int]] = {}
    booked: dict[int, int] = {}
    counters: dict[int, set[Line]] = {}
    served: list[tuple[int, int, int]] = []
    for kind, service_id, step, status, number in rows:
        if kind == "steps":
            steps[service_id] = step
        elif kind == "booked":
            booked[service_id] = number
        elif kind == "counter":
            served.append((number, service_id, step))
        elif kind == "ticket":
            into = waiting if status == TicketStatus.WAITING.value else active
            into.setdefault(service_id, {})[step] = number
    for counter_id, service_id, step in served:
        every = range(1, steps.get(service_id, 1) + 1) if step == 0 else (step,)
        counters.setdefault(counter_id, set()).update(Line(service_id, s) for s in every)
    services = {
        service_id: ServiceLoad(
            steps=count,
            waiting=waiting.get(service_id, {}),
            active=active.get(service_id, {}),
            booked=booked.get(service_id, 0),
        )
        for service_id, count in steps.items()
    }
    lines = sorted({line for served_lines in counters.values() for line in served_lines})
    medians = _line_medians(session, lines, now)
    return OfficeLoad(services, medians, [frozenset(c) for c in counters.values()])


def _line_medians(session: Session, lines: list[Line], now: datetime) -> dict[Line, float]:
    if not lines:
        return {}
    key = (session.get_bind().engine.url.render_as_string(), tuple(lines))
    cached = _recent_medians.get(key)
    if cached is not None and abs(now - cached[0]) < MEDIANS_FRESH:
        return cached[1]
    params: dict[str, object] = {"since": now - LOOKBACK}
    for i, line in enumerate(lines):
        params[f"service_{i}"], params[f"step_{i}"] = line.service_id, line.step
    rows: dict[int, list[Sequence[Any]]] = {}
    for row in session.connection().execute(_medians_query(len(lines)), params):
        rows.setdefault(row[0], []).append(row[1:])
    medians = {line: _median(rows.get(i, [])) for i, line in enumerate(lines)}
    found = {line: value for line, value in medians.items() if value is not None}
    _recent_medians[key] = (now, found)
    return found


# The lines' medians move only as steps finish, and by little: every issued ticket asks for
# them, so a process keeps them for a few seconds of office time (forgetting them when it
# finishes a step itself) instead of reading thirty finished steps per line each time.
MEDIANS_FRESH = timedelta(seconds=30)
_recent_medians: dict[tuple[str, tuple[Line, ...]], tuple[datetime, dict[Line, float]]] = {}


def forget_medians() -> None:
    """Drop the medians this process keeps: a step it finished changes them."""
    _recent_medians.clear()


@functools.lru_cache(maxsize=16)
def _medians_query(lines: int) -> CompoundSelect[Any]:
    """The latest finished steps of each line: one LIMIT subquery per line (index scans)."""
    parts = []
    for i in range(lines):
        recent = (
            select(TicketStep.called_at, TicketStep.serving_at, TicketStep.ended_at)
            .where(
                TicketStep.service_id == bindparam(f"service_{i}"),
                TicketStep.step == bindparam(f"step_{i}"),
                _FINISHED_STEP,
            )
            .order_by(TicketStep.ended_at.desc())
            .limit(SAMPLE_SIZE)
            .subquery()
        )
        parts.append(select(literal(i), recent.c.called_at, recent.c.serving_at, recent.c.ended_at))
    return union_all(*parts)


def wait_range(expected_minutes: float, people_ahead: int = 0) -> WaitEstimate:
    """A range around the expected wait, rounded outwards to 5 minutes.

    With people ahead it never starts at 0: nobody ahead of you is served in no time.
    """
    low = 5 * math.floor(expected_minutes * 0.75 / 5)
    if people_ahead > 0:
        low = max(low, 5 if expected_minutes >= 5 else 1)
    high = max(5, 5 * math.ceil(expected_minutes * 1.35 / 5))
    return WaitEstimate(low, max(high, low))
