"""Read models: the display snapshot, waiting lists and service status."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from db.ops.setup import apply_config
from db.services import calls, counters, days, officers, supervisor
from db.services.tickets import issue_ticket
from db.store import engine
from db.views import queries
from tests.conftest import SMALL_OFFICE

T0 = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_snapshot_shows_counters_recent_calls_and_waiting(db: engine.Database) -> None:
    for n, code in enumerate("AABE"):
        issue_ticket(db, code, now=at(n))
    calls.call_next(db, 1, now=at(5))
    calls.call_next(db, 3, now=at(6))
    counters.pause_counter(db, 2, now=at(7))
    snap = queries.display_snapshot(db, now=at(8))
    assert snap.office_name == "Kantor Uji"
    assert [(c.number, c.state, c.current.code if c.current else None) for c in snap.counters] == [
        (1, "open", "A001"),
        (2, "paused", None),
        (3, "open", "E001"),
    ]
    assert [(r.code, r.counter_number) for r in snap.recent_calls] == [("E001", 3), ("A001", 1)]
    assert {s.code: s.waiting for s in snap.services} == {"A": 1, "B": 1, "E": 0}


def test_snapshot_can_be_limited_to_some_counters_and_services(db: engine.Database) -> None:
    issue_ticket(db, "A", now=at(0))
    issue_ticket(db, "E", now=at(1))
    calls.call_next(db, 1, now=at(2))
    calls.call_next(db, 3, now=at(3))
    snap = queries.display_snapshot(db, counters=[3], services=["e"], now=at(4))
    assert [c.number for c in snap.counters] == [3]
    assert [r.code for r in snap.recent_calls] == ["E001"]
    assert [s.code for s in snap.services] == ["E"]


def test_waiting_list_holds_the_counters_services_in_arrival_order(db: engine.Database) -> None:
    issue_ticket(db, "B", now=at(0))
    issue_ticket(db, "E", now=at(1))
    issue_ticket(db, "A", priority="lansia", now=at(2))
    listed = queries.waiting_list(db, 1, now=at(3))
    assert [(t.code, t.priority) for t in listed] == [("B001", None), ("A001", "lansia")]


def test_service_status_counts_quota_use(db: engine.Database) -> None:
    issue_ticket(db, "A")
    issue_ticket(db, "A")
    status = {s.code: s for s in queries.service_statuses(db)}
    assert (status["A"].issued, status["A"].quota, status["A"].quota_left) == (2, 5, 3)
    assert status["B"].quota_left is None
    assert status["A"].availability.open


def test_a_closed_service_stays_listed_as_closed_with_its_waiting_tickets(
    db: engine.Database,
) -> None:
    for n, code in enumerate("BBA"):
        issue_ticket(db, code, now=at(n))
    officers.add_officer(db, "kepala", "Kepala Kantor", "supervisor")
    supervisor.close_service(db, "B", supervisor="kepala", now=at(5))
    snap = queries.display_snapshot(db, now=at(6))
    shown = {s.code: (s.closed, s.availability.open, s.waiting) for s in snap.services}
    assert shown == {"A": (False, True, 1), "B": (True, False, 2), "E": (False, True, 0)}
    statuses = {s.code: s for s in queries.service_statuses(db, now=at(6))}
    assert statuses["B"].closed
    assert statuses["B"].waiting == 2


def test_a_closed_service_with_nobody_waiting_stays_listed_until_reopened(
    db: engine.Database,
) -> None:
    officers.add_officer(db, "kepala", "Kepala Kantor", "supervisor")
    supervisor.close_service(db, "E", supervisor="kepala", now=at(0))
    for moment in (at(1), at(24 * 60)):  # today, and the next business day
        assert [(s.code, s.closed) for s in queries.service_statuses(db, now=moment)] == [
            ("A", False),
            ("B", False),
            ("E", True),
        ]
    supervisor.reopen_service(db, "E", supervisor="kepala", now=at(24 * 60 + 1))
    assert not any(s.closed for s in queries.service_statuses(db, now=at(24 * 60 + 2)))


def test_a_retired_service_disappears_once_nobody_waits_for_it(db: engine.Database) -> None:
    issue_ticket(db, "E", now=at(0))
    retired = SMALL_OFFICE.services[:2]
    apply_config(db, replace(SMALL_OFFICE, services=retired, counters=SMALL_OFFICE.counters[:2]))
    officers.add_officer(db, "kepala", "Kepala Kantor", "supervisor")
    assert [(s.code, s.closed) for s in queries.service_statuses(db, now=at(1))] == [
        ("A", False),
        ("B", False),
        ("E", True),
    ]
    days.cancel_ticket(db, "E001", supervisor="kepala", now=at(2))
    assert [s.code for s in queries.service_statuses(db, now=at(3))] == ["A", "B"]
    apply_config(db, SMALL_OFFICE)  # back in the configuration: open again
    assert [(s.code, s.closed) for s in queries.service_statuses(db, now=at(4))][-1] == ("E", False)
