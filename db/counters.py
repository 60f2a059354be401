"""Pausing and resuming counters (a paused counter shows as closed and calls nobody)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import lookup
from db.clock import utcnow
from db.engine import Database, read, write
from db.errors import CounterBusy, InvalidTransition
from db.events import record
from db.models import Counter, CounterState, Officer
from db.results import CounterView


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
        kind = "counter_resumed" if state is CounterState.OPEN else "counter_paused"
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
    current = lookup.active_ticket(session, row)
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
