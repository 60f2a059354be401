"""The capacity guard: a service stops issuing when its queue would outlast closing time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from db.errors import ServiceClosed
from db.office_config import HoursRule
from db.ops.setup import apply_config
from db.rules.hours import ClosedReason
from db.services import calls, counters
from db.services.tickets import issue_ticket
from db.store import engine
from db.store.models import Service, Ticket
from db.views.queries import ServiceStatus, service_statuses
from tests.conftest import SMALL_OFFICE

# Friday 2026-11-27 in Jakarta (UTC+7): open 08:00, issuing until 15:30, closing 16:00.
HOURS = HoursRule(frozenset(range(5)), time(8), time(15, 30), time(16))
MORNING = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 08:00 local
TWO_PM = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # 14:00 local: 120 minutes before closing


def office(db: engine.Database, *, guard: bool) -> engine.Database:
    """Service A with hours, no quota and the guard on or off; counters 1 and 2 serve it."""
    services = list(SMALL_OFFICE.services)
    services[0] = replace(services[0], daily_quota=None, hours=(HOURS,), capacity_guard=guard)
    apply_config(db, replace(SMALL_OFFICE, services=tuple(services)))
    return db


def serve_history(db: engine.Database, count: int = 5, minutes: int = 30) -> None:
    """`count` applicants of A served one after another at counter 1, `minutes` each."""
    for n in range(count):
        start = MORNING + timedelta(minutes=n * minutes)
        issue_ticket(db, "A", now=start)
        calls.call_next(db, 1, now=start)
        calls.finish(db, 1, now=start + timedelta(minutes=minutes))


def queue_up(db: engine.Database, waiting: int) -> None:
    for n in range(waiting):
        issue_ticket(db, "A", now=TWO_PM - timedelta(minutes=30 - n))


@pytest.fixture
def guarded(empty_db: engine.Database) -> engine.Database:
    db = office(empty_db, guard=True)
    serve_history(db)
    return db


def status_of_a(db: engine.Database, now: datetime) -> ServiceStatus:
    return next(s for s in service_statuses(db, now=now) if s.code == "A")


def test_issues_while_the_queue_ends_by_closing_time(guarded: engine.Database) -> None:
    # 30 minutes each at two counters: 15 minutes per applicant, 8 fit in the 120 minutes left.
    queue_up(guarded, 7)
    assert issue_ticket(guarded, "A", now=TWO_PM).people_ahead == 7


def test_refuses_with_the_capacity_reason_and_rolls_the_number_back(
    guarded: engine.Database,
) -> None:
    queue_up(guarded, 8)
    with pytest.raises(ServiceClosed, match="past 16:00") as raised:
        issue_ticket(guarded, "A", now=TWO_PM)
    assert raised.value.details["reason"] is ClosedReason.CAPACITY
    with engine.read(guarded) as session:
        count = select(func.count()).select_from(Ticket)
        assert session.scalar(count) == 5 + 8
    assert issue_ticket(guarded, "B", now=TWO_PM).ticket.code == "B001"  # other services go on


def test_service_status_shows_the_guard_so_the_kiosk_can_say_why(
    guarded: engine.Database,
) -> None:
    queue_up(guarded, 8)
    state = status_of_a(guarded, TWO_PM).availability
    assert (state.open, state.reason, state.closes) == (False, ClosedReason.CAPACITY, time(16))
    assert status_of_a(guarded, TWO_PM - timedelta(hours=2)).availability.open  # at noon


def test_a_paused_counter_halves_the_pace(guarded: engine.Database) -> None:
    queue_up(guarded, 4)
    assert status_of_a(guarded, TWO_PM).availability.open
    counters.pause_counter(guarded, 2, now=TWO_PM)
    # one counter: 30 minutes per applicant, only 4 fit in 120 minutes and 4 already wait.
    assert status_of_a(guarded, TWO_PM).availability.reason is ClosedReason.CAPACITY


def test_no_history_means_no_projection_and_no_refusal(empty_db: engine.Database) -> None:
    db = office(empty_db, guard=True)
    queue_up(db, 30)
    assert issue_ticket(db, "A", now=TWO_PM).people_ahead == 30


def test_the_guard_is_off_unless_configured(empty_db: engine.Database) -> None:
    db = office(empty_db, guard=False)
    serve_history(db)
    queue_up(db, 20)
    assert issue_ticket(db, "A", now=TWO_PM).people_ahead == 20
    with engine.read(db) as session:
        assert session.scalar(select(Service.capacity_guard).where(Service.code == "A")) is False
