"""Counters: pausing and resuming (a paused counter shows as closed and calls nobody), officers
signing in and out, and the read models of the counter app and the supervisor overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.errors import CounterBusy, InvalidTransition
from db.results import CounterView, TicketView
from db.rules.clock import local_time, utcnow
from db.store import lookup
from db.store.engine import Database, read, write
from db.store.events import record
from db.store.lifecycle import COUNTER_PAUSED, COUNTER_RESUMED, COUNTER_SIGNED_OUT
from db.store.models import (
    Counter,
    CounterService,
    CounterState,
    Event,
    Officer,
    Service,
    Ticket,
    TicketStatus,
)


@dataclass(frozen=True)
class CounterOverview:
    """One counter as the supervisor (and its own app) sees it."""

    number: int
    name: str
    state: str
    officer_login: str | None
    officer_name: str | None
    services: tuple[str, ...]  # the service codes it calls, in the office's order
    current: TicketView | None
    idle_since: datetime | None  # open, signed in and without a ticket: since its last event


def pause_counter(
    db: Database,
    counter: int,
    *,
    officer: str | None = None,
    device: str | None = None,
    now: datetime | None = None,
) -> CounterView:
    return _set_state(db, counter, CounterState.PAUSED, officer, device, now or utcnow())


def resume_counter(
    db: Database,
    counter: int,
    *,
    officer: str | None = None,
    device: str | None = None,
    now: datetime | None = None,
) -> CounterView:
    return _set_state(db, counter, CounterState.OPEN, officer, device, now or utcnow())


def _set_state(
    db: Database,
    number: int,
    state: CounterState,
    officer: str | None,
    device: str | None,
    now: datetime,
) -> CounterView:
    with write(db) as session:
        row = lookup.counter(session, number)
        if row.state is state:
            raise InvalidTransition(f"counter {number} is already {state}")
        current = lookup.active_ticket(session, row)
        if state is not CounterState.OPEN and current is not None:
            raise CounterBusy(f"counter {number} still has {current.code}: finish it first")
        row.state = state
        kind = COUNTER_RESUMED if state is CounterState.OPEN else COUNTER_PAUSED
        record(
            session,
            kind,
            now,
            counter=row,
            officer_id=lookup.officer_id(session, officer, row),
            device=device,
        )
        return counter_view(session, row)


def counter_view(session: Session, row: Counter) -> CounterView:
    # Unlocked: a write transaction already holds the counter's row lock, which guards its ticket.
    current = lookup.active_ticket(session, row, lock=False)
    officer = session.get(Officer, row.officer_id) if row.officer_id else None
    return CounterView(
        number=row.number,
        name=row.name,
        state=str(row.state),
        officer_login=officer.login if officer else None,
        current=lookup.view(session, current) if current else None,
    )


def list_counters(db: Database) -> list[CounterView]:
    with read(db) as session:
        rows = session.scalars(
            select(Counter).where(Counter.active.is_(True)).order_by(Counter.number)
        )
        return [counter_view(session, row) for row in rows]


def sign_in_at_counter(
    db: Database,
    counter: int,
    officer: str,
    *,
    device: str | None = None,
    now: datetime | None = None,
) -> CounterView:
    """Seat an officer at a counter: it takes over from whoever was there, and leaves any other.

    Taking over is allowed on purpose (a colleague forgot to sign out); the event names both.
    """
    now = now or utcnow()
    with write(db) as session:
        row = lookup.counter(session, counter)
        person = lookup.officer(session, officer)
        previous = session.get(Officer, row.officer_id) if row.officer_id else None
        elsewhere = session.scalars(
            select(Counter).where(Counter.officer_id == person.id, Counter.id != row.id)
        ).all()
        for other in elsewhere:
            other.officer_id = None
        row.officer_id = person.id
        record(
            session,
            "counter_signed_in",
            now,
            counter=row,
            officer_id=person.id,
            device=device,
            replaced=previous.login if previous and previous.id != person.id else None,
            left=[other.number for other in elsewhere],
        )
        return counter_view(session, row)


def sign_out_of_counter(
    db: Database,
    counter: int,
    officer: str,
    *,
    device: str | None = None,
    now: datetime | None = None,
) -> CounterView:
    """The officer leaves the counter; refused while it holds a called or serving ticket."""
    now = now or utcnow()
    with write(db) as session:
        row = lookup.counter(session, counter)
        person = lookup.officer(session, officer)
        if row.officer_id != person.id:
            raise InvalidTransition(f"{person.login} is not signed in at counter {counter}")
        current = lookup.active_ticket(session, row)
        if current is not None:
            raise CounterBusy(
                f"counter {counter} still has {current.code}: finish, transfer or mark it first",
                ticket=current.code,
            )
        row.officer_id = None
        record(session, COUNTER_SIGNED_OUT, now, counter=row, officer_id=person.id, device=device)
        return counter_view(session, row)


def counter_overview(db: Database, *, now: datetime | None = None) -> list[CounterOverview]:
    """Every active counter: who sits there, its state, its ticket, and how long it has idled."""
    now = now or utcnow()
    with read(db) as session:
        rows = session.scalars(
            select(Counter).where(Counter.active.is_(True)).order_by(Counter.number)
        ).all()
        last_events = _last_event_times(session, now)
        services = _served_codes(session)
        return [_overview(session, row, services, last_events) for row in rows]


def no_shows(db: Database, counter: int, *, now: datetime | None = None) -> list[TicketView]:
    """Today's no-show tickets last called at this counter, latest first (to requeue or recall)."""
    now = now or utcnow()
    with read(db) as session:
        row = lookup.counter(session, counter, lock=False)
        tickets = session.scalars(
            select(Ticket)
            .where(
                Ticket.business_date == lookup.today(session, now),
                Ticket.status == TicketStatus.NO_SHOW,
                Ticket.counter_id == row.id,
            )
            .order_by(Ticket.finished_at.desc(), Ticket.id.desc())
        )
        return [lookup.view(session, t) for t in tickets]


def action_recorded(db: Database, kind: str, at: datetime, *, counter: int | None = None) -> bool:
    """Whether the event of an action stamped `at` exists: did an interrupted action commit?"""
    with read(db) as session:
        query = select(Event.id).where(Event.kind == kind, Event.at == at)
        if counter is not None:
            query = query.join(Counter, Counter.id == Event.counter_id).where(
                Counter.number == counter
            )
        return session.scalar(query.limit(1)) is not None


def _overview(
    session: Session,
    row: Counter,
    services: dict[int, tuple[str, ...]],
    last_events: dict[int, datetime],
) -> CounterOverview:
    view = counter_view(session, row)
    officer = session.get(Officer, row.officer_id) if row.officer_id else None
    idle = view.current is None and officer is not None and row.state is CounterState.OPEN
    return CounterOverview(
        number=row.number,
        name=row.name,
        state=view.state,
        officer_login=view.officer_login,
        officer_name=officer.name if officer else None,
        services=services.get(row.id, ()),
        current=view.current,
        idle_since=last_events.get(row.id) if idle else None,
    )


def _served_codes(session: Session) -> dict[int, tuple[str, ...]]:
    rows = session.execute(
        select(CounterService.counter_id, Service.code)
        .join(Service, Service.id == CounterService.service_id)
        .order_by(Service.sort_order, Service.code)
    )
    served: dict[int, tuple[str, ...]] = {}
    for counter_id, code in rows:
        served[counter_id] = (*served.get(counter_id, ()), code)
    return served


def _last_event_times(session: Session, now: datetime) -> dict[int, datetime]:
    """The latest event of each counter today (office-local day)."""
    local = local_time(now, lookup.settings(session).timezone)
    start = datetime.combine(local.date(), time(0), local.tzinfo)
    rows = session.execute(
        select(Event.counter_id, func.max(Event.at))
        .where(Event.counter_id.is_not(None), Event.at >= start)
        .group_by(Event.counter_id)
    )
    return {counter_id: at for counter_id, at in rows if counter_id is not None}
