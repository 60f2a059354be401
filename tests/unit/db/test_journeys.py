"""A visit through several steps, on both backends: same ticket, own counters, kept history."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.errors import NobodyWaiting, NotFound
from db.office_config import (
    CounterConfig,
    JourneyConfig,
    OutcomeConfig,
    ServiceConfig,
    StepConfig,
)
from db.ops.setup import apply_config
from db.services import calls, days
from db.services.tickets import issue_ticket
from db.store import engine
from db.store.lifecycle import STEP_ENDS
from db.store.models import Ticket, TicketStep
from db.views import queries
from tests.conftest import SMALL_OFFICE

START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 08:00 in Jakarta, a Friday

JOURNEY_OFFICE = replace(
    SMALL_OFFICE,
    journey=JourneyConfig(
        next_step_queue="arrival",
        outcomes=(
            OutcomeConfig("selesai", "Selesai", "Done"),
            OutcomeConfig("berkas_kurang", "Berkas kurang", "Documents incomplete", True),
        ),
    ),
    services=(
        ServiceConfig(
            "A",
            "Paspor Baru",
            "New passport",
            steps=(
                StepConfig("berkas", "Pemeriksaan Berkas", "Document check"),
                StepConfig("biometrik", "Foto & Wawancara", "Photo & interview"),
            ),
        ),
        ServiceConfig("D", "Pengambilan Paspor", "Passport pickup"),
    ),
    counters=(
        CounterConfig(1, "Loket 1", (("A:berkas", 1),)),
        CounterConfig(2, "Loket 2", (("A:biometrik", 1),)),
        CounterConfig(3, "Loket 3", (("A", 1), ("D", 1))),
    ),
)


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


@pytest.fixture
def office(empty_db: engine.Database) -> engine.Database:
    apply_config(empty_db, JOURNEY_OFFICE)
    return empty_db


def step_rows(db: engine.Database, code: str) -> list[tuple[object, ...]]:
    with engine.read(db) as session:
        query = (
            select(
                TicketStep.step,
                TicketStep.queued_at,
                TicketStep.called_at,
                TicketStep.serving_at,
                TicketStep.ended_at,
                TicketStep.ended,
                TicketStep.outcome,
                TicketStep.counter_id,
            )
            .join(Ticket, Ticket.id == TicketStep.ticket_id)
            .where(Ticket.code == code)
            .order_by(TicketStep.id)
        )
        return [tuple(row) for row in session.execute(query)]


def test_finishing_the_first_step_queues_the_same_ticket_for_the_next(
    office: engine.Database,
) -> None:
    issued = issue_ticket(office, "A", now=at(0))
    calls.call_next(office, 1, now=at(1))
    after = calls.finish(office, 1, now=at(10))
    assert (after.code, after.status, after.step, after.steps) == ("A001", "waiting", 2, 2)
    assert after.step_name_id == "Foto & Wawancara"
    with pytest.raises(NobodyWaiting):
        calls.call_next(office, 1, now=at(11))  # counter 1 only checks documents
    called = calls.call_next(office, 2, now=at(12))
    assert (called.code, called.step, called.counter_number) == ("A001", 2, 2)
    done = calls.finish(office, 2, now=at(20))
    assert (done.status, done.step) == ("finished", 2)
    with engine.read(office) as session:
        token = session.scalar(select(Ticket.token).where(Ticket.code == "A001"))
    assert token == issued.token  # the same phone link through the visit


def test_each_step_keeps_its_own_times_counter_and_end(office: engine.Database) -> None:
    issue_ticket(office, "A", now=at(0))
    calls.call_next(office, 1, now=at(2))
    calls.start_serving(office, 1, now=at(3))
    calls.finish(office, 1, now=at(10))
    calls.call_next(office, 2, now=at(15))
    calls.start_serving(office, 2, now=at(16))
    calls.finish(office, 2, now=at(25))
    first, second = step_rows(office, "A001")
    assert first[0] == 1
    assert first[1:5] == (at(0), at(2), at(3), at(10))
    assert first[5:7] == ("finished", "selesai")
    assert second[0] == 2
    # It waited for step 2 from the end of step 1, though its place in line is its arrival.
    assert second[1:5] == (at(10), at(15), at(16), at(25))
    waits = sum(((row[2] - row[1]) for row in (first, second)), timedelta())  # type: ignore[operator]
    services = sum(((row[4] - row[2]) for row in (first, second)), timedelta())  # type: ignore[operator]
    assert waits + services == at(25) - at(0)  # the visit's time adds up from its steps


def test_the_next_step_keeps_the_original_place_in_line(office: engine.Database) -> None:
    issue_ticket(office, "A", now=at(0))
    calls.call_next(office, 1, now=at(1))
    issue_ticket(office, "A", now=at(2))
    calls.finish(office, 1, now=at(5))
    calls.call_next(office, 1, now=at(6))  # A002's first step
    calls.finish(office, 1, now=at(7))
    assert calls.call_next(office, 2, now=at(8)).code == "A001"


def test_the_next_step_can_queue_at_the_back(office: engine.Database) -> None:
    apply_config(office, replace(JOURNEY_OFFICE, journey=JourneyConfig(next_step_queue="back")))
    issue_ticket(office, "A", now=at(0))
    issue_ticket(office, "A", now=at(1))
    calls.call_next(office, 1, now=at(2))
    calls.finish(office, 1, now=at(3))  # A001 at the back of step 2 from 03:00
    calls.call_next(office, 1, now=at(4))
    calls.finish(office, 1, now=at(5))  # A002 waits for step 2 from 05:00: behind A001
    assert calls.call_next(office, 3, now=at(6)).code == "A001"


def test_an_outcome_that_ends_the_visit_finishes_it_at_step_one(office: engine.Database) -> None:
    issue_ticket(office, "A", now=at(0))
    calls.call_next(office, 1, now=at(1))
    done = calls.finish(office, 1, outcome="berkas_kurang", now=at(4))
    assert (done.status, done.step) == ("finished", 1)
    assert step_rows(office, "A001")[0][5:7] == ("finished", "berkas_kurang")
    with pytest.raises(NobodyWaiting):
        calls.call_next(office, 2, now=at(5))


def test_an_unknown_outcome_is_refused_and_changes_nothing(office: engine.Database) -> None:
    issue_ticket(office, "A", now=at(0))
    calls.call_next(office, 1, now=at(1))
    with pytest.raises(NotFound, match="known: selesai, berkas_kurang"):
        calls.finish(office, 1, outcome="lost", now=at(2))
    assert calls.finish(office, 1, now=at(3)).step == 2


def test_a_transfer_and_a_requeue_keep_the_history(office: engine.Database) -> None:
    issue_ticket(office, "A", now=at(0))
    calls.call_next(office, 1, now=at(1))
    calls.transfer(office, 1, "D", now=at(3))
    calls.call_next(office, 3, now=at(4))
    calls.mark_no_show(office, 3, now=at(6))
    days.requeue(office, "A001", now=at(8))
    calls.call_next(office, 3, now=at(9))
    calls.finish(office, 3, now=at(12))
    rows = step_rows(office, "A001")
    assert [(row[0], row[5]) for row in rows] == [
        (1, "transferred"),
        (1, "no_show"),
        (1, "finished"),
    ]
    assert [row[2] for row in rows] == [at(1), at(4), at(9)]
    assert {row[5] for row in rows} <= STEP_ENDS


def test_no_ticket_is_claimed_by_two_counters_across_steps(office: engine.Database) -> None:
    for _ in range(12):
        issue_ticket(office, "A")
    claims: list[tuple[str, int]] = []
    errors: list[BaseException] = []

    def counter(number: int) -> None:
        misses = 0
        while misses < 5:
            try:
                ticket = calls.call_next(office, number)
            except NobodyWaiting:
                misses += 1
                time.sleep(0.02)
                continue
            except BaseException as error:
                errors.append(error)
                return
            claims.append((ticket.code, ticket.step))
            calls.finish(office, number)

    threads = [threading.Thread(target=counter, args=(n,)) for n in (1, 2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(claims) == len(set(claims)) == 24  # each ticket called once per step
    with engine.read(office) as session:
        statuses = session.scalars(select(Ticket.status)).all()
    assert {str(status) for status in statuses} == {"finished"}


def test_expiring_a_called_ticket_closes_its_step(office: engine.Database) -> None:
    issue_ticket(office, "A", now=at(0))
    calls.call_next(office, 1, now=at(1))
    days.expire_past_days(office, now=at(24 * 60))
    assert step_rows(office, "A001")[0][5] == "expired"


def test_outcomes_lists_the_active_ones_default_first(office: engine.Database) -> None:
    assert [(o.code, o.name_en, o.ends_visit) for o in queries.outcomes(office)] == [
        ("selesai", "Done", False),
        ("berkas_kurang", "Documents incomplete", True),
    ]
    reordered = (JOURNEY_OFFICE.journey.outcomes[1],)
    apply_config(office, replace(JOURNEY_OFFICE, journey=JourneyConfig(outcomes=reordered)))
    assert [o.code for o in queries.outcomes(office)] == ["berkas_kurang"]


def test_a_later_step_tells_since_when_it_waited_for_that_step(office: engine.Database) -> None:
    issue_ticket(office, "A", now=at(0))
    calls.call_next(office, 1, now=at(1))
    calls.finish(office, 1, now=at(10))
    called = calls.call_next(office, 2, now=at(15))
    assert called.waiting_since == at(10)  # not its arrival, which is still its place in line
    assert called.queued_at == at(0)
