"""Supervisor actions, counter sign-in and the overview read models, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from db.errors import (
    CounterBusy,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    QuotaReached,
    ServiceClosed,
    UserError,
)
from db.services import calls, counters, officers, supervisor
from db.services.tickets import issue_ticket
from db.store import engine
from db.store.events import record
from db.store.models import Event, Officer
from db.views.officer_stats import officer_figures
from db.views.queries import service_statuses

T0 = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 09:00 in Jakarta


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


@pytest.fixture
def office(db: engine.Database) -> engine.Database:
    """The small office with a supervisor (kepala) and two officers (budi, siti)."""
    officers.add_officer(db, "kepala", "Hendra Wijaya", "supervisor")
    officers.add_officer(db, "budi", "Budi Santoso")
    officers.add_officer(db, "siti", "Siti Rahmawati")
    return db


def last_event(db: engine.Database) -> tuple[str, str | None, dict[str, Any]]:
    """The newest event: its kind, the login of its officer, and its details."""
    with engine.read(db) as session:
        row = session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).one()
        officer = session.get(Officer, row.officer_id) if row.officer_id else None
        return row.kind, officer.login if officer else None, row.details


def event_count(db: engine.Database) -> int:
    with engine.read(db) as session:
        return len(session.scalars(select(Event.id)).all())


def test_quota_change_is_seen_by_the_kiosks_read_model(office: engine.Database) -> None:
    control = supervisor.set_daily_quota(office, "A", 2, supervisor="kepala", now=T0)
    assert (control.quota, control.configured_quota, control.overridden) == (2, 5, True)
    [a] = [s for s in service_statuses(office, now=T0) if s.code == "A"]
    assert (a.quota, a.quota_left) == (2, 2)
    assert last_event(office) == (
        "quota_changed",
        "kepala",
        {"service": "A", "quota": 2, "previous": 5, "business_date": "2026-11-27"},
    )


def test_a_lowered_quota_stops_issuing_and_a_raised_one_resumes(office: engine.Database) -> None:
    issue_ticket(office, "A", now=T0)
    supervisor.set_daily_quota(office, "A", 1, supervisor="kepala", now=T0)
    with pytest.raises(QuotaReached):
        issue_ticket(office, "A", now=T0)
    supervisor.set_daily_quota(office, "A", None, supervisor="kepala", now=T0)
    assert issue_ticket(office, "A", now=T0).ticket.code == "A002"


def test_the_quota_override_lasts_one_day(office: engine.Database) -> None:
    supervisor.set_daily_quota(office, "A", 1, supervisor="kepala", now=T0)
    a = supervisor.service_controls(office, now=T0 + timedelta(days=1))[0]
    assert (a.quota, a.overridden) == (5, False)


@pytest.mark.parametrize("quota", [-1, 10_001])
def test_a_quota_out_of_range_is_refused(office: engine.Database, quota: int) -> None:
    before = event_count(office)
    with pytest.raises(UserError, match="whole number"):
        supervisor.set_daily_quota(office, "A", quota, supervisor="kepala")
    assert event_count(office) == before


def test_every_supervisor_action_refuses_an_officer(office: engine.Database) -> None:
    issue_ticket(office, "A", now=T0)
    before = event_count(office)
    attempts = [
        lambda: supervisor.set_daily_quota(office, "A", 3, supervisor="budi"),
        lambda: supervisor.close_service(office, "A", supervisor="budi"),
        lambda: supervisor.reopen_service(office, "A", supervisor="budi"),
        lambda: supervisor.move_ticket(office, "A001", "B", supervisor="budi", now=T0),
        lambda: supervisor.set_ticker(office, "hello", supervisor="budi"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match="budi is not a supervisor"):
            attempt()
    with pytest.raises(NotFound):
        supervisor.set_ticker(office, "hello", supervisor="nobody")
    assert event_count(office) == before


def test_a_closed_service_issues_nothing_until_reopened(office: engine.Database) -> None:
    closed = supervisor.close_service(office, "B", supervisor="kepala", now=T0)
    assert not closed.active
    assert last_event(office) == ("service_closed", "kepala", {"service": "B"})
    with pytest.raises(ServiceClosed):
        issue_ticket(office, "B", now=T0)
    shown = {s.code: s for s in service_statuses(office, now=T0)}
    assert shown["B"].closed
    assert not shown["B"].availability.open
    assert [c.code for c in supervisor.service_controls(office, now=T0)] == ["A", "B", "E"]
    with pytest.raises(InvalidTransition, match="already closed"):
        supervisor.close_service(office, "B", supervisor="kepala")
    assert supervisor.reopen_service(office, "B", supervisor="kepala", now=T0).active
    assert last_event(office)[0] == "service_reopened"
    assert issue_ticket(office, "B", now=T0).ticket.code == "B001"


@pytest.mark.parametrize(("keep_place", "expected_first"), [(True, "A001"), (False, "B001")])
def test_moving_a_waiting_ticket_to_another_line(
    office: engine.Database, keep_place: bool, expected_first: str
) -> None:
    issue_ticket(office, "A", now=minutes(0))
    issue_ticket(office, "B", now=minutes(1))
    moved = supervisor.move_ticket(
        office, "a001", "B", keep_place=keep_place, supervisor="kepala", now=minutes(2)
    )
    assert (moved.code, moved.service_code, moved.status, moved.transfer_count) == (
        "A001",
        "B",
        "waiting",
        1,
    )
    assert last_event(office) == (
        "ticket_moved",
        "kepala",
        {"from": "A", "to": "B", "keep_place": keep_place},
    )
    assert calls.call_next(office, 1, now=minutes(3)).code == expected_first


def test_only_a_waiting_ticket_moves_and_never_to_its_own_line(office: engine.Database) -> None:
    issue_ticket(office, "A", now=T0)
    issue_ticket(office, "A", now=T0)
    with pytest.raises(InvalidTransition, match="already in service A"):
        supervisor.move_ticket(office, "A002", "A", supervisor="kepala", now=T0)
    calls.call_next(office, 1, now=T0)
    with pytest.raises(InvalidTransition, match="only a waiting ticket"):
        supervisor.move_ticket(office, "A001", "B", supervisor="kepala", now=T0)
    with pytest.raises(NotFound):
        supervisor.move_ticket(office, "A002", "Z", supervisor="kepala", now=T0)


def test_the_ticker_is_set_tidied_and_limited(office: engine.Database) -> None:
    change = supervisor.set_ticker(office, "  Loket 4  tutup\nsementara ", supervisor="kepala")
    assert change.ticker == "Loket 4 tutup sementara"
    assert supervisor.ticker(office) == "Loket 4 tutup sementara"
    assert last_event(office)[:2] == ("ticker_changed", "kepala")
    with pytest.raises(UserError, match="at most 500"):
        supervisor.set_ticker(office, "x" * 501, supervisor="kepala")
    assert supervisor.ticker(office) == "Loket 4 tutup sementara"


def test_signing_in_seats_the_officer_and_takes_over_the_counter(office: engine.Database) -> None:
    assert counters.sign_in_at_counter(office, 1, "budi", now=T0).officer_login == "budi"
    assert last_event(office) == ("counter_signed_in", "budi", {"replaced": None, "left": []})
    counters.sign_in_at_counter(office, 1, "siti", now=T0)
    assert last_event(office)[2] == {"replaced": "budi", "left": []}
    counters.sign_in_at_counter(office, 2, "siti", now=T0)
    assert last_event(office)[2] == {"replaced": None, "left": [1]}
    seated = {c.number: c.officer_login for c in counters.list_counters(office)}
    assert seated == {1: None, 2: "siti", 3: None}


def test_calls_are_credited_to_the_seated_officer(office: engine.Database) -> None:
    counters.sign_in_at_counter(office, 1, "budi", now=T0)
    issue_ticket(office, "A", now=T0)
    calls.call_next(office, 1, now=T0)
    assert last_event(office)[:2] == ("called", "budi")


def test_signing_out_is_refused_with_a_ticket_in_hand(office: engine.Database) -> None:
    counters.sign_in_at_counter(office, 1, "budi", now=T0)
    issue_ticket(office, "A", now=T0)
    calls.call_next(office, 1, now=T0)
    with pytest.raises(CounterBusy, match="still has A001"):
        counters.sign_out_of_counter(office, 1, "budi", now=T0)
    with pytest.raises(InvalidTransition, match="siti is not signed in"):
        counters.sign_out_of_counter(office, 1, "siti", now=T0)
    calls.finish(office, 1, now=T0)
    assert counters.sign_out_of_counter(office, 1, "budi", now=T0).officer_login is None
    assert last_event(office)[:2] == ("counter_signed_out", "budi")


def test_the_overview_shows_who_serves_what_and_who_idles(office: engine.Database) -> None:
    counters.sign_in_at_counter(office, 1, "budi", now=minutes(0))
    counters.sign_in_at_counter(office, 2, "siti", now=minutes(1))
    issue_ticket(office, "A", now=minutes(2))
    calls.call_next(office, 1, now=minutes(3))
    counters.pause_counter(office, 3, now=minutes(4))
    one, two, three = counters.counter_overview(office, now=minutes(5))
    assert (one.officer_name, one.services, one.idle_since) == ("Budi Santoso", ("A", "B"), None)
    assert one.current is not None
    assert one.current.code == "A001"
    assert (two.officer_login, two.current, two.idle_since) == ("siti", None, minutes(1))
    assert (three.state, three.officer_login, three.services) == ("paused", None, ("E",))


def test_officer_figures_count_only_todays_own_work(office: engine.Database) -> None:
    counters.sign_in_at_counter(office, 1, "budi", now=minutes(0))
    for n in range(3):
        issue_ticket(office, "A", now=minutes(n))
    calls.call_next(office, 1, now=minutes(10))
    calls.start_serving(office, 1, now=minutes(11))
    calls.finish(office, 1, now=minutes(15))  # 4 min
    calls.call_next(office, 1, now=minutes(16))
    calls.finish(office, 1, now=minutes(18))  # 2 min, never started: counted from the call
    calls.call_next(office, 1, now=minutes(19))
    calls.mark_no_show(office, 1, now=minutes(21))
    figures = officer_figures(office, "budi", now=minutes(22))
    assert (figures.served, figures.no_shows, figures.median_service_seconds) == (2, 1, 180.0)
    assert officer_figures(office, "siti", now=minutes(22)).median_service_seconds is None
    tomorrow = officer_figures(office, "budi", now=minutes(22) + timedelta(days=1))
    assert (tomorrow.served, tomorrow.no_shows) == (0, 0)


def test_no_shows_lists_todays_no_shows_of_the_counter(office: engine.Database) -> None:
    issue_ticket(office, "A", now=minutes(0))
    issue_ticket(office, "A", now=minutes(1))
    for n in (2, 4):
        calls.call_next(office, 1, now=minutes(n))
        calls.mark_no_show(office, 1, now=minutes(n + 1))
    assert [t.code for t in counters.no_shows(office, 1, now=minutes(6))] == ["A002", "A001"]
    assert counters.no_shows(office, 2, now=minutes(6)) == []


def test_action_recorded_tells_whether_an_action_committed(office: engine.Database) -> None:
    issue_ticket(office, "A", now=T0)
    calls.call_next(office, 1, now=minutes(1))
    assert counters.action_recorded(office, "called", minutes(1), counter=1)
    assert not counters.action_recorded(office, "called", minutes(1), counter=2)
    assert not counters.action_recorded(office, "called", minutes(2))
    with engine.write(office) as session:
        record(session, "ticker_changed", minutes(3))
    assert counters.action_recorded(office, "ticker_changed", minutes(3))
