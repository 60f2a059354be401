"""Issuing tickets: numbering, quotas, hours, priority and idempotency, on both backends."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select, update

from db.errors import NotFound, PriorityNotAllowed, QuotaReached, ServiceClosed
from db.office_config import HoursRule, PriorityConfig
from db.ops.setup import apply_config
from db.rules.hours import ClosedReason
from db.services import calls
from db.services.tickets import issue_ticket
from db.store import engine
from db.store.models import DailyQuota, Event, NumberSeries, Service, Ticket
from tests.conftest import SMALL_OFFICE

# 2026-11-27 is a Friday; 07:30 UTC is 14:30 in Jakarta (WIB, UTC+7).
FRIDAY_AFTERNOON = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)


def test_numbers_follow_each_service_series(db: engine.Database) -> None:
    codes = [issue_ticket(db, code).ticket.code for code in ("A", "A", "B", "A")]
    assert codes == ["A001", "A002", "B001", "A003"]


def test_reports_people_ahead_in_the_same_service(db: engine.Database) -> None:
    issue_ticket(db, "A")
    issue_ticket(db, "B")
    assert issue_ticket(db, "A").people_ahead == 1


def test_business_day_is_office_local_not_utc(db: engine.Database) -> None:
    # 17:30 UTC on the 27th is already 00:30 on the 28th in Jakarta: a new day, a new series.
    before = issue_ticket(db, "A", now=datetime(2026, 11, 27, 16, 59, tzinfo=UTC))
    after = issue_ticket(db, "A", now=datetime(2026, 11, 27, 17, 30, tzinfo=UTC))
    assert str(before.ticket.business_date) == "2026-11-27"
    assert str(after.ticket.business_date) == "2026-11-28"
    assert after.ticket.code == "A001"


def test_an_office_in_another_timezone_gets_its_own_days_quota_override(
    db: engine.Database,
) -> None:
    """The checks date the service's rows by the timezone this process read last, and the
    same read checks it: an office that moved to Jayapura (UTC+9) while the process knew
    Jakarta still gets its own day's override."""
    issue_ticket(db, "A", now=FRIDAY_AFTERNOON)  # the process has read Jakarta
    apply_config(db, replace(SMALL_OFFICE, timezone="Asia/Jayapura"))
    # 16:00 UTC: 23:00 on the 27th in Jakarta, already 01:00 on the 28th in Jayapura.
    night = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    with engine.write(db) as session:
        service_a = session.scalars(select(Service.id).where(Service.code == "A")).one()
        session.add(DailyQuota(business_date=date(2026, 11, 28), service_id=service_a, quota=1))
    first = issue_ticket(db, "A", now=night)
    assert (str(first.ticket.business_date), first.ticket.code) == ("2026-11-28", "A001")
    with pytest.raises(QuotaReached, match="quota of 1 "):
        issue_ticket(db, "A", now=night)


def test_quota_stops_issuing_and_rolls_back_the_number(db: engine.Database) -> None:
    for _ in range(5):
        issue_ticket(db, "A")
    with pytest.raises(QuotaReached, match="quota of 5"):
        issue_ticket(db, "A")
    with engine.read(db) as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 5
        taken = select(NumberSeries.last_number, NumberSeries.counted)
        assert session.execute(taken.where(NumberSeries.series == "A")).one() == (5, 5)


def test_the_thousandth_number_gets_four_digits_in_the_answer_and_the_row(
    db: engine.Database,
) -> None:
    first = issue_ticket(db, "B")
    with engine.write(db) as session:
        session.execute(update(NumberSeries).values(last_number=999))
    issued = issue_ticket(db, "B")
    with engine.read(db) as session:
        stored = session.scalar(select(Ticket.code).where(Ticket.id == issued.ticket.id))
    assert (first.ticket.code, issued.ticket.code, stored) == ("B001", "B1000", "B1000")
    assert issued.ticket.number == 1000


def test_same_idempotency_key_returns_the_same_ticket(db: engine.Database) -> None:
    first = issue_ticket(db, "A", idempotency_key="tap-1")
    again = issue_ticket(db, "A", idempotency_key="tap-1")
    assert again.ticket.id == first.ticket.id
    assert (first.repeated, again.repeated) == (False, True)
    with engine.read(db) as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 2  # config + issued


def test_unknown_service_is_a_clear_error(db: engine.Database) -> None:
    with pytest.raises(NotFound, match="no service 'Z'"):
        issue_ticket(db, "Z")


def test_priority_needs_a_known_category_and_a_service_that_takes_it(
    db: engine.Database,
) -> None:
    assert issue_ticket(db, "A", priority="lansia").ticket.priority == "lansia"
    with pytest.raises(PriorityNotAllowed, match="unknown priority"):
        issue_ticket(db, "A", priority="vip")
    with pytest.raises(PriorityNotAllowed, match="does not take priority"):
        issue_ticket(db, "E", priority="lansia")


def test_priority_daily_cap_counts_all_services(empty_db: engine.Database) -> None:
    capped = replace(SMALL_OFFICE, priority=PriorityConfig(daily_cap=2))
    apply_config(empty_db, capped)
    issue_ticket(empty_db, "A", priority="lansia")
    issue_ticket(empty_db, "B", priority="balita")
    with pytest.raises(QuotaReached, match="priority tickets"):
        issue_ticket(empty_db, "B", priority="balita")
    assert issue_ticket(empty_db, "B").ticket.code == "B002"


@pytest.fixture
def office_hours(empty_db: engine.Database) -> engine.Database:
    weekdays = HoursRule(frozenset(range(5)), time(8), time(15), time(16))
    saturday = HoursRule(frozenset({5}), time(8), time(11), time(12), quota=2)
    services = tuple(replace(s, hours=(weekdays, saturday)) for s in SMALL_OFFICE.services)
    apply_config(empty_db, replace(SMALL_OFFICE, services=services))
    return empty_db


@pytest.mark.parametrize(
    ("utc_hour", "utc_minute", "reason"),
    [(0, 30, ClosedReason.NOT_YET_OPEN), (8, 0, ClosedReason.ISSUING_ENDED)],
)
def test_hours_and_cut_off_are_enforced(
    office_hours: engine.Database, utc_hour: int, utc_minute: int, reason: ClosedReason
) -> None:
    moment = datetime(2026, 11, 27, utc_hour, utc_minute, tzinfo=UTC)
    with pytest.raises(ServiceClosed) as raised:
        issue_ticket(office_hours, "A", now=moment)
    assert raised.value.details["reason"] is reason


def test_issues_within_hours(office_hours: engine.Database) -> None:
    assert issue_ticket(office_hours, "A", now=FRIDAY_AFTERNOON).ticket.code == "A001"


def test_sunday_is_closed_and_saturday_has_its_own_quota(office_hours: engine.Database) -> None:
    sunday = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
    with pytest.raises(ServiceClosed, match="closed today"):
        issue_ticket(office_hours, "A", now=sunday)
    saturday = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
    issue_ticket(office_hours, "B", now=saturday)
    issue_ticket(office_hours, "B", now=saturday)
    with pytest.raises(QuotaReached):
        issue_ticket(office_hours, "B", now=saturday)


def test_estimated_wait_appears_once_there_is_enough_history(db: engine.Database) -> None:
    start = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    assert issue_ticket(db, "B", now=start).estimated_wait is None
    for minute in range(0, 60, 10):  # six services of four minutes each at counter 1
        called = start.replace(minute=minute)
        issue_ticket(db, "B", now=called)
        calls.call_next(db, 1, now=called)
        calls.finish(db, 1, now=called.replace(minute=minute + 4))
    calls.call_next(db, 1, now=start.replace(minute=59))
    issue_ticket(db, "B", now=start.replace(hour=3))
    issued = issue_ticket(db, "B", now=start.replace(hour=3, minute=1))
    # one person ahead, 4 minutes each, counters 1 and 2 both serve B: about 2 minutes.
    assert issued.people_ahead == 1
    assert issued.estimated_wait is not None
    assert issued.estimated_wait.low_minutes <= 2 <= issued.estimated_wait.high_minutes
