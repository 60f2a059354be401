"""Fetching the rows every operation starts from, with the locks and errors it needs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from db.errors import NotFound, PermissionDenied
from db.results import TicketView
from db.rules.clock import business_date
from db.store import pins
from db.store.models import Counter, Officer, OfficeSettings, Role, Service, ServiceStep, Ticket

# Literal predicates: SQLite and PostgreSQL use a partial index only when they can prove its
# WHERE clause at planning time, which a bound parameter does not allow.
WAITING = text("tickets.status = 'waiting'")
ACTIVE = text("tickets.status IN ('called', 'serving')")
# The tickets still in the office (waiting, called or serving, lifecycle.OPEN): the counts of
# an issue and of a display read them from ix_tickets_open alone.
OPEN = text("tickets.status IN ('waiting', 'called', 'serving')")


def settings(session: Session) -> OfficeSettings:
    row = session.get(OfficeSettings, 1)
    if row is None:
        raise NotFound("the office is not configured yet: run `walkin init --config FILE`")
    return row


def today(session: Session, now: datetime) -> date:
    """The office-local business day at `now`."""
    return business_date(now, settings(session).timezone)


def service(session: Session, code: str) -> Service:
    row = session.scalar(select(Service).where(Service.code == code.strip().upper()))
    if row is None:
        raise NotFound(f"there is no service {code!r}")
    return row


# Every counter action starts with these two: built once, with bound parameters, since
# building a statement costs about as much Python time as running a cached one.
_COUNTER = select(Counter).where(Counter.number == bindparam("number"), Counter.active.is_(True))
_LOCKED_COUNTER = _COUNTER.with_for_update()
_ACTIVE_TICKET = select(Ticket).where(Ticket.counter_id == bindparam("counter"), ACTIVE)
_LOCKED_ACTIVE_TICKET = _ACTIVE_TICKET.with_for_update()


def counter(session: Session, number: int, *, lock: bool = True) -> Counter:
    row = session.scalar(_LOCKED_COUNTER if lock else _COUNTER, {"number": number})
    if row is None:
        raise NotFound(f"there is no counter {number}")
    return row


def officer(session: Session, login: str) -> Officer:
    row = session.scalar(select(Officer).where(Officer.login == login.strip().lower()))
    if row is None or not row.active:
        raise NotFound(f"there is no officer {login!r}")
    return row


def supervisor(session: Session, login: str) -> Officer:
    """The named officer, who must have the supervisor role."""
    row = officer(session, login)
    if pins.officer_role(session, row.login) != Role.SUPERVISOR:
        raise PermissionDenied(f"{row.login} is not a supervisor")
    return row


def officer_id(session: Session, login: str | None, counter_row: Counter) -> int | None:
    """The acting officer: the one named, else the one signed in at the counter."""
    return officer(session, login).id if login else counter_row.officer_id


def active_ticket(session: Session, counter_row: Counter, *, lock: bool = True) -> Ticket | None:
    """The counter's called or serving ticket; `lock=False` for reads.

    A row lock needs UPDATE privilege on PostgreSQL, which the display and web roles lack, and
    a read has no reason to make the counter's next write wait.
    """
    query = _LOCKED_ACTIVE_TICKET if lock else _ACTIVE_TICKET
    return session.scalar(query, {"counter": counter_row.id})


def ticket_by_code(session: Session, code: str, day: date) -> Ticket:
    query = select(Ticket).where(Ticket.business_date == day, Ticket.code == code.strip().upper())
    row = session.scalar(query.with_for_update())
    if row is None:
        raise NotFound(f"there is no ticket {code!r} today")
    return row


# A ticket's service and the step of its journey it is at, in one round trip.
_SERVICE_AND_STEP = (
    select(Service, ServiceStep)
    .outerjoin(
        ServiceStep,
        (ServiceStep.service_id == Service.id) & (ServiceStep.step == bindparam("step")),
    )
    .where(Service.id == bindparam("service"))
)


def _service_and_step(session: Session, ticket: Ticket) -> tuple[Service, ServiceStep | None]:
    key = session.identity_key(Service, ticket.service_id)
    cached = session.identity_map.get(key)
    if isinstance(cached, Service):  # already in this session: only its step may be missing
        step = session.get(ServiceStep, (cached.id, ticket.step)) if cached.step_count > 1 else None
        return cached, step
    params = {"service": ticket.service_id, "step": ticket.step}
    found, step = session.execute(_SERVICE_AND_STEP, params).one()
    return found, step


def view(session: Session, ticket: Ticket) -> TicketView:
    """The ticket as results show it."""
    svc, step = _service_and_step(session, ticket)
    counter_row = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
    number = counter_row.number if counter_row else None
    if step is None:
        return view_of(ticket, svc, None, None, number)
    return view_of(ticket, svc, step.name_id, step.name_en, number)


class Columns:
    """A ticket's columns read as attributes, for `view_of` (no ORM object is worth building
    for a row a hot path has just written)."""

    def __init__(self, columns: Mapping[str, Any]) -> None:
        self.__dict__.update(columns)


class ServiceFacts(Protocol):
    """What a ticket's view shows of its service (a `Service` row has it)."""

    @property
    def id(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def name_id(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def step_count(self) -> int: ...


def view_of(
    ticket: Any,
    svc: ServiceFacts,
    step_name_id: str | None,
    step_name_en: str | None,
    counter_number: int | None,
) -> TicketView:
    """The view of a ticket row, or of any object with a ticket's attributes (a new ticket's
    columns, before an ORM object is worth building)."""
    return TicketView(
        id=ticket.id,
        code=ticket.code,
        number=ticket.number,
        service_code=svc.code,
        service_name_id=svc.name_id,
        service_name_en=svc.name_en,
        priority=ticket.priority,
        status=str(ticket.status),
        business_date=ticket.business_date,
        issued_at=ticket.issued_at,
        queued_at=ticket.queued_at,
        called_at=ticket.called_at,
        serving_at=ticket.serving_at,
        finished_at=ticket.finished_at,
        counter_number=counter_number,
        recall_count=ticket.recall_count,
        transfer_count=ticket.transfer_count,
        source=str(ticket.source),
        kind=str(ticket.kind),
        step=ticket.step,
        steps=svc.step_count,
        step_name_id=step_name_id,
        step_name_en=step_name_en,
        service_id=svc.id,
        waiting_since=ticket.waiting_since or ticket.queued_at,
    )
