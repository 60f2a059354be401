"""Making a ticket in two short steps, so that the write lock is held for the writes alone.

1. `plan_issue` (any transaction, a read one will do): the office, the service, its hours and
   quota, the crowd guard, the priority rules, and the line ahead of the new ticket;
2. `take_place` (the write transaction, on a bare connection): the number, the ticket row and
   its event, nothing else.

Checks read before the write are as good as checks read inside it: the number and the quota's
count come from one atomic upsert, and a supervisor's change committed in between is simply
ordered after this ticket. Holding SQLite's one write lock (or PostgreSQL's lock on the day's
number row) for three statements instead of ten is what lets eight kiosks issue at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.errors import QuotaReached, ServiceClosed
from db.results import TicketView, WaitEstimate
from db.rules.clock import local_time
from db.rules.policy import PriorityPolicy
from db.services.line_order import (
    LINE_COUNTS,
    Newcomer,
    line_params,
    office_policy,
    place_in_line,
)
from db.services.ticket_rules import (
    OfficeRules,
    ServiceRules,
    check_priority,
    closed_message,
    issuing_state,
    office_and_service_rules,
)
from db.services.ticket_write_pg import take_in_one_statement
from db.store import lookup
from db.store.events import About, record_row
from db.store.models import (
    Appointment,
    NumberSeries,
    Ticket,
    TicketKind,
    TicketSource,
    TicketStatus,
)
from db.views.estimate import LOAD_PARTS, office_load_from, wait_from, with_newcomer

PRIORITY_SERIES = "*priority"
TOKEN_BYTES = 16


@dataclass(frozen=True)
class Arrival:
    """Who is issued a ticket, and how: a walk-in, or an appointment checked in."""

    service_code: str
    priority: str | None
    source: TicketSource
    key: str | None = None
    device: str | None = None
    kind: TicketKind = TicketKind.WALK_IN
    # An appointment's place in line is its session's start when it checks in early.
    queue_from: datetime | None = None
    details: Mapping[str, Any] = field(default_factory=dict)  # for the event row
    was_booked: bool = False  # a booking the office counted as still to come


@dataclass(frozen=True)
class ServiceCard:
    """What a ticket's view shows of its service (see lookup.ServiceFacts)."""

    id: int
    code: str
    name_id: str
    name_en: str
    step_count: int
    step_name_id: str | None  # the journey's first step; None without a journey
    step_name_en: str | None


@dataclass(frozen=True)
class Plan:
    """A ticket checked and ready to take its number: everything the write needs."""

    arrival: Arrival
    day: date
    service: ServiceCard
    limit: int | None  # the walk-in places of the day (None: no quota, or not a walk-in)
    priority_cap: int | None  # the office's daily cap of priority walk-ins, if it applies
    queued: datetime
    policy: PriorityPolicy
    public_url: str | None
    # The answer's people ahead (the ticket's place in its line's call order) and wait, as the
    # checks found the office: a prediction, like every count of a line that counters and
    # kiosks keep changing.
    ahead: int
    wait: WaitEstimate | None


def plan_issue(
    session: Session,
    arrival: Arrival,
    now: datetime,
    rules: tuple[OfficeRules, ServiceRules] | None = None,
) -> Plan:
    """Check that `arrival` may have a ticket now: hours, crowd guard, priority and quota.
    `rules`: the office's rules and the service's for today, when the caller has read them.

    An appointment takes a number of its service's series but no walk-in place.

    Raises:
        ServiceClosed, PriorityNotAllowed, NotFound.
    """
    if rules is None:
        rules = office_and_service_rules(session, arrival.service_code, now)
    office, service = rules
    local = local_time(now, office.timezone)
    day = local.date()
    walk_in = arrival.kind is TicketKind.WALK_IN
    queued = max(now, arrival.queue_from or now)
    policy = office_policy(office)
    me = Newcomer(service.id, 1, day, arrival.priority, queued, str(arrival.kind))
    # One read for the office's load and the new ticket's line (both of `day`, line_params').
    rows = session.connection().execute(_LOAD_AND_LINE, line_params(me, policy, queued)).all()
    load = office_load_from(session, rows, now)
    # The crowd guard holds back walk-ins: the office has already promised bookings a place.
    state = issuing_state(session, service, local, guard=walk_in, load=load)
    if not state.open:
        raise ServiceClosed(closed_message(service, state), reason=state.reason, opens=state.opens)
    priority = arrival.priority
    check_priority(service, priority)
    quota = service.override if service.overridden else state.quota
    if quota is not None and service.released is not None:
        quota += service.released
    ahead = place_in_line(rows, me, policy, queued)
    after = with_newcomer(load, service.id, was_booked=arrival.was_booked)
    return Plan(
        arrival=arrival,
        day=day,
        service=ServiceCard(
            service.id,
            service.code,
            service.name_id,
            service.name_en,
            service.step_count,
            service.step_name_id,
            service.step_name_en,
        ),
        limit=quota if walk_in else None,
        priority_cap=office.priority_daily_cap if walk_in and priority else None,
        queued=queued,
        policy=policy,
        public_url=office.public_url,
        ahead=ahead,
        wait=wait_from(after, service.id, ahead),
    )


_LOAD_AND_LINE = union_all(*LOAD_PARTS, LINE_COUNTS)


@dataclass(frozen=True)
class Booking:
    """The booking a check-in's ticket is for, and how punctual its applicant was."""

    id: int
    punctuality: str


class BookingTaken(Exception):
    """Another kiosk gave the booking its ticket first (the transaction must roll back)."""


def take_place(
    connection: Connection, plan: Plan, now: datetime, booking: Booking | None = None
) -> tuple[TicketView, str]:
    """Take the plan's number and write its ticket and event (and give `booking` the ticket);
    returns the view and the token.

    Raises:
        QuotaReached, BookingTaken (the transaction must then roll back: a number may have
        been taken; a single statement takes none).
    """
    arrival, card = plan.arrival, plan.service
    columns: dict[str, Any] = {
        "business_date": plan.day,
        "series_service_id": card.id,
        "service_id": card.id,
        "priority": arrival.priority,
        "status": TicketStatus.WAITING,
        "source": arrival.source,
        "kind": arrival.kind,
        "idempotency_key": arrival.key,
        "issued_at": now,
        "queued_at": plan.queued,
        "waiting_since": plan.queued,
        "called_at": None,
        "serving_at": None,
        "finished_at": None,
        "counter_id": None,
        "officer_id": None,
        "recall_count": 0,
        "transfer_count": 0,
        "token": secrets.token_urlsafe(TOKEN_BYTES),
        "step": 1,
        "outcome": None,
    }
    details: dict[str, Any] = {"source": str(arrival.source), **arrival.details}
    event = _Event(now, arrival.device, details.pop("officer_id", None), details)
    if writes_in_one_statement(plan, connection.dialect.name):
        _write_in_one_statement(connection, plan, columns, event, booking)
    else:
        options = connection.get_execution_options()
        assert options.get("isolation_level") != "AUTOCOMMIT", "these writes need a transaction"
        _write_one_by_one(connection, plan, columns, event)
        if booking and not _linked(connection, booking, columns["id"], now):
            raise BookingTaken
    view = lookup.view_of(lookup.Columns(columns), card, card.step_name_id, card.step_name_en, None)
    return view, columns["token"]


def writes_in_one_statement(plan: Plan, dialect: str) -> bool:
    """Whether `take_place` writes the plan in one statement (PostgreSQL, unless priority
    tickets are capped): it may then run without a transaction (engine.write_connection)."""
    return dialect == "postgresql" and plan.priority_cap is None


@dataclass(frozen=True)
class _Event:
    """The "issued" event's columns (the officer's: the front desk's)."""

    at: datetime
    device: str | None
    officer_id: int | None
    details: dict[str, Any]


def _write_in_one_statement(
    connection: Connection,
    plan: Plan,
    columns: dict[str, Any],
    event: _Event,
    booking: Booking | None,
) -> None:
    """PostgreSQL: the number, the ticket and its event in one round trip (ticket_write_pg)."""
    code = plan.service.code
    params = {
        "at": event.at,
        "device": event.device,
        "officer": event.officer_id,
        "details": event.details,
        "day": plan.day,
        "series": code,
        "prefix": code,
        "counts": int(plan.arrival.kind is TicketKind.WALK_IN),
        "limit": plan.limit,
        "booking": booking.id if booking else None,
        "arrived": booking.punctuality if booking else None,
    }
    taken = take_in_one_statement(connection, columns, params, link=booking is not None)
    if not taken.booking_free:
        raise BookingTaken
    if taken.number is None or taken.ticket_id is None:
        raise _used_up(plan.limit, f"service {code}")
    number = taken.number
    columns.update(id=taken.ticket_id, number=number, code=f"{code}{number:03d}")


def _write_one_by_one(
    connection: Connection, plan: Plan, columns: dict[str, Any], event: _Event
) -> None:
    code, day = plan.service.code, plan.day
    if plan.priority_cap is not None:
        _take_number(connection, day, PRIORITY_SERIES, plan.priority_cap, "priority tickets")
    walk_in = plan.arrival.kind is TicketKind.WALK_IN
    number = _take_number(connection, day, code, plan.limit, f"service {code}", walk_in)
    columns.update(number=number, code=f"{code}{number:03d}")
    columns["id"] = connection.execute(_INSERT_TICKET, columns).scalar_one()
    about = About(columns["id"], columns["code"], code)
    record_row(
        connection,
        "issued",
        event.at,
        about,
        officer_id=event.officer_id,
        device=event.device,
        details=event.details,
    )


def _linked(connection: Connection, booking: Booking, ticket_id: int, now: datetime) -> bool:
    params = {"booking": booking.id, "ticket": ticket_id, "at": now, "arrived": booking.punctuality}
    return connection.execute(_LINK, params).rowcount == 1


_LINK = (
    update(Appointment)
    .where(Appointment.id == bindparam("booking"), Appointment.ticket_id.is_(None))
    .values(
        ticket_id=bindparam("ticket"),
        checked_in_at=bindparam("at"),
        punctuality=bindparam("arrived"),
    )
)


# Every column is given, so a column added to the table and not here fails the INSERT.
_INSERT_TICKET = (
    insert(Ticket)
    .values(
        {column.key: bindparam(column.key) for column in Ticket.__table__.c if column.key != "id"}
    )
    .returning(Ticket.id)
)


def _take_number(
    connection: Connection,
    day: date,
    series: str,
    limit: int | None,
    what: str,
    counted: bool = True,
) -> int:
    """The next number of a series; the row lock it takes serialises issuers of that series.

    `counted`: the number also takes one of the series' `limit` places (a walk-in's does).
    """
    statement = _NEXT_NUMBER[connection.dialect.name == "postgresql", counted]
    number, used = connection.execute(statement, {"day": day, "series": series}).one()
    if limit is not None and used > limit:
        raise _used_up(limit, what)
    return int(number)


def _used_up(limit: int | None, what: str) -> QuotaReached:
    return QuotaReached(f"today's quota of {limit} {what} is used up", quota=limit)


def _next_number(insert: Callable[[type[NumberSeries]], Any], counted: bool) -> Any:
    bump = {NumberSeries.counted.key: NumberSeries.counted + 1} if counted else {}
    return (
        insert(NumberSeries)
        .values(
            business_date=bindparam("day"),
            series=bindparam("series"),
            last_number=1,
            counted=int(counted),
        )
        .on_conflict_do_update(
            index_elements=[NumberSeries.business_date, NumberSeries.series],
            set_={"last_number": NumberSeries.last_number + 1, **bump},
        )
        .returning(NumberSeries.last_number, NumberSeries.counted)
    )


# Keyed by (is PostgreSQL, counted): each dialect has its own INSERT ... ON CONFLICT construct.
_NEXT_NUMBER = {
    (pg, counted): _next_number(postgresql.insert if pg else sqlite.insert, counted)
    for pg in (True, False)
    for counted in (True, False)
}
