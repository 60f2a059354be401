"""`call_order`: the order one counter would call every waiting ticket, so people ahead = place."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.rules.policy import (
    Candidate,
    PriorityPolicy,
    TicketClass,
    call_order,
    choose_next,
    is_overdue,
    place_by_counts,
    ticket_class,
)
from tests.helpers.policy_cases import NOW, drain, policies, queues, streaks, weightings


@given(queues(), policies, streaks, streaks, weightings)
def test_the_first_in_the_order_is_the_ticket_choose_next_calls(
    queue: list[Candidate],
    policy: PriorityPolicy,
    streak: int,
    appointment_streak: int,
    weights: dict[int, int] | None,
) -> None:
    order = call_order(
        queue,
        policy,
        now=NOW,
        streak=streak,
        appointment_streak=appointment_streak,
        weights=weights,
    )
    choice = choose_next(
        queue,
        policy,
        now=NOW,
        streak=streak,
        appointment_streak=appointment_streak,
        weights=weights,
    )
    assert order[:1] == ([] if choice is None else [choice.ticket_id])


@given(queues(), policies, streaks, streaks, weightings)
def test_the_order_is_what_calling_one_by_one_gives(
    queue: list[Candidate],
    policy: PriorityPolicy,
    streak: int,
    appointment_streak: int,
    weights: dict[int, int] | None,
) -> None:
    """Consistent over calls: after each call, the rest of the order is the order of the rest."""
    called = drain(
        queue, policy, streak=streak, appointment_streak=appointment_streak, weights=weights
    )
    order = call_order(
        queue,
        policy,
        now=NOW,
        streak=streak,
        appointment_streak=appointment_streak,
        weights=weights,
    )
    assert order == [c.ticket_id for c in called]


@given(queues(), policies, streaks, streaks, st.lists(st.integers(0, 30), max_size=30))
def test_without_fairness_or_weights_the_order_holds_as_time_passes(
    queue: list[Candidate],
    policy: PriorityPolicy,
    streak: int,
    appointment_streak: int,
    pauses: list[int],
) -> None:
    """Nobody arrives: each call, minutes apart, takes the next ticket of the first order."""
    policy = replace(policy, fairness_minutes=None)
    expected = call_order(
        queue, policy, now=NOW, streak=streak, appointment_streak=appointment_streak
    )
    waiting, now = list(queue), NOW
    for pause in pauses[: len(queue)]:
        now += timedelta(minutes=pause)
        choice = choose_next(
            waiting, policy, now=now, streak=streak, appointment_streak=appointment_streak
        )
        assert choice is not None
        assert choice.ticket_id == expected[len(queue) - len(waiting)]
        waiting = [c for c in waiting if c.ticket_id != choice.ticket_id]
        streak, appointment_streak = choice.priority_streak, choice.appointment_streak


@given(queues(), policies, weightings)
def test_every_waiting_ticket_has_exactly_one_place(
    queue: list[Candidate], policy: PriorityPolicy, weights: dict[int, int] | None
) -> None:
    order = call_order(queue, policy, now=NOW, weights=weights)
    assert sorted(order) == sorted(c.ticket_id for c in queue)


def test_a_lansia_ticket_behind_two_normal_tickets_has_nobody_ahead() -> None:
    """The issue's case: told "2 ahead" by arrival order, then called first."""
    queue = [
        Candidate(1, 1, False, NOW - timedelta(minutes=10)),
        Candidate(2, 1, False, NOW - timedelta(minutes=5)),
        Candidate(3, 1, True, NOW),
    ]
    assert call_order(queue, PriorityPolicy("ratio", 2, 60), now=NOW).index(3) == 0


def test_a_walk_in_behind_bookings_has_max_in_row_of_them_ahead() -> None:
    walk_in = Candidate(1, 1, False, NOW - timedelta(minutes=30))
    bookings = [Candidate(n, 1, False, NOW - timedelta(minutes=n), True) for n in range(2, 7)]
    policy = PriorityPolicy(fairness_minutes=None, interleave="appointments_first", max_in_row=3)
    assert call_order([walk_in, *bookings], policy, now=NOW).index(1) == 3


def test_a_counter_that_owes_a_walk_in_calls_it_first() -> None:
    walk_in = Candidate(1, 1, False, NOW - timedelta(minutes=30))
    booking = Candidate(2, 1, False, NOW - timedelta(minutes=40), True)
    policy = PriorityPolicy(fairness_minutes=None, interleave="appointments_first", max_in_row=2)
    assert call_order([walk_in, booking], policy, now=NOW, appointment_streak=2) == [1, 2]


def _counted(
    queue: list[Candidate], mine: Candidate, policy: PriorityPolicy
) -> tuple[dict[TicketClass, int], int, int]:
    """What `people_ahead` counts in the database: per class (overdue apart), ahead in class."""
    waiting: dict[TicketClass, int] = {}
    ahead = overdue = 0
    for c in queue:
        if is_overdue(c, policy, NOW):
            overdue += 1
            continue
        name = ticket_class(c, policy)
        waiting[name] = waiting.get(name, 0) + 1
        before = (c.queued_at, c.ticket_id) < (mine.queued_at, mine.ticket_id)
        ahead += before and name == ticket_class(mine, policy)
    return waiting, ahead, overdue


@given(queues(), policies, st.data())
def test_counting_by_class_places_a_ticket_where_the_whole_order_does(
    queue: list[Candidate], policy: PriorityPolicy, data: st.DataObject
) -> None:
    """One service's line: a ticket's place from per-class counts is its index in call_order."""
    line = [replace(c, service_id=1) for c in queue]
    mine = data.draw(st.sampled_from(line)) if line else None
    if mine is None or is_overdue(mine, policy, NOW):
        return
    waiting, ahead, overdue = _counted(line, mine, policy)
    placed = place_by_counts(waiting, ticket_class(mine, policy), ahead, policy, overdue=overdue)
    assert placed == call_order(line, policy, now=NOW).index(mine.ticket_id)


def test_counting_refuses_a_ticket_its_class_does_not_hold() -> None:
    with pytest.raises(ValueError, match="has 1 waiting"):
        place_by_counts({"normal": 1}, "normal", 1, PriorityPolicy())
