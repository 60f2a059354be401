"""Which waiting ticket a counter calls next: a pure function, so it can be tested exhaustively.

The order, in words:
1. Fairness cap: a normal ticket that has waited longer than `fairness_minutes` goes first (the
   longest-waiting of those), so priority tickets can never starve the normal queue.
2. `strict`: any priority ticket before any normal ticket.
   `ratio`: priority tickets first, but after `ratio` priority calls in a row at this counter, one
   normal ticket if any waits, so priority never jumps the whole queue.
3. Within a class, arrival order across the counter's services, where a service weight multiplies
   how long its tickets count as having waited (weight 1 everywhere: plain arrival order).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

PolicyMode = Literal["strict", "ratio"]


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket the counter could call."""

    ticket_id: int
    service_id: int
    priority: bool
    queued_at: datetime


@dataclass(frozen=True)
class PriorityPolicy:
    mode: PolicyMode = "ratio"
    ratio: int = 2
    fairness_minutes: int | None = 60


@dataclass(frozen=True)
class Choice:
    ticket_id: int
    priority_streak: int  # the counter's new count of priority calls in a row


def choose_next(
    candidates: Sequence[Candidate],
    policy: PriorityPolicy,
    *,
    now: datetime,
    streak: int = 0,
    weights: Mapping[int, int] | None = None,
) -> Choice | None:
    """Pick the ticket to call from `candidates`, or None when there is none."""
    normal = [c for c in candidates if not c.priority]
    priority = [c for c in candidates if c.priority]
    overdue = _overdue(normal, policy, now)
    if overdue:
        return Choice(min(overdue, key=_arrival).ticket_id, 0)
    if priority and not (normal and policy.mode == "ratio" and streak >= policy.ratio):
        return Choice(_first(priority, now, weights).ticket_id, streak + 1)
    if normal:
        return Choice(_first(normal, now, weights).ticket_id, 0)
    return None


def _overdue(normal: list[Candidate], policy: PriorityPolicy, now: datetime) -> list[Candidate]:
    if policy.fairness_minutes is None:
        return []
    limit = timedelta(minutes=policy.fairness_minutes)
    return [c for c in normal if now - c.queued_at > limit]


def _arrival(candidate: Candidate) -> tuple[datetime, int]:
    return candidate.queued_at, candidate.ticket_id


def _first(group: list[Candidate], now: datetime, weights: Mapping[int, int] | None) -> Candidate:
    if not weights:
        return min(group, key=_arrival)

    def weighted_wait(c: Candidate) -> tuple[float, datetime, int]:
        waited = max((now - c.queued_at).total_seconds(), 0.0)
        return -waited * weights.get(c.service_id, 1), c.queued_at, c.ticket_id

    return min(group, key=weighted_wait)
