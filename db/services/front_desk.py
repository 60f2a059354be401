"""The front desk at the entrance: tickets issued on someone's behalf, bookings checked in by
an officer, any ticket looked up, and a ticket cancelled at the applicant's request.

Each change checks that the officer has the front-desk or supervisor role, runs in one write
transaction and writes one event that carries the officer's id and the reason given.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.errors import InvalidTransition, PermissionDenied, UserError
from db.results import IssuedTicket, TicketView
from db.rules.clock import utcnow
from db.services.checkin import CheckIn, check_in
from db.services.days import cancel_in_session
from db.services.ticket_plan import Arrival
from db.services.tickets import (
    answer_without_estimate,
    find_issued,
    issue_in_session,
    with_estimate,
)
from db.store import lookup, pins
from db.store.engine import Database, read, write
from db.store.lifecycle import ACTIVE, FINAL
from db.store.models import Officer, Role, Ticket, TicketSource

FRONT_DESK_ROLES = frozenset({Role.FRONT_DESK, Role.SUPERVISOR})
MAX_REASON = 200
_BY_KEY = select(Ticket).where(Ticket.idempotency_key == bindparam("key"))


def front_desk_officer(session: Session, login: str) -> Officer:
    """The named officer, who must have the front-desk or supervisor role."""
    row = lookup.officer(session, login)
    if pins.officer_role(session, row.login) not in FRONT_DESK_ROLES:
        raise PermissionDenied(f"{row.login} has neither the front-desk nor the supervisor role")
    return row


def clean_reason(reason: str, *, required: bool, what: str) -> str:
    """The reason as stored: one line, at most MAX_REASON characters, present when required."""
    text = " ".join(reason.split())
    if required and not text:
        raise UserError(f"give the reason for {what}")
    if len(text) > MAX_REASON:
        raise UserError(f"a reason is at most {MAX_REASON} characters, got {len(text)}")
    return text


def issue_on_behalf(
    db: Database,
    service_code: str,
    *,
    officer: str,
    priority: str | None = None,
    reason: str = "",
    idempotency_key: str | None = None,
    device: str | None = None,
    now: datetime | None = None,
) -> IssuedTicket:
    """Issue a walk-in ticket for an applicant at the desk, under the kiosk's rules (hours,
    quota, capacity guard, priority cap). A priority ticket needs the reason the officer
    accepted (e.g. "lansia, KTP seen"), which goes in the audit event.

    Raises:
        PermissionDenied, ServiceClosed, QuotaReached, PriorityNotAllowed, NotFound, UserError.
    """
    what = "the priority group" if priority else "the ticket"
    why = clean_reason(reason, required=priority is not None, what=what)
    now = now or utcnow()
    try:
        with write(db) as session:
            staff = front_desk_officer(session, officer)
            earlier = _earlier(session, idempotency_key)
            if earlier is not None:
                issued = answer_without_estimate(session, earlier, now, repeated=True)
            else:
                details = {"officer_id": staff.id, "via": "front_desk", "reason": why}
                arrival = Arrival(
                    service_code, priority, TicketSource.STAFF, idempotency_key, device,
                    details=details,
                )  # fmt: skip
                issued = issue_in_session(session, arrival, now)
    except IntegrityError:
        # The same key raced in twice (PostgreSQL): the unique key let one in; answer with it.
        with read(db) as session:
            earlier = _earlier(session, idempotency_key)
            if earlier is None:
                raise
            issued = answer_without_estimate(session, earlier, now, repeated=True)
    # A new ticket's answer has its wait from the checks; an earlier one's is read now.
    return with_estimate(db, issued, now) if issued.repeated else issued


def _earlier(session: Session, key: str | None) -> Ticket | None:
    return None if key is None else session.scalar(_BY_KEY, {"key": key})


def check_in_for(
    db: Database,
    code: str,
    *,
    officer: str,
    service_code: str | None = None,
    device: str | None = None,
    now: datetime | None = None,
) -> CheckIn:
    """Check a booking in as the kiosk would (the same rules and refusals), typed or scanned
    at the desk; the ticket's source says the staff issued it.

    Raises:
        PermissionDenied and everything `db.services.checkin.check_in` raises.
    """
    with read(db) as session:
        staff_id = front_desk_officer(session, officer).id
    return check_in(
        db,
        code,
        service_code=service_code,
        source=TicketSource.STAFF,
        device=device,
        officer_id=staff_id,
        now=now,
    )


def look_up(db: Database, code: str, *, now: datetime | None = None) -> IssuedTicket:
    """Today's ticket `code`: its status, step, counter, people ahead and wait as of now.

    Raises:
        NotFound.
    """
    return find_issued(db, code, now=now)


def cancel_on_request(
    db: Database,
    code: str,
    *,
    officer: str,
    reason: str,
    device: str | None = None,
    now: datetime | None = None,
) -> TicketView:
    """Cancel today's waiting (or no-show) ticket because its holder asked to; the reason and
    the officer go in the event. A finished, expired or already cancelled ticket is refused,
    and so is one a counter holds (the counter ends it).

    Raises:
        PermissionDenied, NotFound, InvalidTransition, UserError.
    """
    why = clean_reason(reason, required=True, what="cancelling the ticket")
    now = now or utcnow()
    with write(db) as session:
        staff = front_desk_officer(session, officer)
        ticket = lookup.ticket_by_code(session, code, lookup.today(session, now))
        _refuse_held_or_over(ticket)
        previous = str(ticket.status)
        return cancel_in_session(
            session, ticket, now, staff.id, device, reason=why, on_request=True, previous=previous
        )


def _refuse_held_or_over(ticket: Ticket) -> None:
    if ticket.status in FINAL:
        raise InvalidTransition(f"{ticket.code} is already {ticket.status}: nothing to cancel")
    if ticket.status in ACTIVE:
        raise InvalidTransition(
            f"{ticket.code} is {ticket.status} at a counter: the counter ends it, not the desk"
        )
