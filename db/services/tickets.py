"""Issuing tickets: the checks, the number and the row in short transactions, and the answer
the applicant is given (people ahead, the wait, the phone link)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from db.errors import DatabaseUnavailable, NotFound
from db.results import IssuedTicket, TicketView
from db.rules.clock import utcnow
from db.services.line_order import people_ahead
from db.services.ticket_plan import (
    Arrival,
    Plan,
    plan_issue,
    take_place,
    writes_in_one_statement,
)
from db.store import lookup
from db.store.engine import Database, read, read_each, write_connection
from db.store.models import Ticket, TicketSource
from db.views.estimate import estimate_wait


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

    Two short transactions (see db.services.ticket_plan): the checks and the answer's
    figures, then the writes alone under the write lock.

    Raises:
        ServiceClosed, QuotaReached, PriorityNotAllowed, NotFound.
    """
    now = now or utcnow()
    arrival = Arrival(service_code, priority, source, idempotency_key, device)
    try:
        with read_each(db) as session:
            earlier = _earlier(session, idempotency_key, now)
            plan = plan_issue(session, arrival, now) if earlier is None else None
        if plan is None:
            assert earlier is not None
            return with_estimate(db, earlier, now)
        one = writes_in_one_statement(plan, db.dialect)
        with write_connection(db, one_statement=one) as connection:
            view, token = take_place(connection, plan, now)
    except IntegrityError:
        # Two requests with one key raced: the unique key let exactly one in; answer with it.
        with read(db) as session:
            earlier = _earlier(session, idempotency_key, now)
            if earlier is None:
                raise
        return with_estimate(db, earlier, now)
    return planned_answer(plan, view, token)


def _earlier(session: Session, key: str | None, now: datetime) -> IssuedTicket | None:
    """The answer for the ticket an earlier request with the same key got, if any."""
    ticket_id = _id_by_key(session, key)
    if ticket_id is None:
        return None
    return _issued(session, session.get_one(Ticket, ticket_id), now, repeated=True)


def _id_by_key(session: Session, key: str | None) -> int | None:
    if key is None:
        return None
    return session.scalar(_BY_KEY, {"key": key})


# Kiosks send a key with every ticket (built once: see ticket_plan._SERVICE_FOR_ISSUE).
_BY_KEY = select(Ticket.id).where(Ticket.idempotency_key == bindparam("key"))


def issue_in_session(session: Session, arrival: Arrival, now: datetime) -> IssuedTicket:
    """Issue a ticket inside the caller's write transaction (see `planned_answer`)."""
    plan = plan_issue(session, arrival, now)
    view, token = take_place(session.connection(), plan, now)
    return planned_answer(plan, view, token)


def planned_answer(plan: Plan, view: TicketView, token: str) -> IssuedTicket:
    """The answer for a ticket taken by `plan`: the people ahead and the wait its checks
    found. Nothing is read after the commit, so nothing can make a committed ticket look
    refused."""
    url = ticket_url(plan.public_url, token)
    return IssuedTicket(view, plan.ahead, plan.wait, repeated=False, token=token, url=url)


def _issued(
    session: Session,
    ticket: Ticket,
    now: datetime,
    *,
    repeated: bool,
) -> IssuedTicket:
    """The answer with people ahead by the office's call order (a lansia ticket is told 0
    ahead) and no wait estimate (see `with_estimate`): one aggregate query, cheap enough for
    inside the write transaction."""
    token = ticket.token or ""
    office = lookup.settings(session)
    return IssuedTicket(
        ticket=lookup.view(session, ticket),
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
        with read_each(db) as session:
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


def ticket_url(public_url: str | None, token: str) -> str | None:
    """The phone page of the ticket with `token`, under the office's public URL (if any)."""
    if not public_url or not token:
        return None
    return f"{public_url.rstrip('/')}/t/{token}"


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
