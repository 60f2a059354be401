"""Hypothesis strategies and a drain helper for the call-order policy's property tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from db.rules.policy import Candidate, PriorityPolicy, choose_next

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


@st.composite
def queues(draw: st.DrawFn, max_size: int = 30) -> list[Candidate]:
    """Waiting tickets with distinct ids, over up to three services, queued within 3 hours."""
    size = draw(st.integers(0, max_size))
    return [
        Candidate(
            ticket_id=i,
            service_id=draw(st.integers(1, 3)),
            priority=draw(st.booleans()),
            queued_at=NOW - timedelta(minutes=draw(st.integers(0, 180))),
            appointment=draw(st.booleans()),
        )
        for i in range(size)
    ]


policies = st.builds(
    PriorityPolicy,
    mode=st.sampled_from(["strict", "ratio"]),
    ratio=st.integers(1, 5),
    fairness_minutes=st.none() | st.integers(5, 120),
    interleave=st.sampled_from(["by_time", "appointments_first"]),
    max_in_row=st.integers(1, 4),
)

weightings = st.none() | st.dictionaries(st.integers(1, 3), st.integers(1, 4))
streaks = st.integers(0, 6)


def drain(
    queue: list[Candidate],
    policy: PriorityPolicy,
    *,
    streak: int = 0,
    appointment_streak: int = 0,
    weights: dict[int, int] | None = None,
    now: datetime = NOW,
) -> list[Candidate]:
    """Call every ticket in turn at one counter at `now`, as the counter's streaks evolve."""
    waiting = list(queue)
    order: list[Candidate] = []
    while waiting:
        choice = choose_next(
            waiting,
            policy,
            now=now,
            streak=streak,
            appointment_streak=appointment_streak,
            weights=weights,
        )
        assert choice is not None
        picked = next(c for c in waiting if c.ticket_id == choice.ticket_id)
        waiting.remove(picked)
        order.append(picked)
        streak, appointment_streak = choice.priority_streak, choice.appointment_streak
    return order


def without_fairness(policy: PriorityPolicy) -> PriorityPolicy:
    return replace(policy, fairness_minutes=None)
