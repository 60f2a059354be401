"""Counter operations: each changes the ticket and writes its event, on both backends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from db.errors import (
    CounterBusy,
    CounterPaused,
    InvalidTransition,
    NoActiveTicket,
    NobodyWaiting,
    NotFound,
)
from db.results import TicketView
from db.services import calls, counters, days
from db.services.tickets import issue_ticket
from db.store import engine
from db.store.models import Event, Ticket

T0 = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def minutes(n: int) -> datetime:
    return T0 + timedelta(minutes=n)


def events_of(db: engine.Database, code: str) -> list[str]:
    with engine.read(db) as session:
        query = (
            select(Event.kind)
            .join(Ticket, Ticket.id == Event.ticket_id)
            .where(Ticket.code == code)
            .order_by(Event.id)
        )
        return list(session.scalars(query))


def test_call_next_takes_the_oldest_ticket_of_the_counters_services(db: engine.Database) -> None:
    issue_ticket(db, "E", now=minutes(0))
    issue_ticket(db, "B", now=minutes(1))
    issue_ticket(db, "A", now=minutes(2))
    called = calls.call_next(db, 1, now=minutes(3))
    assert (called.code, called.status, called.counter_number) == ("B001", "called", 1)
    assert events_of(db, "B001") == ["issued", "called"]


def test_a_counter_holds_one_ticket_so_a_double_press_calls_one(db: engine.Database) -> None:
    issue_ticket(db, "A")
    issue_ticket(db, "A")
    calls.call_next(db, 1)
    with pytest.raises(CounterBusy, match="already has A001"):
        calls.call_next(db, 1)
    assert [v.current.code if v.current else None for v in counters.list_counters(db)] == [
        "A001",
        None,
        None,
    ]


def _other_press_first(
    monkeypatch: pytest.MonkeyPatch, name: str, press: Callable[[], object]
) -> list[object]:
    """Patch calls' transaction helper `name` so that `press` (the same counter's other
    press) runs in full between this press's read and its write; returns what it answered."""
    real = getattr(calls, name)
    answers: list[object] = []

    @contextmanager
    def other_first(db: engine.Database, **options: Any) -> Iterator[Any]:
        if not answers:
            answers.append("pressing")
            answers[0] = press()
        with real(db, **options) as handle:
            yield handle

    monkeypatch.setattr(calls, name, other_first)
    return answers


def test_a_double_press_between_read_and_write_still_calls_one(
    db: engine.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    issue_ticket(db, "A")
    issue_ticket(db, "A")
    first = _other_press_first(monkeypatch, "write_connection", lambda: calls.call_next(db, 1))
    with pytest.raises(CounterBusy, match="already has A001"):
        calls.call_next(db, 1)
    monkeypatch.undo()
    assert isinstance(first[0], TicketView)
    assert first[0].code == "A001"
    assert events_of(db, "A002") == ["issued"]  # the later press wrote nothing


def test_a_double_press_of_finish_between_read_and_write_finishes_once(
    db: engine.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    issue_ticket(db, "A")
    calls.call_next(db, 1)
    first = _other_press_first(monkeypatch, "write_connection", lambda: calls.finish(db, 1))
    with pytest.raises(NoActiveTicket):
        calls.finish(db, 1)
    monkeypatch.undo()
    assert isinstance(first[0], TicketView)
    assert first[0].status == "finished"
    assert events_of(db, "A001") == ["issued", "called", "finished"]


def test_two_counters_get_different_tickets(db: engine.Database) -> None:
    issue_ticket(db, "A")
    issue_ticket(db, "A")
    assert {calls.call_next(db, 1).code, calls.call_next(db, 2).code} == {"A001", "A002"}
    with pytest.raises(NobodyWaiting):
        calls.call_next(db, 3)


def test_serve_and_finish_record_times_and_events(db: engine.Database) -> None:
    issue_ticket(db, "A", now=minutes(0))
    calls.call_next(db, 1, now=minutes(1))
    serving = calls.start_serving(db, 1, now=minutes(2))
    done = calls.finish(db, 1, now=minutes(9))
    assert serving.status == "serving"
    assert (done.status, done.serving_at, done.finished_at) == ("finished", minutes(2), minutes(9))
    assert events_of(db, "A001") == ["issued", "called", "serving_started", "finished"]
    with pytest.raises(NoActiveTicket):
        calls.finish(db, 1)


def test_recall_counts_and_only_applies_to_a_called_ticket(db: engine.Database) -> None:
    issue_ticket(db, "A")
    calls.call_next(db, 1)
    assert calls.recall(db, 1).recall_count == 1
    assert calls.recall(db, 1).recall_count == 2
    calls.start_serving(db, 1)
    with pytest.raises(InvalidTransition, match="cannot be recalled"):
        calls.recall(db, 1)


def test_no_show_frees_the_counter_and_can_be_requeued(db: engine.Database) -> None:
    issue_ticket(db, "A", now=minutes(0))
    issue_ticket(db, "A", now=minutes(1))
    calls.call_next(db, 1, now=minutes(2))
    assert calls.mark_no_show(db, 1, now=minutes(5)).status == "no_show"
    assert calls.call_next(db, 1, now=minutes(6)).code == "A002"
    back = days.requeue(db, "A001", now=minutes(7))
    assert (back.status, back.queued_at, back.counter_number) == ("waiting", minutes(7), None)
    assert events_of(db, "A001") == ["issued", "called", "no_show", "requeued"]


def test_requeue_only_takes_a_no_show(db: engine.Database) -> None:
    issue_ticket(db, "A")
    with pytest.raises(InvalidTransition, match="waiting and cannot be requeued"):
        days.requeue(db, "A001")


def test_call_specific_brings_back_a_late_applicant(db: engine.Database) -> None:
    issue_ticket(db, "A")
    issue_ticket(db, "A")
    calls.call_next(db, 1)
    calls.mark_no_show(db, 1)
    assert calls.call_specific(db, 1, "a001").code == "A001"
    calls.finish(db, 1)
    with pytest.raises(InvalidTransition, match="finished"):
        calls.call_specific(db, 1, "A001")
    with pytest.raises(NotFound):
        calls.call_specific(db, 1, "A999")


@pytest.mark.parametrize(("keep_place", "expected_next"), [(True, "A001"), (False, "B001")])
def test_transfer_moves_the_ticket_to_another_service(
    db: engine.Database, keep_place: bool, expected_next: str
) -> None:
    issue_ticket(db, "A", now=minutes(0))
    issue_ticket(db, "B", now=minutes(1))
    calls.call_next(db, 1, now=minutes(2))
    moved = calls.transfer(db, 1, "B", keep_place=keep_place, now=minutes(3))
    assert (moved.code, moved.service_code, moved.status) == ("A001", "B", "waiting")
    assert moved.transfer_count == 1
    assert calls.call_next(db, 2, now=minutes(4)).code == expected_next


def test_transfer_to_the_same_service_is_refused(db: engine.Database) -> None:
    issue_ticket(db, "A")
    calls.call_next(db, 1)
    with pytest.raises(InvalidTransition, match="already in service A"):
        calls.transfer(db, 1, "A")


def test_a_paused_counter_calls_nobody_until_resumed(db: engine.Database) -> None:
    issue_ticket(db, "A")
    assert counters.pause_counter(db, 1).state == "paused"
    with pytest.raises(CounterPaused):
        calls.call_next(db, 1)
    counters.resume_counter(db, 1)
    assert calls.call_next(db, 1).code == "A001"
    with pytest.raises(CounterBusy):
        counters.pause_counter(db, 1)


def test_unknown_counter_is_a_clear_error(db: engine.Database) -> None:
    with pytest.raises(NotFound, match="no counter 9"):
        calls.call_next(db, 9)


def test_priority_ratio_calls_two_priority_then_one_normal(db: engine.Database) -> None:
    for n, priority in enumerate([None, None, "lansia", "lansia", "balita"]):
        issue_ticket(db, "A", priority=priority, now=minutes(n))
    order = []
    for n in range(5):
        order.append(calls.call_next(db, 1, now=minutes(10 + n)).code)
        calls.finish(db, 1, now=minutes(10 + n))
    assert order == ["A003", "A004", "A001", "A005", "A002"]


def test_fairness_cap_lets_a_long_wait_go_first(db: engine.Database) -> None:
    issue_ticket(db, "A", now=minutes(0))
    issue_ticket(db, "A", priority="lansia", now=minutes(50))
    assert calls.call_next(db, 1, now=minutes(61)).code == "A001"


def test_yesterdays_tickets_are_expired_not_called(db: engine.Database) -> None:
    issue_ticket(db, "A", now=minutes(0))
    issue_ticket(db, "B", now=minutes(1))
    calls.call_next(db, 1, now=minutes(2))
    tomorrow = minutes(24 * 60)
    with pytest.raises(NobodyWaiting):
        calls.call_next(db, 2, now=tomorrow)
    assert days.expire_past_days(db, now=tomorrow) == 2
    assert events_of(db, "A001")[-1] == "expired"
    assert events_of(db, "B001")[-1] == "expired"
    assert days.expire_past_days(db, now=tomorrow) == 0
    issue_ticket(db, "A", now=tomorrow)
    assert calls.call_next(db, 1, now=tomorrow).code == "A001"
