"""What a counter does with tickets: call, recall, no-show, serve, finish, transfer.

A counter holds at most one active (called or serving) ticket: a partial unique index enforces it,
and `call_next` refuses with `CounterBusy` until the current one is finished, marked no-show or
transferred. That also makes a double press of "call next" call exactly one ticket.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict, Unpack

from sqlalchemy import bindparam, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.errors import CounterBusy, CounterPaused, NoActiveTicket, NotFound
from db.results import TicketView
from db.rules.clock import utcnow
from db.services.act_write_pg import act_in_one_statement
from db.services.calling import claim_next, plan_call
from db.services.journey import (
    DeferredSteps,
    FinishContext,
    Steps,
    close_step,
    finish_context,
    finish_step,
    open_step,
    step_recalled,
    step_serving,
)
from db.services.ticket_moves import back_to_waiting, reroute
from db.store import lookup
from db.store.engine import Database, read_each, write, write_connection
from db.store.events import About, record, record_row
from db.store.lifecycle import Action, event_kind, require
from db.store.models import (
    Counter,
    CounterState,
    Service,
    ServiceStep,
    Ticket,
    TicketStatus,
)


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
    with read_each(db) as session:
        plan = plan_call(session, counter, officer, now)
    try:
        with write_connection(db) as connection:
            return claim_next(connection, plan, now, device)
    except IntegrityError:
        # A second press at this counter called first: it now holds the counter's one active
        # ticket, which the read below names in its CounterBusy.
        with read_each(db) as session:
            plan_call(session, counter, officer, now)
        raise


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

    def change(ticket: Ticket, _now: datetime, steps: Steps) -> dict[str, object]:
        ticket.recall_count += 1
        step_recalled(steps, ticket)
        return {"recall_count": ticket.recall_count}

    return _act_on_current(db, counter, Action.RECALL, change, **actor)


def mark_no_show(db: Database, counter: int, **actor: Unpack[Actor]) -> TicketView:
    """The called applicant did not come; the ticket can be requeued later."""

    def change(ticket: Ticket, now: datetime, steps: Steps) -> dict[str, object]:
        ticket.status = TicketStatus.NO_SHOW
        ticket.finished_at = now
        close_step(steps, ticket, Action.NO_SHOW, now)
        return {}

    return _act_on_current(db, counter, Action.NO_SHOW, change, **actor)


def start_serving(db: Database, counter: int, **actor: Unpack[Actor]) -> TicketView:
    def change(ticket: Ticket, now: datetime, steps: Steps) -> dict[str, object]:
        ticket.status = TicketStatus.SERVING
        ticket.serving_at = now
        step_serving(steps, ticket, now)
        return {}

    return _act_on_current(db, counter, Action.SERVE, change, **actor)


def finish(
    db: Database, counter: int, *, outcome: str | None = None, **actor: Unpack[Actor]
) -> TicketView:
    """End the ticket's step with an outcome (default: the office's first); with steps left
    and an outcome that does not end the visit, the ticket waits for its next step."""

    context: list[FinishContext] = []

    def prepare(session: Session, ticket: Ticket) -> None:
        context[:] = [finish_context(session, ticket)]

    def change(ticket: Ticket, now: datetime, steps: Steps) -> dict[str, object]:
        done = finish_step(steps, ticket, now, outcome, context[0])
        details: dict[str, object] = {"step": done.step, "steps": done.steps}
        details["outcome"] = done.outcome
        if done.next_step:
            details["next_step"] = done.next_step
        return details

    return _act_on_current(db, counter, Action.FINISH, change, prepare=prepare, **actor)


def transfer(
    db: Database, counter: int, to_service: str, *, keep_place: bool = True, **actor: Unpack[Actor]
) -> TicketView:
    """Send the counter's ticket to another service's queue, at its old place or at the end.

    The step it was at is closed as transferred (its times stay in the history); it starts
    the other service's journey at its first step.
    """

    def change(ticket: Ticket, now: datetime, steps: Steps) -> dict[str, object]:
        session = _session_of(ticket)
        close_step(steps, ticket, Action.TRANSFER, now)
        back_to_waiting(ticket, now, keep_place=True)  # reroute decides the place
        details = reroute(session, ticket, to_service, now, keep_place=keep_place)
        ticket.step = 1
        return details

    # A transfer reads the other service in its change: it takes the one-transaction path.
    return _act_on_current(db, counter, Action.TRANSFER, change, deferred=False, **actor)


def _session_of(ticket: Ticket) -> Session:
    session = Session.object_session(ticket)
    assert session is not None
    return session


def _act_on_current(
    db: Database,
    counter: int,
    action: Action,
    change: Callable[[Ticket, datetime, Steps], dict[str, object]],
    *,
    prepare: Callable[[Session, Ticket], None] | None = None,
    deferred: bool = True,
    officer: str | None = None,
    device: str | None = None,
    now: datetime | None = None,
) -> TicketView:
    """Apply one change to the counter's active ticket, with its event, in one write.

    The counter, its ticket, the officer, the ticket's service and what `prepare` reads for
    `change` are read first, and `change` is worked out on that copy of the ticket; the write
    then holds its lock only for one guarded UPDATE of the ticket (still the counter's, in the
    status read), the step row and the event. If the ticket moved in between, nothing is
    written and it all runs again in one transaction, with locked reads. `deferred=False`:
    a `change` that reads in the session takes that path straight away.
    """
    moment = now or utcnow()
    with read_each(db) as session:
        seen, service = _read_current(session, counter, officer, action)
        card = _card(session, service)
        if prepare:
            prepare(session, seen.ticket)
    if deferred:
        view = _write_deferred(db, seen, card, action, change, moment, device)
        if view is not None:
            return view
    with write(db) as session:
        current = _current(session, counter, officer, action)
        if prepare:
            prepare(session, current.ticket)
        ticket, row = current.ticket, current.counter
        details = change(ticket, moment, session)
        session.flush()
        view = lookup.view(session, ticket)  # first: see call_next
        record(
            session,
            event_kind(action),
            moment,
            ticket=ticket,
            counter=row,
            officer_id=current.officer_id,
            device=device,
            service_code=view.service_code,
            **details,
        )
        return view


def _write_deferred(
    db: Database,
    seen: _Current,
    card: _Card,
    action: Action,
    change: Callable[[Ticket, datetime, Steps], dict[str, object]],
    now: datetime,
    device: str | None,
) -> TicketView | None:
    """The change worked out on the ticket as read, then written on a bare connection: None
    when the ticket moved in between (then nothing was written)."""
    ticket, row = seen.ticket, seen.counter
    guard = {"g_ticket": ticket.id, "g_counter": row.id, "g_status": ticket.status}
    steps = DeferredSteps()
    details = change(ticket, now, steps)
    state = inspect(ticket)
    changes = {key: state.dict[key] for key in state.committed_state}
    kind = event_kind(action)
    if db.dialect == "postgresql":
        event = {
            "at": now,
            "kind": kind,
            "counter": row.id,
            "officer": seen.officer_id,
            "device": device,
            "details": details,
            "code": ticket.code,
            "counter_number": row.number,
            "service_code": card.service.code,
        }
        with write_connection(db, one_statement=True) as connection:
            if not act_in_one_statement(connection, changes, guard, steps.statements, event):
                return None
    else:
        with write_connection(db) as connection:
            if connection.execute(_GUARDED.values(changes), guard).rowcount != 1:
                return None
            for statement, params in steps.statements:
                connection.execute(statement, params)
            about = About(ticket.id, ticket.code, card.service.code, row.id, row.number)
            officer_id = seen.officer_id
            record_row(
                connection, kind, now, about, officer_id=officer_id, device=device, details=details
            )
    names = card.step_names.get(ticket.step, (None, None))
    number = row.number if ticket.counter_id == row.id else None
    return lookup.view_of(ticket, card.service, names[0], names[1], number)


# SQLite: the ticket's changes, written only if it is still the counter's in the status read
# (PostgreSQL: the same guard in db.services.act_write_pg's one statement).
_GUARDED = update(Ticket).where(
    Ticket.id == bindparam("g_ticket"),
    Ticket.counter_id == bindparam("g_counter"),
    Ticket.status == bindparam("g_status"),
)


@dataclass(frozen=True)
class _Card:
    """A ticket's service, with its steps' names, as its view shows them."""

    service: Service
    step_names: dict[int, tuple[str | None, str | None]]


def _card(session: Session, service: Service) -> _Card:
    names: dict[int, tuple[str | None, str | None]] = {}
    if service.step_count > 1:
        rows = session.scalars(select(ServiceStep).where(ServiceStep.service_id == service.id))
        names = {r.step: (r.name_id, r.name_en) for r in rows}
    return _Card(service, names)


@dataclass(frozen=True)
class _Current:
    """A counter with its active ticket, and the officer acting there."""

    counter: Counter
    ticket: Ticket
    officer_id: int | None


def _read_current(
    session: Session, counter: int, officer: str | None, action: Action
) -> tuple[_Current, Service]:
    """`_current` without locks, with the ticket's service, in one round trip."""
    found = session.execute(_COUNTER_TICKET_SERVICE, {"number": counter}).first()
    if found is None:
        raise NotFound(f"there is no counter {counter}")
    row, ticket, service = found
    if ticket is None:
        raise NoActiveTicket(f"counter {counter} has no called or serving ticket")
    require(ticket.code, ticket.status, action)
    return _Current(row, ticket, lookup.officer_id(session, officer, row)), service


_COUNTER_TICKET_SERVICE = (
    select(Counter, Ticket, Service)
    .outerjoin(Ticket, (Ticket.counter_id == Counter.id) & lookup.ACTIVE)
    .outerjoin(Service, Service.id == Ticket.service_id)
    .where(Counter.number == bindparam("number"), Counter.active.is_(True))
)


def _current(session: Session, counter: int, officer: str | None, action: Action) -> _Current:
    """The counter and its active ticket, locked, with the acting officer."""
    row = lookup.counter(session, counter)
    ticket = lookup.active_ticket(session, row)
    if ticket is None:
        raise NoActiveTicket(f"counter {counter} has no called or serving ticket")
    require(ticket.code, ticket.status, action)
    return _Current(row, ticket, lookup.officer_id(session, officer, row))


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
