"""Read models: what the display, the counter app, the kiosk and `walkin status` show.

Each query touches only today's rows through an index, so months of history do not slow it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from db.results import CounterView, TicketView
from db.rules.clock import local_time, utcnow
from db.rules.hours import Availability, ClosedReason
from db.services.counters import counter_view
from db.services.ticket_rules import quota_today, service_availability
from db.store import lookup
from db.store.engine import Database, read
from db.store.models import Counter, CounterService, NumberSeries, Outcome, Service, Ticket


@dataclass(frozen=True)
class ServiceStatus:
    code: str
    name_id: str
    name_en: str
    color: str
    waiting: int
    issued: int  # every ticket of the service today, appointments' included
    quota: int | None  # walk-in places today, with those released by unused bookings
    availability: Availability
    priority_allowed: bool = True
    walk_ins: int = 0  # the tickets that took a walk-in place

    @property
    def quota_left(self) -> int | None:
        return None if self.quota is None else max(self.quota - self.walk_ins, 0)

    @property
    def closed(self) -> bool:
        """Closed by a supervisor (or retired): no tickets, but those still waiting are served."""
        return self.availability.reason is ClosedReason.INACTIVE


@dataclass(frozen=True)
class OfficeInfo:
    name: str
    timezone: str
    ticker: str


@dataclass(frozen=True)
class OutcomeView:
    """A way to end a step, offered at Finish (the first one is the default)."""

    code: str
    name_id: str
    name_en: str
    ends_visit: bool


@dataclass(frozen=True)
class CallRecord:
    code: str
    counter_number: int
    called_at: datetime
    recall_count: int


@dataclass(frozen=True)
class DisplaySnapshot:
    office_name: str
    timezone: str  # the office's: a display's clock must not follow the PC's zone
    ticker: str
    business_date: date
    counters: tuple[CounterView, ...]
    recent_calls: tuple[CallRecord, ...]
    services: tuple[ServiceStatus, ...]
    generated_at: datetime


def display_snapshot(
    db: Database,
    *,
    counters: Collection[int] | None = None,
    services: Collection[str] | None = None,
    last: int = 8,
    now: datetime | None = None,
) -> DisplaySnapshot:
    """Everything a wall display shows, optionally limited to some counters or services."""
    now = now or utcnow()
    with read(db) as session:
        office = lookup.settings(session)
        day = lookup.today(session, now)
        counter_rows = _counters(session, counters)
        return DisplaySnapshot(
            office_name=office.name,
            timezone=office.timezone,
            ticker=office.ticker,
            business_date=day,
            counters=tuple(counter_view(session, row) for row in counter_rows),
            recent_calls=_recent_calls(session, day, [c.id for c in counter_rows], last),
            services=tuple(_service_statuses(session, now, services)),
            generated_at=now,
        )


def service_statuses(db: Database, *, now: datetime | None = None) -> list[ServiceStatus]:
    """Every service with its waiting count, use of quota and whether it issues now.

    A service a supervisor closed is listed (as `closed`) with the tickets still waiting for it,
    so screens say "Tutup" instead of letting it and its queue vanish; a service retired from
    the office's configuration is listed only while tickets still wait for it.
    """
    now = now or utcnow()
    with read(db) as session:
        return _service_statuses(session, now, None)


def office_info(db: Database) -> OfficeInfo:
    """The office's name, time zone and ticker text."""
    with read(db) as session:
        office = lookup.settings(session)
        return OfficeInfo(office.name, office.timezone, office.ticker)


def outcomes(db: Database) -> list[OutcomeView]:
    """The office's active outcomes in their configured order, the default first."""
    query = (
        select(Outcome.code, Outcome.name_id, Outcome.name_en, Outcome.ends_visit)
        .where(Outcome.active.is_(True))
        .order_by(Outcome.sort_order, Outcome.code)
    )
    with read(db) as session:
        return [OutcomeView(*row) for row in session.execute(query)]


def waiting_list(db: Database, counter: int, *, now: datetime | None = None) -> list[TicketView]:
    """Today's waiting tickets of the counter's services, in arrival order."""
    now = now or utcnow()
    with read(db) as session:
        row = lookup.counter(session, counter, lock=False)
        served = select(CounterService.service_id).where(CounterService.counter_id == row.id)
        tickets = session.scalars(
            select(Ticket)
            .where(
                lookup.WAITING,
                Ticket.business_date == lookup.today(session, now),
                Ticket.service_id.in_(served),
            )
            .order_by(Ticket.queued_at, Ticket.id)
        )
        return [lookup.view(session, t) for t in tickets]


def _counters(session: Session, numbers: Collection[int] | None) -> list[Counter]:
    query = select(Counter).where(Counter.active.is_(True)).order_by(Counter.number)
    if numbers is not None:
        query = query.where(Counter.number.in_(list(numbers)))
    return list(session.scalars(query))


def _recent_calls(
    session: Session, day: date, counter_ids: list[int], last: int
) -> tuple[CallRecord, ...]:
    rows = session.execute(
        select(Ticket.code, Counter.number, Ticket.called_at, Ticket.recall_count)
        .join(Counter, Counter.id == Ticket.counter_id)
        .where(
            Ticket.business_date == day,
            Ticket.called_at.is_not(None),
            Ticket.counter_id.in_(counter_ids),
        )
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
        .limit(last)
    ).all()
    return tuple(CallRecord(code, number, at, recalls) for code, number, at, recalls in rows if at)


def _service_statuses(
    session: Session, now: datetime, codes: Collection[str] | None
) -> list[ServiceStatus]:
    day = lookup.today(session, now)
    local = local_time(now, lookup.settings(session).timezone)
    waiting_rows = session.execute(
        select(Ticket.service_id, func.count())
        # OPEN, implied by WAITING, lets the planners count from ix_tickets_open alone.
        .where(lookup.OPEN, lookup.WAITING, Ticket.business_date == day)
        .group_by(Ticket.service_id)
    )
    waiting: dict[int, int] = {service_id: count for service_id, count in waiting_rows}
    shown = or_(Service.active.is_(True), Service.retired.is_(False), Service.id.in_(list(waiting)))
    query = select(Service).where(shown).order_by(Service.sort_order, Service.code)
    if codes is not None:
        query = query.where(Service.code.in_([c.upper() for c in codes]))
    issued_rows = session.execute(
        select(NumberSeries.series, NumberSeries.last_number, NumberSeries.counted).where(
            NumberSeries.business_date == day
        )
    )
    issued = {series: (last, counted) for series, last, counted in issued_rows}
    result = []
    for svc in session.scalars(query):
        state = service_availability(session, svc, local)
        result.append(
            ServiceStatus(
                code=svc.code,
                name_id=svc.name_id,
                name_en=svc.name_en,
                color=svc.color,
                waiting=waiting.get(svc.id, 0),
                issued=issued.get(svc.code, (0, 0))[0],
                quota=quota_today(session, svc, day, state.quota),
                availability=state,
                priority_allowed=svc.priority_allowed,
                walk_ins=issued.get(svc.code, (0, 0))[1],
            )
        )
    return result
