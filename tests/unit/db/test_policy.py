"""Property tests of the call order: strict, ratio, fairness cap, appointments, weights."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.rules.policy import Candidate, PriorityPolicy, choose_next, ticket_class
from tests.helpers.policy_cases import NOW, drain, policies, queues


def overdue(c: Candidate, policy: PriorityPolicy) -> bool:
    limit = policy.fairness_minutes
    return not c.priority and limit is not None and NOW - c.queued_at > timedelta(minutes=limit)


@given(queues(), policies)
def test_every_ticket_is_called_exactly_once(
    queue: list[Candidate], policy: PriorityPolicy
) -> None:
    order = drain(queue, policy)
    assert sorted(c.ticket_id for c in order) == sorted(c.ticket_id for c in queue)


@given(queues())
def test_nothing_to_call_gives_none_and_something_always_gives_a_choice(
    queue: list[Candidate],
) -> None:
    choice = choose_next(queue, PriorityPolicy(), now=NOW)
    assert (choice is None) == (not queue)


@given(queues(), policies)
def test_within_a_class_arrival_order_holds(queue: list[Candidate], policy: PriorityPolicy) -> None:
    order = drain(queue, policy)
    for name in ("priority", "normal", "appointment", "walk_in"):
        times = [(c.queued_at, c.ticket_id) for c in order if ticket_class(c, policy) == name]
        assert times == sorted(times)


@given(queues(), st.none() | st.integers(5, 120))
def test_strict_never_calls_a_normal_ticket_while_priority_waits_unless_overdue(
    queue: list[Candidate], fairness: int | None
) -> None:
    policy = PriorityPolicy("strict", 1, fairness)
    order = drain(queue, policy)
    for i, called in enumerate(order):
        if not called.priority and not overdue(called, policy):
            assert not any(c.priority for c in order[i + 1 :])


@given(queues(), st.integers(1, 5))
def test_ratio_never_calls_more_than_n_priority_in_a_row_while_normal_waits(
    queue: list[Candidate], ratio: int
) -> None:
    order = drain(queue, PriorityPolicy("ratio", ratio, None))
    run = 0
    for i, called in enumerate(order):
        run = run + 1 if called.priority else 0
        normal_still_waiting = any(not c.priority for c in order[i + 1 :])
        if normal_still_waiting:
            assert run <= ratio


@given(queues(), policies)
def test_an_overdue_normal_ticket_goes_before_anything_else(
    queue: list[Candidate], policy: PriorityPolicy
) -> None:
    choice = choose_next(queue, policy, now=NOW)
    late = [c for c in queue if overdue(c, policy)]
    if late:
        assert choice is not None
        assert choice.ticket_id == min(late, key=lambda c: (c.queued_at, c.ticket_id)).ticket_id


@given(queues(), st.integers(2, 5))
def test_a_heavier_service_is_preferred_when_waits_are_equal(
    queue: list[Candidate], weight: int
) -> None:
    normal = [c for c in queue if not c.priority]
    policy = PriorityPolicy("strict", 1, None)
    choice = choose_next(normal, policy, now=NOW, weights={1: weight, 2: 1, 3: 1})
    if choice is None:
        return
    picked = next(c for c in normal if c.ticket_id == choice.ticket_id)
    best = max((NOW - c.queued_at) * (weight if c.service_id == 1 else 1) for c in normal)
    assert (NOW - picked.queued_at) * (weight if picked.service_id == 1 else 1) == best


# --- appointment holders and walk-ins -------------------------------------------------------------


def ticket(
    ticket_id: int, minutes_ago: int, *, priority: bool = False, booked: bool = False
) -> Candidate:
    return Candidate(ticket_id, 1, priority, NOW - timedelta(minutes=minutes_ago), booked)


def ids(order: list[Candidate]) -> list[int]:
    return [c.ticket_id for c in order]


@given(queues(), policies, st.integers(0, 6))
def test_by_time_ignores_whether_a_ticket_is_an_appointment(
    queue: list[Candidate], policy: PriorityPolicy, streak: int
) -> None:
    by_time = PriorityPolicy(policy.mode, policy.ratio, policy.fairness_minutes, "by_time")
    unbooked = [Candidate(c.ticket_id, c.service_id, c.priority, c.queued_at) for c in queue]
    assert ids(drain(queue, by_time, streak=streak)) == ids(drain(unbooked, by_time, streak=streak))


def test_appointments_first_calls_a_booking_before_an_earlier_walk_in() -> None:
    policy = PriorityPolicy(fairness_minutes=None, interleave="appointments_first")
    assert ids(drain([ticket(1, 30), ticket(2, 10, booked=True)], policy)) == [2, 1]


def test_by_time_calls_the_earlier_walk_in_before_a_booking() -> None:
    policy = PriorityPolicy(fairness_minutes=None, interleave="by_time")
    assert ids(drain([ticket(1, 30), ticket(2, 10, booked=True)], policy)) == [1, 2]


def test_after_max_in_row_bookings_one_walk_in_goes() -> None:
    policy = PriorityPolicy(fairness_minutes=None, interleave="appointments_first", max_in_row=2)
    queue = [ticket(1, 50)] + [ticket(n, 40 - n, booked=True) for n in range(2, 6)]
    assert ids(drain(queue, policy)) == [2, 3, 1, 4, 5]


def test_a_priority_booking_is_ordered_with_priority_walk_ins_by_time() -> None:
    policy = PriorityPolicy(fairness_minutes=None, interleave="appointments_first")
    queue = [ticket(1, 30, priority=True), ticket(2, 10, priority=True, booked=True)]
    assert ids(drain(queue, policy)) == [1, 2]


@given(queues(), policies, st.integers(0, 6))
def test_appointments_first_never_calls_more_than_n_normal_bookings_in_a_row_while_a_walk_in_waits(
    queue: list[Candidate], policy: PriorityPolicy, streak: int
) -> None:
    policy = replace(policy, fairness_minutes=None, interleave="appointments_first")
    order = [c for c in drain(queue, policy, appointment_streak=streak) if not c.priority]
    run = streak
    for i, called in enumerate(order):
        run = run + 1 if called.appointment else 0
        if any(not c.appointment for c in order[i + 1 :]):
            assert run <= policy.max_in_row


@given(queues(), policies, st.integers(0, 6), st.integers(0, 6))
def test_a_fairness_call_leaves_both_streaks_as_they_were(
    queue: list[Candidate], policy: PriorityPolicy, streak: int, appointment_streak: int
) -> None:
    choice = choose_next(
        queue, policy, now=NOW, streak=streak, appointment_streak=appointment_streak
    )
    if any(overdue(c, policy) for c in queue):
        assert choice is not None
        assert (choice.priority_streak, choice.appointment_streak) == (streak, appointment_streak)


def test_a_policy_with_a_ratio_or_max_in_row_below_one_is_a_bug() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        PriorityPolicy(ratio=0)
    with pytest.raises(ValueError, match="at least 1"):
        PriorityPolicy(max_in_row=0)


def test_a_fairness_call_does_not_restart_the_priority_run() -> None:
    """After priority, fairness, the next call is the normal ticket the ratio owes it."""
    policy = PriorityPolicy("ratio", 1, 60)
    start = NOW - timedelta(minutes=61)
    waiting = [
        Candidate(1, 1, False, start),  # overdue at start + 60 minutes
        Candidate(2, 1, False, start + timedelta(minutes=50)),
        *(Candidate(n, 1, True, start + timedelta(minutes=55)) for n in (3, 4)),
    ]
    order, streak = [], 0
    for minute in (59, 61, 61):
        choice = choose_next(waiting, policy, now=start + timedelta(minutes=minute), streak=streak)
        assert choice is not None
        order.append(choice.ticket_id)
        streak = choice.priority_streak
        waiting = [c for c in waiting if c.ticket_id != choice.ticket_id]
    assert order == [3, 1, 2]
