"""Booking lists and check-in, on both backends: idempotent, never two tickets for one code."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from db.errors import BookingFileError, BookingRefused, NobodyWaiting, QuotaReached
from db.office_config import AppointmentsConfig, CallOrderConfig
from db.ops.setup import apply_config
from db.results import WaitEstimate
from db.services import calls, checkin
from db.services.appointments import import_bookings, release_unused
from db.services.checkin import CheckIn, check_in
from db.services.tickets import find_issued, issue_ticket
from db.store import engine
from db.store.models import Appointment, Event, NumberSeries, Ticket, TicketKind
from db.views.queries import service_statuses
from tests.conftest import SMALL_OFFICE

DAY = date(2026, 11, 27)  # a Friday; Jakarta is UTC+7
HEADER = "booking_code,date,session_start,session_end,service,priority\n"
LIST = HEADER + (
    "MP-0001,2026-11-27,09:00,10:00,A,\n"
    "MP-0002,2026-11-27,09:00,10:00,A,lansia\n"
    "MP-0003,2026-11-27,13:00,14:00,B,\n"
    "MP-0004,2026-11-28,09:00,10:00,A,\n"
)


def wib(clock: str, day: date = DAY) -> datetime:
    """An office-local (WIB) clock time on `day`."""
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hours, minutes), ZoneInfo("Asia/Jakarta"))


def configure(db: engine.Database, **rules: object) -> None:
    apply_config(db, replace(SMALL_OFFICE, appointments=replace(AppointmentsConfig(), **rules)))


@pytest.fixture
def booked(db: engine.Database) -> engine.Database:
    configure(db, late_rule="refuse", release_at=time(11))
    import_bookings(db, LIST, now=wib("07:00"))
    return db


def tickets(db: engine.Database) -> int:
    with engine.read(db) as session:
        return session.scalar(select(func.count()).select_from(Ticket)) or 0


def test_importing_the_same_file_twice_changes_nothing(db: engine.Database) -> None:
    first = import_bookings(db, LIST, now=wib("07:00"))
    again = import_bookings(db, LIST, now=wib("07:05"))
    assert (first.added, first.updated, first.unchanged) == (4, 0, 0)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)


def test_a_changed_file_updates_only_bookings_not_yet_checked_in(booked: engine.Database) -> None:
    check_in(booked, "MP-0001", now=wib("09:10"))
    changed = LIST.replace("MP-0001,2026-11-27,09:00", "MP-0001,2026-11-27,09:30").replace(
        "MP-0003,2026-11-27,13:00,14:00", "MP-0003,2026-11-27,14:00,15:00"
    )
    result = import_bookings(booked, changed, now=wib("09:20"))
    assert (result.updated, result.kept, result.unchanged) == (1, 1, 2)
    with engine.read(booked) as session:
        rows = session.execute(select(Appointment.booking_code, Appointment.session_start))
        starts = {code: start for code, start in rows}
    assert starts["MP-0001"] == time(9)  # checked in: kept as it was
    assert starts["MP-0003"] == time(14)


def test_strict_loads_nothing_when_a_row_is_bad(db: engine.Database) -> None:
    bad = LIST + "MP-0009,2026-11-27,09:00,10:00,Q,\n"
    with pytest.raises(BookingFileError, match="line 6"):
        import_bookings(db, bad, strict=True)
    lenient = import_bookings(db, bad)
    assert lenient.added == 4
    assert [p.line for p in lenient.problems] == [6]


def test_a_date_loads_only_that_days_rows(db: engine.Database) -> None:
    result = import_bookings(db, LIST, day=DAY)
    assert (result.added, result.other_days) == (3, 1)


def test_check_in_on_time_issues_an_appointment_ticket(booked: engine.Database) -> None:
    done = check_in(booked, " mp-0001 ", now=wib("09:15"))
    assert done.punctuality == "on_time"
    assert done.issued.ticket.code == "A001"
    assert (done.session_start, done.session_end) == (time(9), time(10))
    assert not done.as_walk_in
    with engine.read(booked) as session:
        kind = session.scalars(select(Ticket.kind)).one()
        details = session.scalars(select(Event.details).where(Event.kind == "issued")).one()
    assert kind is TicketKind.APPOINTMENT
    assert details["punctuality"] == "on_time"
    assert "MP-0001" not in str(details)  # codes are purged later; events are kept for ever


def test_a_second_scan_returns_the_same_ticket(booked: engine.Database) -> None:
    first = check_in(booked, "MP-0001", now=wib("09:15"))
    second = check_in(booked, "MP-0001", now=wib("09:16"))
    assert second.issued.ticket.code == first.issued.ticket.code
    assert second.issued.repeated
    assert not first.issued.repeated
    assert tickets(booked) == 1


def test_two_kiosks_scanning_one_code_at_once_give_one_ticket(booked: engine.Database) -> None:
    codes: list[str] = []
    start = threading.Barrier(4)

    def scan() -> None:
        start.wait()
        codes.append(check_in(booked, "MP-0002", now=wib("09:30")).issued.ticket.code)

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(codes) == 4
    assert len(set(codes)) == 1
    assert tickets(booked) == 1


def test_a_kiosk_beaten_between_its_checks_and_its_write_answers_with_the_first_ticket(
    booked: engine.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = checkin.write_connection
    first: list[CheckIn] = []
    started: list[bool] = []

    @contextmanager
    def other_kiosk_first(db: engine.Database, **options: Any) -> Iterator[Any]:
        if not started:  # the other kiosk scans the same code after this one's checks
            started.append(True)
            first.append(check_in(db, "MP-0001", now=wib("09:15")))
        with real_write(db, **options) as connection:
            yield connection

    monkeypatch.setattr(checkin, "write_connection", other_kiosk_first)
    mine = check_in(booked, "MP-0001", now=wib("09:15"))
    monkeypatch.undo()
    assert mine.issued.ticket.code == first[0].issued.ticket.code == "A001"
    assert (mine.issued.repeated, first[0].issued.repeated) == (True, False)
    assert tickets(booked) == 1
    assert issue_ticket(booked, "A", now=wib("09:16")).ticket.code == "A002"  # none lost


def test_a_check_in_is_told_the_wait_a_read_just_after_it_finds(
    booked: engine.Database,
) -> None:
    history = "".join(f"H-{n:04d},2026-11-27,08:00,09:00,A,\n" for n in range(6))
    import_bookings(booked, LIST + history, now=wib("07:00"))
    for n in range(6):  # six services of four minutes each at counter 1
        called = wib(f"08:{10 * n:02d}")
        check_in(booked, f"H-{n:04d}", now=called)
        calls.call_next(booked, 1, now=called)
        calls.finish(booked, 1, now=called + timedelta(minutes=4))
    issue_ticket(booked, "A", now=wib("09:05"))
    done = check_in(booked, "MP-0001", now=wib("09:10"))
    after = find_issued(booked, done.issued.ticket.code, now=wib("09:10"))
    # One walk-in ahead and MP-0002 still to come, 4 minutes each, two counters: 4 minutes.
    assert done.issued.people_ahead == after.people_ahead == 1
    assert done.issued.estimated_wait == after.estimated_wait == WaitEstimate(1, 10)


def test_an_early_ticket_waits_until_its_session_opens(booked: engine.Database) -> None:
    done = check_in(booked, "MP-0001", now=wib("08:20"))
    assert done.punctuality == "early"
    with pytest.raises(NobodyWaiting):
        calls.call_next(booked, 1, now=wib("08:30"))
    assert calls.call_next(booked, 1, now=wib("09:00")).code == done.issued.ticket.code


def test_an_early_ticket_queues_at_its_session_start_behind_earlier_walk_ins(
    booked: engine.Database,
) -> None:
    check_in(booked, "MP-0001", now=wib("08:20"))
    walk_in = issue_ticket(booked, "A", now=wib("08:40"))
    assert calls.call_next(booked, 1, now=wib("09:05")).code == walk_in.ticket.code


def test_too_early_is_refused_with_the_time_to_come_back(booked: engine.Database) -> None:
    with pytest.raises(BookingRefused, match="from 08:00") as refused:
        check_in(booked, "MP-0001", now=wib("07:30"))
    assert refused.value.details["reason"] == "too_early"
    assert tickets(booked) == 0


def test_late_within_the_grace_is_still_an_appointment(booked: engine.Database) -> None:
    done = check_in(booked, "MP-0001", now=wib("10:20"))
    assert (done.punctuality, done.as_walk_in) == ("late", False)


def test_too_late_is_refused_when_the_office_says_so(booked: engine.Database) -> None:
    with pytest.raises(BookingRefused, match="information desk") as refused:
        check_in(booked, "MP-0001", now=wib("10:31"))
    assert refused.value.details["reason"] == "too_late"


def test_too_late_becomes_a_walk_in_ticket_while_walk_in_places_remain(
    db: engine.Database,
) -> None:
    configure(db, late_rule="walk_in")
    import_bookings(db, LIST, now=wib("07:00"))
    for _ in range(4):
        issue_ticket(db, "A", now=wib("08:00"))
    done = check_in(db, "MP-0001", now=wib("11:00"))
    assert (done.punctuality, done.as_walk_in) == ("late", True)
    with pytest.raises(QuotaReached):
        check_in(db, "MP-0002", now=wib("11:00"))
    # The refusal wrote nothing: no number taken, no ticket, the booking still free.
    with engine.read(db) as session:
        series = select(NumberSeries.last_number, NumberSeries.counted)
        assert session.execute(series.where(NumberSeries.series == "A")).one() == (5, 5)
        booking = select(Appointment.ticket_id).where(Appointment.booking_code == "MP-0002")
        assert session.scalar(booking) is None
    assert tickets(db) == 5


@pytest.mark.parametrize(
    ("code", "reason"),
    [("MP-9999", "unknown"), ("MP-0004", "other_day"), ("??", "malformed")],
)
def test_codes_that_cannot_check_in_send_the_applicant_to_the_desk(
    booked: engine.Database, code: str, reason: str
) -> None:
    with pytest.raises(BookingRefused, match="information desk") as refused:
        check_in(booked, code, now=wib("09:15"))
    assert refused.value.details["reason"] == reason


def test_appointments_take_a_number_but_no_walk_in_place(booked: engine.Database) -> None:
    check_in(booked, "MP-0001", now=wib("09:10"))
    check_in(booked, "MP-0002", now=wib("09:10"))
    walk_ins = [issue_ticket(booked, "A", now=wib("09:20")).ticket.code for _ in range(5)]
    assert walk_ins == ["A003", "A004", "A005", "A006", "A007"]
    with pytest.raises(QuotaReached):
        issue_ticket(booked, "A", now=wib("09:20"))
    status = {s.code: s for s in service_statuses(booked, now=wib("09:21"))}["A"]
    assert (status.issued, status.walk_ins, status.quota_left) == (7, 5, 0)


def test_the_cut_off_releases_unused_bookings_to_walk_ins_exactly_once(
    booked: engine.Database,
) -> None:
    check_in(booked, "MP-0001", now=wib("09:10"))
    assert release_unused(booked, now=wib("10:59")).total == 0
    first = release_unused(booked, now=wib("11:00"))
    again = release_unused(booked, now=wib("11:05"))
    assert first.by_service == {"A": 1, "B": 1}
    assert again.total == 0
    status = {s.code: s for s in service_statuses(booked, now=wib("11:06"))}["A"]
    assert status.quota == 6
    with pytest.raises(BookingRefused, match="information desk"):
        check_in(booked, "MP-0002", now=wib("11:10"))


def test_kiosks_releasing_at_the_same_moment_add_each_place_once(booked: engine.Database) -> None:
    start = threading.Barrier(4)

    def release() -> None:
        start.wait()
        release_unused(booked, now=wib("11:00"))

    threads = [threading.Thread(target=release) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    status = {s.code: s for s in service_statuses(booked, now=wib("11:06"))}
    assert (status["A"].quota, status["B"].quota) == (7, None)


def test_without_a_list_a_trusted_code_checks_in_for_the_chosen_service(
    db: engine.Database,
) -> None:
    configure(db, trust_unlisted=True)
    with pytest.raises(BookingRefused, match="choose its service"):
        check_in(db, "MP-7777", now=wib("09:00"))
    done = check_in(db, "MP-7777", service_code="B", now=wib("09:00"))
    assert (done.trusted, done.issued.ticket.service_code) == (True, "B")
    assert check_in(db, "MP-7777", now=wib("09:05")).issued.repeated


def test_a_list_for_today_ends_trust(db: engine.Database) -> None:
    configure(db, trust_unlisted=True)
    import_bookings(db, LIST, now=wib("07:00"))
    with pytest.raises(BookingRefused, match="not on today's list"):
        check_in(db, "MP-7777", service_code="B", now=wib("09:00"))


def test_appointments_first_calls_bookings_before_walk_ins_at_most_n_in_a_row(
    db: engine.Database,
) -> None:
    office = replace(
        SMALL_OFFICE, call_order=CallOrderConfig(mode="appointments_first", max_in_row=1)
    )
    apply_config(db, office)
    import_bookings(db, LIST, now=wib("07:00"))
    walk_in = issue_ticket(db, "A", now=wib("09:00")).ticket.code
    first = check_in(db, "MP-0001", now=wib("09:05")).issued.ticket.code
    second = check_in(db, "MP-0002", now=wib("09:06")).issued.ticket.code
    order = []
    for minute in (10, 12, 14):
        order.append(calls.call_next(db, 1, now=wib(f"09:{minute}")).code)
        calls.finish(db, 1, now=wib(f"09:{minute + 1}"))
    # MP-0002 is a lansia booking: priority first; then the booking; then the walk-in it owes.
    assert order == [second, first, walk_in]


def test_by_time_calls_bookings_and_walk_ins_in_queue_order(booked: engine.Database) -> None:
    walk_in = issue_ticket(booked, "A", now=wib("09:00")).ticket.code
    appointment = check_in(booked, "MP-0001", now=wib("09:05")).issued.ticket.code
    assert calls.call_next(booked, 1, now=wib("09:10")).code == walk_in
    assert calls.call_next(booked, 2, now=wib("09:11")).code == appointment
