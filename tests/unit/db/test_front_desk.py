"""The front desk's services (issue on someone's behalf, check in, look up, cancel on request)
and today's availability, on both backends."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from db.errors import (
    BookingRefused,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    QuotaReached,
    UserError,
)
from db.rules.hours import ClosedReason
from db.services import calls, front_desk, officers, supervisor
from db.services.appointments import import_bookings
from db.services.tickets import issue_ticket
from db.store import engine
from db.store.models import Event, Officer
from db.views.availability import BookedSession, today_availability

DAY = date(2026, 11, 27)  # a Friday
BOOKINGS = (
    "booking_code,date,session_start,session_end,service,priority\n"
    "MP-0001,2026-11-27,09:00,10:00,A,\n"
    "MP-0002,2026-11-27,13:00,14:00,A,\n"
    "MP-0003,2026-11-27,13:00,14:00,A,lansia\n"
    "MP-0004,2026-11-27,08:00,09:00,B,\n"
)


def wib(clock: str) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(DAY, time(hours, minutes), ZoneInfo("Asia/Jakarta"))


T0 = wib("09:30")


@pytest.fixture
def office(db: engine.Database) -> engine.Database:
    """The small office with a front-desk officer (rina), a supervisor and a counter officer."""
    officers.add_officer(db, "rina", "Rina Lestari", "front_desk")
    officers.add_officer(db, "kepala", "Hendra Wijaya", "supervisor")
    officers.add_officer(db, "budi", "Budi Santoso")
    return db


def last_event(db: engine.Database) -> tuple[str, str | None, dict[str, Any]]:
    with engine.read(db) as session:
        row = session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).one()
        officer = session.get(Officer, row.officer_id) if row.officer_id else None
        return row.kind, officer.login if officer else None, row.details


def event_count(db: engine.Database) -> int:
    with engine.read(db) as session:
        return session.scalar(select(func.count()).select_from(Event)) or 0


def test_a_front_desk_officer_can_be_added_and_signs_in_with_the_role(
    office: engine.Database,
) -> None:
    officers.set_pin(office, "rina", "2468")
    assert officers.authenticate(office, "rina", "2468").role == "front_desk"


def test_a_priority_ticket_on_someones_behalf_records_the_reason_and_officer(
    office: engine.Database,
) -> None:
    issue_ticket(office, "A", now=T0)
    issued = front_desk.issue_on_behalf(
        office, "A", officer="rina", priority="lansia", reason="  aged 72,  KTP seen ", now=T0
    )
    assert (issued.ticket.code, issued.ticket.priority, issued.ticket.source) == (
        "A002",
        "lansia",
        "staff",
    )
    assert issued.people_ahead == 0  # a lansia ticket goes before the normal one
    kind, who, details = last_event(office)
    assert (kind, who) == ("issued", "rina")
    assert details == {"source": "staff", "via": "front_desk", "reason": "aged 72, KTP seen"}


def test_a_priority_ticket_without_a_reason_is_refused_and_nothing_is_issued(
    office: engine.Database,
) -> None:
    before = event_count(office)
    with pytest.raises(UserError, match="reason"):
        front_desk.issue_on_behalf(office, "A", officer="rina", priority="lansia", now=T0)
    assert event_count(office) == before


def test_the_desk_issues_under_the_kiosks_quota(office: engine.Database) -> None:
    for _ in range(5):
        front_desk.issue_on_behalf(office, "A", officer="rina", now=T0)
    with pytest.raises(QuotaReached):
        front_desk.issue_on_behalf(office, "A", officer="rina", now=T0)


def test_the_same_key_twice_gives_one_ticket(office: engine.Database) -> None:
    first = front_desk.issue_on_behalf(office, "B", officer="rina", idempotency_key="k1", now=T0)
    again = front_desk.issue_on_behalf(office, "B", officer="rina", idempotency_key="k1", now=T0)
    assert (again.ticket.code, again.repeated) == (first.ticket.code, True)


@pytest.mark.parametrize("login", ["rina", "kepala"])
def test_front_desk_and_supervisor_may_use_the_desk(office: engine.Database, login: str) -> None:
    assert front_desk.issue_on_behalf(office, "B", officer=login, now=T0).ticket.code == "B001"


def test_a_counter_officer_may_not_use_the_desk(office: engine.Database) -> None:
    issue_ticket(office, "A", now=T0)
    with pytest.raises(PermissionDenied):
        front_desk.issue_on_behalf(office, "B", officer="budi", now=T0)
    with pytest.raises(PermissionDenied):
        front_desk.cancel_on_request(office, "A001", officer="budi", reason="left", now=T0)


def test_a_front_desk_officer_has_no_supervisor_rights(office: engine.Database) -> None:
    with pytest.raises(PermissionDenied):
        supervisor.close_service(office, "A", supervisor="rina")


def test_cancel_on_request_is_one_event_with_the_reason(office: engine.Database) -> None:
    issue_ticket(office, "A", now=T0)
    before = event_count(office)
    cancelled = front_desk.cancel_on_request(
        office, "a001", officer="rina", reason="has to pick up a child", now=T0
    )
    assert cancelled.status == "cancelled"
    assert event_count(office) == before + 1
    kind, who, details = last_event(office)
    assert (kind, who) == ("cancelled", "rina")
    assert details == {
        "reason": "has to pick up a child",
        "on_request": True,
        "previous": "waiting",
    }


def test_cancelling_a_finished_ticket_is_refused_and_changes_nothing(
    office: engine.Database,
) -> None:
    issue_ticket(office, "A", now=T0)
    calls.call_next(office, 1, now=T0)
    calls.finish(office, 1, now=T0 + timedelta(minutes=5))
    before = event_count(office)
    with pytest.raises(InvalidTransition, match="already finished"):
        front_desk.cancel_on_request(office, "A001", officer="rina", reason="x", now=T0)
    assert event_count(office) == before
    assert front_desk.look_up(office, "A001", now=T0).ticket.status == "finished"


def test_a_ticket_at_a_counter_is_left_to_the_counter(office: engine.Database) -> None:
    issue_ticket(office, "A", now=T0)
    calls.call_next(office, 1, now=T0)
    with pytest.raises(InvalidTransition, match="at a counter"):
        front_desk.cancel_on_request(office, "A001", officer="rina", reason="x", now=T0)


def test_cancelling_needs_a_reason(office: engine.Database) -> None:
    issue_ticket(office, "A", now=T0)
    with pytest.raises(UserError, match="reason"):
        front_desk.cancel_on_request(office, "A001", officer="rina", reason="  ", now=T0)
    with pytest.raises(UserError, match="at most"):
        front_desk.cancel_on_request(office, "A001", officer="rina", reason="x" * 201, now=T0)


def test_cancelling_an_unknown_ticket_says_so(office: engine.Database) -> None:
    with pytest.raises(NotFound, match="Z999"):
        front_desk.cancel_on_request(office, "Z999", officer="rina", reason="x", now=T0)


def test_look_up_tells_status_people_ahead_and_the_counter(office: engine.Database) -> None:
    for _ in range(3):
        issue_ticket(office, "A", now=T0)
    calls.call_next(office, 2, now=T0)
    called = front_desk.look_up(office, "A001", now=T0)
    assert (called.ticket.status, called.ticket.counter_number, called.people_ahead) == (
        "called",
        2,
        0,
    )
    assert front_desk.look_up(office, " a003 ", now=T0).people_ahead == 1
    with pytest.raises(NotFound):
        front_desk.look_up(office, "A009", now=T0)


def test_check_in_at_the_desk_follows_the_kiosks_rules(office: engine.Database) -> None:
    import_bookings(office, BOOKINGS, now=wib("07:00"))
    done = front_desk.check_in_for(office, " mp-0001 ", officer="rina", now=wib("09:05"))
    assert (done.issued.ticket.kind, done.issued.ticket.source) == ("appointment", "staff")
    assert last_event(office)[:2] == ("issued", "rina")
    with pytest.raises(BookingRefused) as refused:
        front_desk.check_in_for(office, "MP-9999", officer="rina", now=wib("09:05"))
    assert refused.value.details["reason"] == "unknown"
    with pytest.raises(PermissionDenied):
        front_desk.check_in_for(office, "MP-0002", officer="budi", now=wib("09:05"))


def test_availability_shows_places_left_and_booked_sessions_to_come(
    office: engine.Database,
) -> None:
    import_bookings(office, BOOKINGS, now=wib("07:00"))
    front_desk.check_in_for(office, "MP-0001", officer="rina", now=wib("09:05"))
    issue_ticket(office, "A", now=T0)
    days = {day.code: day for day in today_availability(office, now=T0)}
    a = days["A"]
    assert (a.status.quota, a.status.quota_left, a.status.waiting) == (5, 4, 2)
    assert a.availability.open
    # MP-0001 is in, MP-0004's session is over: two bookings of 13:00 are still to come.
    assert a.booked_to_come == (BookedSession(time(13), time(14), 2),)
    assert a.booked_total == 2
    assert days["B"].booked_to_come == ()
    assert a.newcomer_wait is None  # no service history yet: no estimate is made up


def test_availability_shows_a_closed_service_as_closed_and_a_used_up_quota(
    office: engine.Database,
) -> None:
    supervisor.close_service(office, "B", supervisor="kepala", now=T0)
    supervisor.set_daily_quota(office, "A", 0, supervisor="kepala", now=T0)
    days = {day.code: day for day in today_availability(office, now=T0)}
    assert (days["B"].availability.open, days["B"].availability.reason) == (
        False,
        ClosedReason.INACTIVE,
    )
    assert (days["A"].status.quota_left, days["A"].availability.open) == (0, True)


def test_the_schema_knows_the_front_desk_role_and_no_other(office: engine.Database) -> None:
    insert = text(
        "INSERT INTO officers (login, name, role, failed_pins, active) "
        "VALUES (:login, 'X', :role, 0, :active)"
    )
    with engine.write(office) as session:
        session.execute(insert, {"login": "meja2", "role": "front_desk", "active": True})
    with pytest.raises(IntegrityError), engine.write(office) as session:
        session.execute(insert, {"login": "boss", "role": "boss", "active": True})
