"""What only a supervisor may do: today's quotas, closing services, moving tickets, the ticker.

Every change checks the supervisor role, runs in one write transaction and writes one event that
carries the supervisor's officer id; the read model `service_controls` is what the panel shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.errors import InvalidTransition, UserError
from db.results import TicketView
from db.rules.clock import local_time, utcnow
from db.services.ticket_moves import reroute
from db.services.ticket_rules import quota_today, service_availability
from db.store import lookup
from db.store.engine import Database, read, write
from db.store.events import record
from db.store.lifecycle import (
    QUOTA_CHANGED,
    SERVICE_CLOSED,
    SERVICE_REOPENED,
    TICKER_CHANGED,
    TICKET_MOVED,
)
from db.store.models import DailyQuota, NumberSeries, Service, Ticket, TicketStatus

MAX_TICKER_LENGTH = 500
MAX_QUOTA = 10_000


@dataclass(frozen=True)
class ServiceControl:
    """A service as the supervisor sees it: open or closed, today's quota and its use."""

    code: str
    name_id: str
    name_en: str
    active: bool
    quota: int | None  # today's quota (a supervisor's override, else the configured one)
    configured_quota: int | None
    overridden: bool
    issued: int
    waiting: int


@dataclass(frozen=True)
class TickerChange:
    ticker: str
    previous: str


def set_daily_quota(
    db: Database,
    service_code: str,
    quota: int | None,
    *,
    supervisor: str,
    device: str | None = None,
    now: datetime | None = None,
) -> ServiceControl:
    """Set today's quota of a service (None: no limit today); tomorrow the configured one holds.

    A quota below the number already issued simply stops further tickets today.
    """
    if quota is not None and not 0 <= quota <= MAX_QUOTA:
        raise UserError(f"a quota is a whole number from 0 to {MAX_QUOTA}, got {quota}")
    now = now or utcnow()
    with write(db) as session:
        boss = lookup.supervisor(session, supervisor)
        service = lookup.service(session, service_code)
        day = lookup.today(session, now)
        previous = _control(session, service, now).quota
        row = session.get(DailyQuota, (day, service.id))
        if row is None:
            session.add(DailyQuota(business_date=day, service_id=service.id, quota=quota))
        else:
            row.quota = quota
        session.flush()
        record(
            session,
            QUOTA_CHANGED,
            now,
            officer_id=boss.id,
            device=device,
            service=service.code,
            quota=quota,
            previous=previous,
            business_date=day.isoformat(),
        )
        return _control(session, service, now)


def close_service(
    db: Database,
    service_code: str,
    *,
    supervisor: str,
    device: str | None = None,
    now: datetime | None = None,
) -> ServiceControl:
    """Stop issuing tickets for a service; tickets already waiting are still called."""
    return _set_active(db, service_code, False, supervisor, device, now or utcnow())


def reopen_service(
    db: Database,
    service_code: str,
    *,
    supervisor: str,
    device: str | None = None,
    now: datetime | None = None,
) -> ServiceControl:
    return _set_active(db, service_code, True, supervisor, device, now or utcnow())


def move_ticket(
    db: Database,
    code: str,
    to_service: str,
    *,
    keep_place: bool = True,
    supervisor: str,
    device: str | None = None,
    now: datetime | None = None,
) -> TicketView:
    """Move a waiting ticket to another service's line, at its arrival time or at the end."""
    now = now or utcnow()
    with write(db) as session:
        boss = lookup.supervisor(session, supervisor)
        ticket = lookup.ticket_by_code(session, code, lookup.today(session, now))
        if ticket.status is not TicketStatus.WAITING:
            raise InvalidTransition(
                f"{ticket.code} is {ticket.status}: only a waiting ticket can be moved"
            )
        details = reroute(session, ticket, to_service, now, keep_place=keep_place)
        session.flush()
        record(
            session,
            TICKET_MOVED,
            now,
            ticket=ticket,
            officer_id=boss.id,
            device=device,
            **details,
        )
        return lookup.view(session, ticket)


def set_ticker(
    db: Database,
    text: str,
    *,
    supervisor: str,
    device: str | None = None,
    now: datetime | None = None,
) -> TickerChange:
    """Set the scrolling message the displays show (an empty text shows none)."""
    ticker = " ".join(text.split())
    if len(ticker) > MAX_TICKER_LENGTH:
        raise UserError(f"the ticker is at most {MAX_TICKER_LENGTH} characters, got {len(ticker)}")
    with write(db) as session:
        boss = lookup.supervisor(session, supervisor)
        office = lookup.settings(session)
        previous = office.ticker
        office.ticker = ticker
        record(session, TICKER_CHANGED, now or utcnow(), officer_id=boss.id, device=device)
        return TickerChange(ticker, previous)


def ticker(db: Database) -> str:
    with read(db) as session:
        return lookup.settings(session).ticker


def service_controls(db: Database, *, now: datetime | None = None) -> list[ServiceControl]:
    """Every service, open or closed, with today's quota and its use."""
    now = now or utcnow()
    with read(db) as session:
        services = session.scalars(select(Service).order_by(Service.sort_order, Service.code))
        return [_control(session, service, now) for service in services]


def _set_active(
    db: Database,
    service_code: str,
    active: bool,
    supervisor: str,
    device: str | None,
    now: datetime,
) -> ServiceControl:
    with write(db) as session:
        boss = lookup.supervisor(session, supervisor)
        service = lookup.service(session, service_code)
        if service.active is active:
            state = "open" if active else "closed"
            raise InvalidTransition(f"service {service.code} is already {state}")
        service.active = active
        session.flush()
        kind = SERVICE_REOPENED if active else SERVICE_CLOSED
        record(session, kind, now, officer_id=boss.id, device=device, service=service.code)
        return _control(session, service, now)


def _control(session: Session, service: Service, now: datetime) -> ServiceControl:
    office = lookup.settings(session)
    local = local_time(now, office.timezone)
    day = local.date()
    configured = service_availability(session, service, local).quota
    return ServiceControl(
        code=service.code,
        name_id=service.name_id,
        name_en=service.name_en,
        active=service.active,
        quota=quota_today(session, service, day, configured),
        configured_quota=configured,
        overridden=session.get(DailyQuota, (day, service.id)) is not None,
        issued=_issued(session, service.code, day),
        waiting=_waiting(session, service.id, day),
    )


def _issued(session: Session, code: str, day: date) -> int:
    """The walk-in places used: what the quota is compared with (appointments take none)."""
    query = select(NumberSeries.counted).where(
        NumberSeries.business_date == day, NumberSeries.series == code
    )
    return session.scalar(query) or 0


def _waiting(session: Session, service_id: int, day: date) -> int:
    query = (
        select(func.count())
        .select_from(Ticket)
        .where(lookup.WAITING, Ticket.service_id == service_id, Ticket.business_date == day)
    )
    return session.scalar(query) or 0
