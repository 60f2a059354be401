"""Issuing tickets: numbering, hours, quotas and idempotency, all inside one transaction."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, make_transient_to_detached

from db.errors import (
    DatabaseUnavailable,
    NotFound,
    PriorityNotAllowed,
    QuotaReached,
    ServiceClosed,
)
from db.office_config import PRIORITY_CATEGORIES
from db.results import IssuedTicket
from db.rules.clock import local_time, utcnow
from db.rules.hours import Availability, ClosedReason, DayHours, availability, past_closing
from db.services.line_order import people_ahead
from db.store import lookup
from db.store.engine import Database, read, write
from db.store.events import record
from db.store.models import (
    DailyQuota,
    NumberSeries,
    OfficeSettings,
    ReleasedSlots,
    Service,
    ServiceHours,
    Ticket,
    TicketKind,
    TicketSource,
    TicketStatus,
)
from db.views.estimate import estimate_wait, queue_end

PRIORITY_SERIES = "*priority"


def issue_ticket(
    db: Database,
    service_code: str,
    *,
    priority: str | None = None,
    source: TicketSource = TicketSource.KIOSK,
    idempotency_key: str | None = None,
    device: str | None = None,
    now: datetime | None = None,
) -> IssuedTicket:
    """Issue the next ticket of a service for today, or return the earlier one for the same key.

    Raises:
        ServiceClosed, QuotaReached, PriorityNotAllowed, NotFound.
    """
    now = now or utcnow()
    try:
        # The answer (number, people ahead) is read inside the write transaction: it leaves
        # this function only once the commit has succeeded, and no read after the commit can
        # make a committed ticket look refused (the estimate after it may only be missing).
        with write(db) as session:
            ticket_id = _id_by_key(session, idempotency_key)
            if ticket_id is not None:
                issued = _issued(session, session.get_one(Ticket, ticket_id), now, repeated=True)
            else:
                new = _issue(session, service_code, priority, source, idempotency_key, device, now)
                issued = _issued(
                    session, new.ticket, now, repeated=False, service=new.service, office=new.office
                )
    except IntegrityError:
        # Two requests with one key raced on PostgreSQL; the unique key let exactly one in.
        with read(db) as session:
            ticket_id = _id_by_key(session, idempotency_key)
            if ticket_id is None:
                raise
            issued = _issued(session, session.get_one(Ticket, ticket_id), now, repeated=True)
    return with_estimate(db, issued, now)


@dataclass(frozen=True)
class _New:
    """A ticket just issued, with the service and settings its transaction read."""

    ticket: Ticket
    service: Service
    office: OfficeSettings


def _id_by_key(session: Session, key: str | None) -> int | None:
    if key is None:
        return None
    return session.scalar(_BY_KEY, {"key": key})


# Kiosks send a key with every ticket (built once: see _SERVICE_FOR_ISSUE).
_BY_KEY = select(Ticket.id).where(Ticket.idempotency_key == bindparam("key"))


def _issue(
    session: Session,
    service_code: str,
    priority: str | None,
    source: TicketSource,
    key: str | None,
    device: str | None,
    now: datetime,
) -> _New:
    arrival = Arrival(service_code, priority, source, key, device)
    return issue_in_session(session, arrival, now)


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


def issue_in_session(session: Session, arrival: Arrival, now: datetime) -> _New:
    """Issue a ticket inside the caller's write transaction (hours, quota, number, event).

    An appointment takes a number of its service's series but no walk-in place.
    """
    office = lookup.settings(session)
    local = local_time(now, office.timezone)
    day = local.date()
    service, hours, override, released = _service_for_issue(session, arrival.service_code, day)
    walk_in = arrival.kind is TicketKind.WALK_IN
    # The crowd guard holds back walk-ins: the office has already promised bookings a place.
    state = service_availability(session, service, local, hours=hours, guard=walk_in)
    if not state.open:
        raise ServiceClosed(_closed_message(service, state), reason=state.reason, opens=state.opens)
    priority = arrival.priority
    _check_priority(service, priority)
    if walk_in and priority and office.priority_daily_cap is not None:
        _take_number(session, day, PRIORITY_SERIES, office.priority_daily_cap, "priority tickets")
    quota = override.quota if override else state.quota  # as quota_today, without a query
    if quota is not None and released is not None:
        quota += released.slots
    limit = quota if walk_in else None
    number = _take_number(session, day, service.code, limit, f"service {service.code}", walk_in)
    queued = max(now, arrival.queue_from or now)
    ticket = _inserted(
        session,
        business_date=day,
        series_service_id=service.id,
        service_id=service.id,
        number=number,
        code=f"{service.code}{number:03d}",
        priority=priority,
        status=TicketStatus.WAITING,
        source=arrival.source,
        kind=arrival.kind,
        idempotency_key=arrival.key,
        issued_at=now,
        queued_at=queued,
        waiting_since=queued,
        called_at=None,
        serving_at=None,
        finished_at=None,
        counter_id=None,
        officer_id=None,
        recall_count=0,
        transfer_count=0,
        token=new_token(),
        step=1,
        outcome=None,
    )
    details: dict[str, Any] = {"source": str(arrival.source), **arrival.details}
    record(session, "issued", now, ticket=ticket, device=arrival.device, **details)
    return _New(ticket, service, office)


def _inserted(session: Session, **columns: Any) -> Ticket:
    """The new ticket: one Core INSERT (the ORM's unit of work costs more than the statement
    itself), then attached to the session as a loaded row. Every column is given, so nothing
    is left to load later; a column added to the table and not here fails the INSERT."""
    ticket_id = session.connection().execute(_INSERT_TICKET, columns).scalar_one()
    ticket = Ticket(id=ticket_id, **columns)
    make_transient_to_detached(ticket)
    session.add(ticket)
    return ticket


_INSERT_TICKET = (
    insert(Ticket)
    .values(
        {column.key: bindparam(column.key) for column in Ticket.__table__.c if column.key != "id"}
    )
    .returning(Ticket.id)
)


def _service_for_issue(
    session: Session, code: str, day: date
) -> tuple[Service, list[ServiceHours], DailyQuota | None, ReleasedSlots | None]:
    """The service, its hours, today's quota override and released places, in one round trip."""
    rows = session.execute(_SERVICE_FOR_ISSUE, {"code": code.strip().upper(), "day": day}).all()
    if not rows:
        raise NotFound(f"there is no service {code!r}")
    hours = [row[1] for row in rows if row[1] is not None]
    return rows[0][0], hours, rows[0][2], rows[0][3]


# The hot path's statements are built once, with bound parameters: building a statement costs
# about as much Python time as running it, and a prebuilt one keeps its cache key.
_SERVICE_FOR_ISSUE = (
    select(Service, ServiceHours, DailyQuota, ReleasedSlots)
    .outerjoin(ServiceHours, ServiceHours.service_id == Service.id)
    .outerjoin(
        DailyQuota,
        (DailyQuota.service_id == Service.id) & (DailyQuota.business_date == bindparam("day")),
    )
    .outerjoin(
        ReleasedSlots,
        (ReleasedSlots.service_id == Service.id)
        & (ReleasedSlots.business_date == bindparam("day")),
    )
    .where(Service.code == bindparam("code"))
)


def _issued(
    session: Session,
    ticket: Ticket,
    now: datetime,
    *,
    repeated: bool,
    service: Service | None = None,
    office: OfficeSettings | None = None,
) -> IssuedTicket:
    """The answer with people ahead by the office's call order (a lansia ticket is told 0
    ahead) and no wait estimate (see `with_estimate`): one aggregate query, cheap enough for
    inside the write transaction."""
    token = ticket.token or ""
    office = office or lookup.settings(session)
    return IssuedTicket(
        ticket=lookup.view(session, ticket, service=service),
        people_ahead=people_ahead(session, ticket, now) if ticket.status == "waiting" else 0,
        estimated_wait=None,
        repeated=repeated,
        token=token,
        url=ticket_url(office.public_url, token),
    )


def with_estimate(db: Database, issued: IssuedTicket, now: datetime) -> IssuedTicket:
    """The answer with its wait estimate, read after the commit so that no lock waits for it.

    The ticket exists whatever happens here: if this read fails, the answer goes without an
    estimate instead of looking like a refused ticket.
    """
    try:
        with read(db) as session:
            return _refined(session, issued, now)
    except (DatabaseUnavailable, DBAPIError):
        return issued


def _refined(session: Session, issued: IssuedTicket, now: datetime) -> IssuedTicket:
    ticket = issued.ticket
    wait = estimate_wait(
        session, ticket.service_id, issued.people_ahead, now, ticket.step, day=ticket.business_date
    )
    return replace(issued, estimated_wait=wait)


def answer_without_estimate(
    session: Session, ticket: Ticket, now: datetime, *, repeated: bool
) -> IssuedTicket:
    """What the applicant is told of `ticket` (people ahead, the phone link), but the wait:
    for a caller's write transaction, followed by `with_estimate` after its commit."""
    return _issued(session, ticket, now, repeated=repeated)


TOKEN_BYTES = 16


def new_token() -> str:
    """128 random bits, URL-safe: a phone link nobody can guess from the printed number."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def ticket_url(public_url: str | None, token: str) -> str | None:
    """The phone page of the ticket with `token`, under the office's public URL (if any)."""
    if not public_url or not token:
        return None
    return f"{public_url.rstrip('/')}/t/{token}"


def service_availability(
    session: Session,
    service: Service,
    local: datetime,
    *,
    hours: Sequence[ServiceHours] | None = None,
    guard: bool = True,
) -> Availability:
    """Whether the service issues at the office-local moment `local`: hours, then the guard.

    `hours`: the service's hours rows when the caller already has them (else they are read).
    """
    if hours is None:
        hours = session.scalars(
            select(ServiceHours).where(ServiceHours.service_id == service.id)
        ).all()
    days = [DayHours(r.weekday, r.opens, r.issue_until, r.closes, r.quota) for r in hours]
    state = availability(service.active, service.daily_quota, days, local)
    guarded = guard and state.open and service.capacity_guard and state.closes is not None
    if guarded and state.closes and _over_capacity(session, service, local, state.closes):
        return replace(state, open=False, reason=ClosedReason.CAPACITY)
    return state


def _over_capacity(session: Session, service: Service, local: datetime, closes: time) -> bool:
    """The capacity guard: would the visits in the office, those booked to come and one more
    walk-in outlast closing time at every step of the journey (see db.rules.workload)?

    Without enough history or an open counter at a step there is no projection, and the
    guard lets tickets out.
    """
    queue = queue_end(session, service.id, local)
    return queue is not None and past_closing(local, closes, queue)


def quota_today(
    session: Session, service: Service, day: date, configured: int | None
) -> int | None:
    """Today's walk-in quota: a supervisor's override for the day, else the configured one,
    plus the places released by bookings nobody checked in for."""
    override = session.get(DailyQuota, (day, service.id))
    quota = override.quota if override else configured
    released = session.get(ReleasedSlots, (day, service.id))
    return quota + released.slots if quota is not None and released else quota


def _take_number(
    session: Session,
    day: date,
    series: str,
    limit: int | None,
    what: str,
    counted: bool = True,
) -> int:
    """The next number of a series; the row lock it takes serialises issuers of that series.

    `counted`: the number also takes one of the series' `limit` places (a walk-in's does).
    """
    statement = _NEXT_NUMBER[session.get_bind().dialect.name == "postgresql", counted]
    number, used = session.connection().execute(statement, {"day": day, "series": series}).one()
    if limit is not None and used > limit:
        raise QuotaReached(f"today's quota of {limit} {what} is used up", quota=limit)
    return int(number)


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


def _check_priority(service: Service, priority: str | None) -> None:
    if priority is None:
        return
    if priority not in PRIORITY_CATEGORIES:
        known = ", ".join(PRIORITY_CATEGORIES)
        raise PriorityNotAllowed(f"unknown priority category {priority!r} (known: {known})")
    if not service.priority_allowed:
        raise PriorityNotAllowed(f"service {service.code} does not take priority tickets")


def _closed_message(service: Service, state: Availability) -> str:
    name = f"service {service.code} ({service.name_en})"
    if state.reason is ClosedReason.NOT_YET_OPEN and state.opens:
        return f"{name} opens at {state.opens:%H:%M}"
    if state.reason is ClosedReason.ISSUING_ENDED and state.issue_until:
        return f"{name} stopped issuing tickets at {state.issue_until:%H:%M}"
    if state.reason is ClosedReason.NOT_TODAY:
        return f"{name} is closed today"
    if state.reason is ClosedReason.CAPACITY and state.closes:
        return f"{name} cannot take more applicants: the queue would run past {state.closes:%H:%M}"
    return f"{name} is closed"


def find_issued(db: Database, code: str, *, now: datetime | None = None) -> IssuedTicket:
    """Today's ticket `code` as it was issued, with its people ahead and wait as of now.

    Raises:
        NotFound.
    """
    now = now or utcnow()
    with read(db) as session:
        day = lookup.today(session, now)
        ticket = session.scalar(
            select(Ticket).where(Ticket.business_date == day, Ticket.code == code.strip().upper())
        )
        if ticket is None:
            raise NotFound(f"there is no ticket {code!r} today")
        return _refined(session, _issued(session, ticket, now, repeated=True), now)
