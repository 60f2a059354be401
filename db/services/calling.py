"""Calling the next ticket in two short steps, as a ticket is issued (db.services.ticket_plan).

1. `plan_call` (one read, two for a counter serving a journey's steps): the counter, whether
   it is open and free, the lines it calls from, their services and the office's call-order
   policy;
2. `claim_next` (the write transaction, on a bare connection): the lines' heads, the policy's
   choice among them and the call's rows, nothing else.

A counter found free by the read may have been given a ticket by a second press in between:
the one-active-ticket-per-counter index refuses the later call, which `call_next` answers
with CounterBusy, as when the read sees it.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, select, union_all, update
from sqlalchemy.orm import Session, aliased

from db.errors import CounterBusy, CounterPaused, NobodyWaiting, NotFound
from db.results import TicketView
from db.rules.clock import local_time
from db.rules.policy import Choice, PriorityPolicy, choose_next
from db.services.call_write_pg import call_in_one_statement
from db.services.journey import open_step_row
from db.services.line_order import line_candidate, office_policy
from db.services.ticket_rules import OFFICE_COLUMNS, THE_OFFICE, office_rules_from
from db.store import lookup
from db.store.events import About, record_row
from db.store.lifecycle import Action, event_kind
from db.store.models import (
    Counter,
    CounterService,
    CounterState,
    OfficeSettings,
    Service,
    ServiceStep,
    Ticket,
    TicketKind,
    TicketStatus,
)

# PostgreSQL: when every head is momentarily locked by counters calling at the same instant,
# look again before saying nobody waits (they release the heads they did not choose).
CLAIM_ROUNDS = 3
CLAIM_PAUSE_S = 0.01


@dataclass(frozen=True)
class Line:
    """A line a counter calls from: a service, at one step of its journey or (0) at any."""

    service_id: int
    step: int


@dataclass(frozen=True)
class ServedService:
    """A service a counter calls from, as the called ticket's view shows it."""

    id: int
    code: str
    name_id: str
    name_en: str
    step_count: int


@dataclass(frozen=True)
class CallPlan:
    """A counter checked open and free, with everything its call's write needs."""

    counter_id: int
    counter_number: int
    officer_id: int | None
    priority_streak: int
    appointment_streak: int
    policy: PriorityPolicy
    day: date
    lines: tuple[Line, ...]
    weights: dict[int, int]  # service id -> the heaviest weight the counter gives it
    services: dict[int, ServedService]
    step_names: dict[tuple[int, int], tuple[str, str]]  # (service, step) -> (id, en)


def plan_call(session: Session, number: int, officer: str | None, now: datetime) -> CallPlan:
    """Check that counter `number` may call now, and read what its call needs.

    Raises:
        CounterPaused, CounterBusy, NotFound.
    """
    # Core statements on the session's connection: the ORM's execute costs more than they do.
    connection = session.connection()
    rows = connection.execute(_COUNTER_AND_LINES, {"number": number}).all()
    if not rows:
        raise NotFound(f"there is no counter {number}")
    row = rows[0]
    if row.state is not CounterState.OPEN:
        raise CounterPaused(f"counter {number} is {row.state}: resume it first")
    if row.code is not None:
        raise CounterBusy(
            f"counter {number} already has {row.code} ({row.status}): "
            "finish it, mark it no-show or transfer it first",
            ticket=row.code,
        )
    office = office_rules_from(session, row)
    served = [line for line in rows if line.service_id is not None]
    weights: dict[int, int] = {}
    for line in served:
        weights[line.service_id] = max(line.weight, weights.get(line.service_id, 1))
    services = {
        s.service_id: ServedService(
            s.service_id, s.service_code, s.name_id, s.name_en, s.step_count
        )
        for s in served
    }
    journeys = [s.id for s in services.values() if s.step_count > 1]
    names = connection.execute(_STEP_NAMES, {"services": journeys}).all() if journeys else []
    return CallPlan(
        counter_id=row.id,
        counter_number=number,
        officer_id=lookup.officer(session, officer).id if officer else row.officer_id,
        priority_streak=row.priority_streak,
        appointment_streak=row.appointment_streak,
        policy=office_policy(office),
        day=local_time(now, office.timezone).date(),
        lines=tuple(Line(s.service_id, s.step) for s in served),
        weights=weights,
        services=services,
        step_names={(n.service_id, n.step): (n.name_id, n.name_en) for n in names},
    )


# The counter, with the called or serving ticket it may already have, a row for each line it
# serves (with the line's service), and the office's rules at the end (`office_rules_from`).
_COUNTER_AND_LINES = (
    select(
        Counter.id,
        Counter.state,
        Counter.officer_id,
        Counter.priority_streak,
        Counter.appointment_streak,
        Ticket.code,
        Ticket.status,
        CounterService.service_id,
        CounterService.step,
        CounterService.weight,
        Service.code.label("service_code"),
        Service.name_id,
        Service.name_en,
        Service.step_count,
        *OFFICE_COLUMNS,
    )
    .outerjoin(Ticket, (Ticket.counter_id == Counter.id) & lookup.ACTIVE)
    .outerjoin(CounterService, CounterService.counter_id == Counter.id)
    .outerjoin(Service, Service.id == CounterService.service_id)
    .outerjoin(OfficeSettings, THE_OFFICE)
    .where(Counter.number == bindparam("number"), Counter.active.is_(True))
)
_STEP_NAMES = select(
    ServiceStep.service_id, ServiceStep.step, ServiceStep.name_id, ServiceStep.name_en
).where(ServiceStep.service_id.in_(bindparam("services", expanding=True)))


def claim_next(
    connection: Connection, plan: CallPlan, now: datetime, device: str | None
) -> TicketView:
    """Choose by policy among the lines' heads and call the choice: the ticket, its step row,
    the counter's streaks and the event.

    Raises:
        NobodyWaiting.
    """
    head, choice = _choose(connection, plan, now)
    called = dict(head._mapping)
    called.update(
        status=TicketStatus.CALLED,
        counter_id=plan.counter_id,
        officer_id=plan.officer_id,
        called_at=now,
        serving_at=None,
        finished_at=None,
    )
    service = plan.services[head.service_id]
    kind = event_kind(Action.CALL)
    if connection.dialect.name == "postgresql":
        params = {
            "counter": plan.counter_id,
            "officer": plan.officer_id,
            "at": now,
            "priority_streak": choice.priority_streak,
            "appointment_streak": choice.appointment_streak,
            "kind": kind,
            "device": device,
            "counter_number": plan.counter_number,
            "service_code": service.code,
        }
        call_in_one_statement(connection, head, params)
    else:
        _write_call(connection, plan, head, choice, now, device)
    names = plan.step_names.get((head.service_id, head.step))
    step_id, step_en = names if names else (None, None)
    return lookup.view_of(lookup.Columns(called), service, step_id, step_en, plan.counter_number)


def _write_call(
    connection: Connection,
    plan: CallPlan,
    head: Row[Any],
    choice: Choice,
    now: datetime,
    device: str | None,
) -> None:
    """The call's writes one by one (SQLite, where they are calls into the same process)."""
    params = {"ticket": head.id, "counter": plan.counter_id, "officer": plan.officer_id, "at": now}
    connection.execute(_CALL, params)
    open_step_row(connection, head, plan.counter_id, plan.officer_id, now)
    streaks = (choice.priority_streak, choice.appointment_streak)
    if streaks != (plan.priority_streak, plan.appointment_streak):
        connection.execute(_STREAKS, {"counter": plan.counter_id, "p": streaks[0], "a": streaks[1]})
    service = plan.services[head.service_id]
    about = About(head.id, head.code, service.code, plan.counter_id, plan.counter_number)
    kind = event_kind(Action.CALL)
    record_row(connection, kind, now, about, officer_id=plan.officer_id, device=device)


_CALL = (
    update(Ticket)
    .where(Ticket.id == bindparam("ticket"))
    .values(
        status=TicketStatus.CALLED,
        counter_id=bindparam("counter"),
        officer_id=bindparam("officer"),
        called_at=bindparam("at"),
        serving_at=None,
        finished_at=None,
    )
)
_STREAKS = (
    update(Counter)
    .where(Counter.id == bindparam("counter"))
    .values(priority_streak=bindparam("p"), appointment_streak=bindparam("a"))
)


def _choose(connection: Connection, plan: CallPlan, now: datetime) -> tuple[Row[Any], Choice]:
    for round_ in range(CLAIM_ROUNDS):
        if round_:
            if not _any_waiting(connection, list(plan.weights), plan.day, now):
                break
            time.sleep(CLAIM_PAUSE_S * round_)  # not in the first round: even 0 s yields the core
        heads = _locked_heads(connection, plan, now)
        choice = choose_next(
            [line_candidate(h.id, h.service_id, h.priority, h.queued_at, h.kind) for h in heads],
            plan.policy,
            now=now,
            streak=plan.priority_streak,
            appointment_streak=plan.appointment_streak,
            weights=plan.weights,
        )
        if choice is not None:
            return next(h for h in heads if h.id == choice.ticket_id), choice
    raise NobodyWaiting(f"nobody is waiting for counter {plan.counter_number}")


def _any_waiting(connection: Connection, service_ids: list[int], day: date, now: datetime) -> bool:
    """Whether a ticket waits, locked by another counter or not (only asked after a miss)."""
    params = {"services": service_ids, "day": day, "now": now}
    return connection.execute(_ANY_WAITING, params).first() is not None


_ANY_WAITING = (
    select(Ticket.id)
    .where(
        lookup.WAITING,
        Ticket.service_id.in_(bindparam("services", expanding=True)),
        Ticket.business_date == bindparam("day"),
        Ticket.queued_at <= bindparam("now"),
    )
    .limit(1)
)


def _locked_heads(connection: Connection, plan: CallPlan, now: datetime) -> list[Row[Any]]:
    """The oldest waiting ticket of each line (service and step) and class, locked.

    A policy needs only these heads. On PostgreSQL each is taken `FOR UPDATE SKIP LOCKED`, so
    counters calling at the same moment lock different tickets instead of queueing for one;
    the heads not chosen are released at commit. SQLite's write lock already serialises us.
    All lines go in one UNION ALL statement: one round trip instead of two per line.
    A ticket queued in the future (an appointment checked in before its session) is not due.
    """
    if not plan.lines:
        return []
    params: dict[str, object] = {"day": plan.day, "now": now}
    for i, line in enumerate(plan.lines):
        params[f"service_{i}"] = line.service_id
        params[f"step_{i}"] = line.step
    shape = tuple(line.step != 0 for line in plan.lines)
    split = plan.policy.interleave != "by_time"
    return list(connection.execute(_heads_query(shape, split), params))


# The classes a line holds (db.rules.policy): priority tickets in one queue; normal ones in one, or
# split into bookings and walk-ins when the office interleaves them (appointments_first).
_GROUPS = (Ticket.priority.is_not(None), Ticket.priority.is_(None))
_SPLIT_GROUPS = (
    Ticket.priority.is_not(None),
    Ticket.priority.is_(None) & (Ticket.kind == TicketKind.APPOINTMENT),
    Ticket.priority.is_(None) & (Ticket.kind == TicketKind.WALK_IN),
)


@functools.lru_cache(maxsize=64)
def _heads_query(shape: tuple[bool, ...], split: bool) -> Select[Any]:
    """The heads statement for a counter's lines, with bound parameters.

    `shape`: for each line, whether it is one step of its service (else: any step).
    Built once per shape: building this statement costs about as much as running it, and a
    prebuilt one also keeps its cache key for SQLAlchemy's compiled-statement cache.
    Each line is a LIMIT 1 subquery of its own: that keeps its per-line index scan, and
    PostgreSQL takes a row lock inside a subquery but not on a UNION itself.
    """
    heads = [
        select(Ticket)
        .where(lookup.WAITING, Ticket.service_id == bindparam(f"service_{i}"), group)
        .where(*([Ticket.step == bindparam(f"step_{i}")] if one_step else []))
        .where(Ticket.business_date == bindparam("day"), Ticket.queued_at <= bindparam("now"))
        .order_by(Ticket.queued_at, Ticket.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .subquery()
        for i, one_step in enumerate(shape)
        for group in (_SPLIT_GROUPS if split else _GROUPS)
    ]
    union = aliased(Ticket, union_all(*(select(head) for head in heads)).subquery())
    return select(union)
