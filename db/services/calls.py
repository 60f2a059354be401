"""What a counter does with tickets: call, recall, no-show, serve, finish, transfer.

A counter holds at most one active (called or serving) ticket: a partial unique index enforces it,
and `call_next` refuses with `CounterBusy` until the current one is finished, marked no-show or
transferred. That also makes a double press of "call next" call exactly one ticket.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict, Unpack

from sqlalchemy import Select, bindparam, select, union_all
from sqlalchemy.orm import Session, aliased

from db.errors import CounterBusy, CounterPaused, NoActiveTicket, NobodyWaiting
from db.results import TicketView
from db.rules.clock import business_date, utcnow
from db.rules.policy import choose_next
from db.services.journey import close_step, finish_step, open_step, step_recalled, step_serving
from db.services.line_order import candidate, office_policy
from db.services.ticket_moves import back_to_waiting, reroute
from db.store import lookup
from db.store.engine import Database, write
from db.store.events import record
from db.store.lifecycle import Action, event_kind, require
from db.store.models import (
    Counter,
    CounterService,
    CounterState,
    Service,
    Ticket,
    TicketKind,
    TicketStatus,
)

# PostgreSQL: when every head is momentarily locked by counters calling at the same instant,
# look again before saying nobody waits (they release the heads they did not choose).
CLAIM_ROUNDS = 3
CLAIM_PAUSE_S = 0.01


class Actor(TypedDict, total=False):
    """Who acts and when: the officer's login, the device, and the moment (default: now)."""

    officer: str | None
    device: str | None
    now: datetime | None


def call_next(
    db: Database,
    counter: int,
    *,
    officer: str | None = None,
    device: str | None = None,
    now: datetime | None = None,
) -> TicketView:
    """Claim exactly one waiting ticket for the counter, by the office's priority policy.

    Raises:
        CounterPaused, CounterBusy, NobodyWaiting, NotFound.
    """
    now = now or utcnow()
    with write(db) as session:
        row = _free_counter(session, counter)
        officer_id = lookup.officer_id(session, officer, row)
        ticket = _claim(session, row, now)
        _mark_called(session, ticket, row, officer_id, now)
        # The view first: it reads the ticket's service, whose code the event's notification
        # then takes from it instead of selecting the service again. Without autoflush, the
        # ticket's changes are written in one flush with the event's row.
        with session.no_autoflush:
            view = lookup.view(session, ticket)
        record(
            session,
            event_kind(Action.CALL),
            now,
            ticket=ticket,
            counter=row,
            officer_id=officer_id,
            device=device,
            service_code=view.service_code,
        )
        return view


def call_specific(
    db: Database,
    counter: int,
    code: str,
    *,
    officer: str | None = None,
    device: str | None = None,
    now: datetime | None = None,
) -> TicketView:
    """Call one named ticket (a late applicant who came back, or one skipped on purpose)."""
    now = now or utcnow()
    with write(db) as session:
        row = _free_counter(session, counter)
        officer_id = lookup.officer_id(session, officer, row)
        ticket = lookup.ticket_by_code(session, code, lookup.today(session, now))
        require(ticket.code, ticket.status, Action.CALL_SPECIFIC)
        _mark_called(session, ticket, row, officer_id, now)
        record(
            session,
            event_kind(Action.CALL_SPECIFIC),
            now,
            ticket=ticket,
            counter=row,
            officer_id=officer_id,
            device=device,
            specific=True,
        )
        return lookup.view(session, ticket)


def recall(db: Database, counter: int, **actor: Unpack[Actor]) -> TicketView:
    """Announce the counter's called ticket again."""

    def change(ticket: Ticket, _now: datetime) -> dict[str, object]:
        ticket.recall_count += 1
        step_recalled(_session_of(ticket), ticket)
        return {"recall_count": ticket.recall_count}

    return _act_on_current(db, counter, Action.RECALL, change, **actor)


def mark_no_show(db: Database, counter: int, **actor: Unpack[Actor]) -> TicketView:
    """The called applicant did not come; the ticket can be requeued later."""

    def change(ticket: Ticket, now: datetime) -> dict[str, object]:
        ticket.status = TicketStatus.NO_SHOW
        ticket.finished_at = now
        close_step(_session_of(ticket), ticket, Action.NO_SHOW, now)
        return {}

    return _act_on_current(db, counter, Action.NO_SHOW, change, **actor)


def start_serving(db: Database, counter: int, **actor: Unpack[Actor]) -> TicketView:
    def change(ticket: Ticket, now: datetime) -> dict[str, object]:
        ticket.status = TicketStatus.SERVING
        ticket.serving_at = now
        step_serving(_session_of(ticket), ticket, now)
        return {}

    return _act_on_current(db, counter, Action.SERVE, change, **actor)


def finish(
    db: Database, counter: int, *, outcome: str | None = None, **actor: Unpack[Actor]
) -> TicketView:
    """End the ticket's step with an outcome (default: the office's first); with steps left
    and an outcome that does not end the visit, the ticket waits for its next step."""

    def change(ticket: Ticket, now: datetime) -> dict[str, object]:
        done = finish_step(_session_of(ticket), ticket, now, outcome)
        details: dict[str, object] = {"step": done.step, "steps": done.steps}
        details["outcome"] = done.outcome
        if done.next_step:
            details["next_step"] = done.next_step
        return details

    return _act_on_current(db, counter, Action.FINISH, change, **actor)


def transfer(
    db: Database, counter: int, to_service: str, *, keep_place: bool = True, **actor: Unpack[Actor]
) -> TicketView:
    """Send the counter's ticket to another service's queue, at its old place or at the end.

    The step it was at is closed as transferred (its times stay in the history); it starts
    the other service's journey at its first step.
    """

    def change(ticket: Ticket, now: datetime) -> dict[str, object]:
        session = _session_of(ticket)
        close_step(session, ticket, Action.TRANSFER, now)
        back_to_waiting(ticket, now, keep_place=True)  # reroute decides the place
        details = reroute(session, ticket, to_service, now, keep_place=keep_place)
        ticket.step = 1
        return details

    return _act_on_current(db, counter, Action.TRANSFER, change, **actor)


def _session_of(ticket: Ticket) -> Session:
    session = Session.object_session(ticket)
    assert session is not None
    return session


def _act_on_current(
    db: Database,
    counter: int,
    action: Action,
    change: Callable[[Ticket, datetime], dict[str, object]],
    *,
    officer: str | None = None,
    device: str | None = None,
    now: datetime | None = None,
) -> TicketView:
    """Apply one change to the counter's active ticket, with its event, in one transaction."""
    moment = now or utcnow()
    with write(db) as session:
        row = lookup.counter(session, counter)
        ticket = lookup.active_ticket(session, row)
        if ticket is None:
            raise NoActiveTicket(f"counter {counter} has no called or serving ticket")
        officer_id = lookup.officer_id(session, officer, row)
        require(ticket.code, ticket.status, action)
        details = change(ticket, moment)
        session.flush()
        view = lookup.view(session, ticket)  # first: see call_next
        record(
            session,
            event_kind(action),
            moment,
            ticket=ticket,
            counter=row,
            officer_id=officer_id,
            device=device,
            service_code=view.service_code,
            **details,
        )
        return view


def _free_counter(session: Session, number: int) -> Counter:
    row = lookup.counter(session, number)
    if row.state is not CounterState.OPEN:
        raise CounterPaused(f"counter {number} is {row.state}: resume it first")
    current = lookup.active_ticket(session, row)
    if current is not None:
        raise CounterBusy(
            f"counter {number} already has {current.code} ({current.status}): "
            "finish it, mark it no-show or transfer it first",
            ticket=current.code,
        )
    return row


def _claim(session: Session, counter: Counter, now: datetime) -> Ticket:
    """Choose by policy and lock the choice; a ticket another counter holds is skipped."""
    office = lookup.settings(session)  # kept: the session holds its rows only weakly
    policy = office_policy(office)
    served = list(session.connection().execute(_SERVED, {"counter": counter.id}))
    lines = [Line(service_id, step) for service_id, step, _ in served]
    weights: dict[int, int] = {}
    for service_id, _, weight in served:
        weights[service_id] = max(weight, weights.get(service_id, 1))
    day = business_date(now, office.timezone)
    for round_ in range(CLAIM_ROUNDS):
        if round_ and not _any_waiting(session, list(weights), day, now):
            break
        time.sleep(CLAIM_PAUSE_S * round_)
        heads = _locked_heads(session, lines, day, now, split=policy.interleave != "by_time")
        choice = choose_next(
            [candidate(t) for t in heads],
            policy,
            now=now,
            streak=counter.priority_streak,
            appointment_streak=counter.appointment_streak,
            weights=weights,
        )
        if choice is not None:
            counter.priority_streak = choice.priority_streak
            counter.appointment_streak = choice.appointment_streak
            return next(t for t in heads if t.id == choice.ticket_id)
    raise NobodyWaiting(f"nobody is waiting for counter {counter.number}")


@dataclass(frozen=True)
class Line:
    """A line a counter calls from: a service, at one step of its journey or (0) at any."""

    service_id: int
    step: int


# The lines a counter serves, with their weights (built once: see _heads_query).
_SERVED = (
    select(CounterService.service_id, CounterService.step, CounterService.weight)
    .join(Service, Service.id == CounterService.service_id)
    .where(CounterService.counter_id == bindparam("counter"))
)


def _any_waiting(session: Session, service_ids: list[int], day: date, now: datetime) -> bool:
    """Whether a ticket waits, locked by another counter or not (only asked after a miss)."""
    query = select(Ticket.id).where(
        lookup.WAITING,
        Ticket.service_id.in_(service_ids),
        Ticket.business_date == day,
        Ticket.queued_at <= now,
    )
    return session.scalar(query.limit(1)) is not None


def _locked_heads(
    session: Session, lines: list[Line], day: date, now: datetime, *, split: bool
) -> list[Ticket]:
    """The oldest waiting ticket of each line (service and step) and class, locked.

    `split`: bookings and walk-ins are classes of their own (else one normal class).

    A policy needs only these heads. On PostgreSQL each is taken `FOR UPDATE SKIP LOCKED`, so
    counters calling at the same moment lock different tickets instead of queueing for one;
    the heads not chosen are released at commit. SQLite's write lock already serialises us.
    All lines go in one UNION ALL statement: one round trip instead of two per line.
    A ticket queued in the future (an appointment checked in before its session) is not due.
    """
    if not lines:
        return []
    params: dict[str, object] = {"day": day, "now": now}
    for i, line in enumerate(lines):
        params[f"service_{i}"] = line.service_id
        params[f"step_{i}"] = line.step
    shape = tuple(line.step != 0 for line in lines)
    return list(session.scalars(_heads_query(shape, split), params))


# The classes a line holds (db.rules.policy): priority tickets in one queue; normal ones in one, or
# split into bookings and walk-ins when the office interleaves them (appointments_first).
_GROUPS = (Ticket.priority.is_not(None), Ticket.priority.is_(None))
_SPLIT_GROUPS = (
    Ticket.priority.is_not(None),
    Ticket.priority.is_(None) & (Ticket.kind == TicketKind.APPOINTMENT),
    Ticket.priority.is_(None) & (Ticket.kind == TicketKind.WALK_IN),
)


@functools.lru_cache(maxsize=64)
def _heads_query(shape: tuple[bool, ...], split: bool) -> Select[Ticket]:
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


def _mark_called(
    session: Session, ticket: Ticket, counter: Counter, officer_id: int | None, now: datetime
) -> None:
    ticket.status = TicketStatus.CALLED
    ticket.counter_id = counter.id
    ticket.officer_id = officer_id
    ticket.called_at = now
    ticket.serving_at = None
    ticket.finished_at = None
    open_step(session, ticket, counter, officer_id, now)
