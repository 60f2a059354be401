"""Checking in an M-Paspor booking: the booking found and checked, then its ticket issued.

Idempotent by booking code: a second scan (at the same kiosk or another, even at the same
instant) returns the ticket the first one got. The write gives the booking its ticket only if it
has none yet (`UPDATE ... WHERE ticket_id IS NULL`, with the ticket's own writes); a kiosk that
loses that race rolls back and answers in one transaction that locks the booking row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Row, bindparam, exists, join, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.errors import BookingRefused
from db.results import IssuedTicket
from db.rules.booking_rules import Arrival, Window, arrival, earliest_check_in
from db.rules.clock import local_time, utcnow
from db.services.ticket_plan import Arrival as Issue
from db.services.ticket_plan import (
    Booking,
    BookingTaken,
    Plan,
    plan_issue,
    take_place,
    writes_in_one_statement,
)
from db.services.ticket_rules import (
    OFFICE_COLUMNS,
    THE_OFFICE,
    OfficeRules,
    ServiceRules,
    office_rules_from,
    service_rules_from,
    service_rules_query,
)
from db.services.tickets import (
    answer_without_estimate,
    issue_in_session,
    planned_answer,
    with_estimate,
)
from db.store import lookup
from db.store.engine import Database, read, read_each, write, write_connection
from db.store.models import Appointment, OfficeSettings, Service, Ticket, TicketKind, TicketSource

DESK = "please go to the information desk"
_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{3,31}")


@dataclass(frozen=True)
class CheckIn:
    """A booking checked in, and the ticket it got."""

    issued: IssuedTicket
    booking_code: str
    session_start: time | None  # None for a code trusted without a list
    session_end: time | None
    punctuality: str  # on_time | early | late
    as_walk_in: bool  # too late for the booking: the office's rule gave a walk-in ticket
    trusted: bool  # no list was imported: an officer verifies the booking by hand


def normalise_code(raw: str) -> str:
    """The booking code as stored: scanners add spaces and keyboards lower case."""
    code = "".join(raw.split()).upper()
    if not _CODE.fullmatch(code):
        raise BookingRefused(
            f"{raw.strip()[:40]!r} is not a booking code (4-32 letters, digits or '-'): {DESK}",
            reason="malformed",
        )
    return code


def check_in(
    db: Database,
    raw_code: str,
    *,
    service_code: str | None = None,
    source: TicketSource = TicketSource.KIOSK,
    device: str | None = None,
    officer_id: int | None = None,
    now: datetime | None = None,
) -> CheckIn:
    """Check in today's booking `raw_code`, or return the ticket it already got.

    `service_code`: the service the applicant chose, used only for a code trusted without an
    imported list (office setting `trust_unlisted`). `officer_id`: the officer who checked it
    in at the front desk, for the event (None at a kiosk).

    Raises:
        BookingRefused, ServiceClosed, QuotaReached (a late booking turned walk-in), NotFound.
    """
    code = normalise_code(raw_code)
    moment = now or utcnow()
    who = Who(source, device, officer_id)
    # The usual case, a listed booking's first scan, takes the short path (db.services.
    # ticket_plan): checks first, then only the writes under the write lock. A repeated scan,
    # a trusted code or a race with another kiosk takes one write transaction.
    with read_each(db) as session:
        rows = session.connection().execute(_BOOKING_WITH_RULES, {"code": code}).all()
        listed = _Listed.from_row(rows[0]) if rows else None
        planned = None
        if listed is not None and listed.ticket_id is None:
            rules = office_rules_from(session, rows[0]), service_rules_from(rows)
            planned = _planned(session, listed, rules, who, moment)
    if planned is not None:
        try:
            booking = Booking(planned.booking.id, planned.punctuality)
            one = writes_in_one_statement(planned.plan, db.dialect)
            with write_connection(db, one_statement=one) as connection:
                view, token = take_place(connection, planned.plan, moment, booking)
        except (BookingTaken, IntegrityError):
            pass  # another kiosk checked it in first: answer with its ticket, below
        else:
            return planned.answer(planned_answer(planned.plan, view, token))
    return _in_one_transaction(db, code, service_code, who, moment)


@dataclass(frozen=True)
class _Planned:
    """A booking's check-in, checked: its ticket's plan, and what the answer says of it."""

    plan: Plan
    booking: _Listed
    punctuality: str

    def answer(self, issued: IssuedTicket) -> CheckIn:
        return CheckIn(
            issued=issued,
            booking_code=self.booking.booking_code,
            session_start=self.booking.session_start,
            session_end=self.booking.session_end,
            punctuality=self.punctuality,
            as_walk_in=self.plan.arrival.kind is TicketKind.WALK_IN,
            trusted=self.booking.trusted,
        )


@dataclass(frozen=True)
class _Listed:
    """A booking as the short path's read gives it (plain columns: cheaper than a row object)."""

    id: int
    booking_code: str
    business_date: date
    session_start: time | None
    session_end: time | None
    priority: str | None
    trusted: bool
    ticket_id: int | None
    released_at: datetime | None

    @classmethod
    def from_row(cls, row: Row[*tuple[Any, ...]]) -> _Listed:
        return cls(*(getattr(row, label) for label in _LISTED_LABELS))


_LISTED_LABELS = tuple(f"booking_{name}" for name in _Listed.__dataclass_fields__)
_LISTED_COLUMNS = tuple(
    getattr(Appointment, name).label(label)
    for name, label in zip(_Listed.__dataclass_fields__, _LISTED_LABELS, strict=True)
)
# What the check-in's functions read of a booking, listed (_Listed) or locked (a row).
_BookingFacts = _Listed | Appointment


def _planned(
    session: Session,
    booking: _Listed,
    rules: tuple[OfficeRules, ServiceRules],
    who: Who,
    now: datetime,
) -> _Planned:
    office, service = rules
    local = local_time(now, office.timezone)
    _require_today(booking, local)  # so the service's rules, read for its day, are today's
    when = _arrival(booking, office, local)
    issue = _issue_for(booking, service.code, office, when, local, who)
    plan = plan_issue(session, issue, now, rules)
    return _Planned(plan, booking, "late" if when is Arrival.TOO_LATE else str(when))


def _in_one_transaction(
    db: Database, code: str, service_code: str | None, who: Who, moment: datetime
) -> CheckIn:
    try:
        with write(db) as session:
            done = _check_in(session, code, service_code, who, moment)
    except IntegrityError:
        # Two kiosks trusted the same unlisted code at once: the unique code let one in.
        with read(db) as session:
            booking = session.scalar(_BOOKING, {"code": code})
            if booking is None or booking.ticket_id is None:
                raise
            done = _repeated(session, booking, moment)
    if not done.issued.repeated:  # a new ticket's answer has its wait from the checks
        return done
    return replace(done, issued=with_estimate(db, done.issued, moment))


_BOOKING = select(Appointment).where(Appointment.booking_code == bindparam("code"))
# The booking with its service's code (which the ticket's issue looks up by).
_BOOKING_AND_SERVICE = (
    select(Appointment, Service.code)
    .join(Service, Service.id == Appointment.service_id)
    .where(Appointment.booking_code == bindparam("code"))
)
_LOCKED_BOOKING = _BOOKING_AND_SERVICE.with_for_update(of=Appointment)
# The short path's one read before its checks: the booking with its service's rules for the
# booking's day (a booking for another day is refused before they matter) and the office's.
_BOOKING_WITH_RULES = (
    service_rules_query(
        Appointment.business_date, join(Appointment, Service, Appointment.service_id == Service.id)
    )
    .add_columns(*_LISTED_COLUMNS)
    .where(Appointment.booking_code == bindparam("code"))
    .add_columns(*OFFICE_COLUMNS)
    .outerjoin(OfficeSettings, THE_OFFICE)
)


@dataclass(frozen=True)
class Who:
    """Where a check-in came from: the kiosk, the command line, or an officer at the desk."""

    source: TicketSource
    device: str | None
    officer_id: int | None = None


def _check_in(
    session: Session,
    code: str,
    service_code: str | None,
    who: Who,
    now: datetime,
) -> CheckIn:
    office = lookup.settings(session)
    local = local_time(now, office.timezone)
    found = session.execute(_LOCKED_BOOKING, {"code": code}).first()
    if found is None:
        booking = _trusted(session, office, code, service_code, local)
        booked_service = session.get_one(Service, booking.service_id).code
    else:
        booking, booked_service = found[0], found[1]
    if booking.ticket_id is not None:
        return _repeated(session, booking, now)
    _require_today(booking, local)
    when = _arrival(booking, office, local)
    issue = _issue_for(booking, booked_service, office, when, local, who)
    issued = issue_in_session(session, issue, now)
    booking.ticket_id = issued.ticket.id
    booking.checked_in_at = now
    booking.punctuality = "late" if when is Arrival.TOO_LATE else str(when)
    return _answer(booking, issued)


def _require_today(booking: _BookingFacts, local: datetime) -> None:
    if booking.business_date != local.date():
        raise BookingRefused(
            f"booking {booking.booking_code} is for {booking.business_date:%d-%m-%Y}, "
            f"not today: {DESK}",
            reason="other_day",
            day=booking.business_date,
        )


def _trusted(
    session: Session,
    office: OfficeSettings,
    code: str,
    service_code: str | None,
    local: datetime,
) -> Appointment:
    """A code not on any list, accepted when the office trusts codes on a day without a list."""
    day = local.date()
    listed = session.scalar(select(exists().where(Appointment.business_date == day)))
    if not office.appointment_trust_unlisted or listed:
        raise BookingRefused(f"booking {code} is not on today's list: {DESK}", reason="unknown")
    if service_code is None:
        raise BookingRefused(
            f"booking {code} is not on a list: choose its service to check in", reason="service"
        )
    booking = Appointment(
        booking_code=code,
        business_date=day,
        service_id=lookup.service(session, service_code).id,
        trusted=True,
    )
    session.add(booking)
    session.flush()
    return booking


def _arrival(
    booking: _BookingFacts, office: OfficeSettings | OfficeRules, local: datetime
) -> Arrival:
    if booking.session_start is None or booking.session_end is None:
        return Arrival.ON_TIME  # trusted: nothing to compare with
    if booking.released_at is not None:
        return Arrival.TOO_LATE  # its place went to walk-ins at the cut-off
    window = _window(office)
    day, start, end = booking.business_date, booking.session_start, booking.session_end
    found = arrival(local, day, start, end, window)
    if found is Arrival.TOO_EARLY:
        opens = earliest_check_in(booking.business_date, booking.session_start, window)
        raise BookingRefused(
            f"booking {booking.booking_code} is for {booking.session_start:%H:%M}: "
            f"please come back from {opens:%H:%M}",
            reason="too_early",
            opens=opens.time(),
        )
    return found


def _window(office: OfficeSettings | OfficeRules) -> Window:
    return Window(office.appointment_early_minutes, office.appointment_grace_minutes)


def _issue_for(
    booking: _BookingFacts,
    service_code: str,
    office: OfficeSettings | OfficeRules,
    when: Arrival,
    local: datetime,
    who: Who,
) -> Issue:
    details: dict[str, object] = {"appointment": booking.id, "punctuality": str(when)}
    if who.officer_id is not None:
        details["officer_id"] = who.officer_id  # the event's officer column
    source, device = who.source, who.device
    if when is Arrival.TOO_LATE:
        if office.appointment_late_rule != "walk_in":
            raise BookingRefused(
                f"booking {booking.booking_code}'s session ended at "
                f"{_clock(booking.session_end)}: {DESK}",
                reason="too_late",
            )
        return Issue(
            service_code,
            booking.priority,
            source,
            device=device,
            details=details,
            was_booked=_still_to_come(booking),
        )
    start = booking.session_start or local.time()
    queue_from = datetime.combine(booking.business_date, start, local.tzinfo)
    return Issue(
        service_code,
        booking.priority,
        source,
        device=device,
        kind=TicketKind.APPOINTMENT,
        queue_from=queue_from,
        details=details,
        was_booked=_still_to_come(booking),
    )


def _still_to_come(booking: _BookingFacts) -> bool:
    """Whether the office's workload counts the booking as an applicant still to come."""
    return booking.released_at is None and not booking.trusted


def _clock(value: time | None) -> str:
    return "?" if value is None else f"{value:%H:%M}"


def _repeated(session: Session, booking: Appointment, now: datetime) -> CheckIn:
    ticket = session.get_one(Ticket, booking.ticket_id)
    return _result(session, booking, ticket, now, repeated=True)


def _result(
    session: Session, booking: Appointment, ticket: Ticket, now: datetime, *, repeated: bool
) -> CheckIn:
    return _answer(booking, answer_without_estimate(session, ticket, now, repeated=repeated))


def _answer(booking: Appointment, issued: IssuedTicket) -> CheckIn:
    return CheckIn(
        issued=issued,
        booking_code=booking.booking_code,
        session_start=booking.session_start,
        session_end=booking.session_end,
        punctuality=booking.punctuality or "on_time",
        as_walk_in=issued.ticket.kind == TicketKind.WALK_IN,
        trusted=booking.trusted,
    )
