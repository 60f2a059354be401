"""Property-based tests of the priority policy (strict, ratio, fairness cap, weights)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from db.policy import Candidate, PriorityPolicy, choose_next

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


@st.composite
def queues(draw: st.DrawFn, max_size: int = 30) -> list[Candidate]:
    """Waiting tickets with distinct ids, over up to three services, arrived within 3 hours."""
    size = draw(st.integers(0, max_size))
    return [
        Candidate(
            ticket_id=i,
            service_id=draw(st.integers(1, 3)),
            priority=draw(st.booleans()),
            queued_at=NOW - timedelta(minutes=draw(st.integers(0, 180))),
        )
        for i in range(size)
    ]


policies = st.builds(
    PriorityPolicy,
    mode=st.sampled_from(["strict", "ratio"]),
    ratio=st.integers(1, 5),
    fairness_minutes=st.none() | st.integers(5, 120),
)


def drain(queue: list[Candidate], policy: PriorityPolicy) -> list[Candidate]:
    """Call every ticket in turn at one counter, as the counter's streak evolves."""
    waiting = list(queue)
    order: list[Candidate] = []
    streak = 0
    while waiting:
        choice = choose_next(waiting, policy, now=NOW, streak=streak)
        assert choice is not None
        picked = next(c for c in waiting if c.ticket_id == choice.ticket_id)
        waiting.remove(picked)
        order.append(picked)
        streak = choice.priority_streak
    return order


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
    for is_priority in (True, False):
        times = [(c.queued_at, c.ticket_id) for c in order if c.priority is is_priority]
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
