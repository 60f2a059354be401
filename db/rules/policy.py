"""Which waiting ticket a counter calls next: pure functions, so they can be tested exhaustively.

Each waiting ticket a counter can call has a *class*:
- "priority": a priority ticket (lansia, disabilitas, ibu hamil, balita), appointment or not;
- with `interleave = "by_time"`: every other ticket is "normal", appointment or walk-in alike;
- with `interleave = "appointments_first"`: "appointment" or "walk_in".
A counter keeps two streaks: priority calls in a row, and appointment calls in a row among its
normal (non-priority) calls.

The order, in words:
1. Fairness cap: a normal ticket that has waited longer than `fairness_minutes` goes first (the
   longest-waiting of those), so nothing else can starve the normal queue. Such a call is out of
   band: it leaves both streaks as they were, so the rules below see the same sequence of calls
   as if that ticket had not been there, and their bounds hold counting the other calls only.
2. Priority: `strict`: the priority class before any other.
   `ratio`: the priority class first, but after `ratio` priority calls in a row at this counter,
   one normal ticket if any waits, so priority never jumps the whole queue.
3. Appointments (normal tickets only): `by_time`: one class in queue order, so an appointment
   counts from its `queued_at` (for a booking checked in early: its session start, when its
   ticket becomes due). `appointments_first`: appointments before walk-ins, but after
   `max_in_row` appointment calls in a row, one walk-in if one waits. A priority call neither
   breaks nor extends this streak: if priority walk-ins broke it, a steady flow of them would
   keep the normal walk-ins waiting behind appointments for ever.
   Priority tickets are one class whatever their kind, in queue order: they are few, and a
   second interleave inside them would need a third streak for no real gain.
4. Within a class, queue order across the counter's services, where a service weight multiplies
   how long its tickets count as having waited (weight 1 everywhere: plain queue order). Within
   one service and class the order is always first come, first served.

The bound ("nobody waits forever", see `call_bound`): while a class has a ticket waiting at a
counter, at most K - 1 calls of other classes (fairness calls not counted) come between two of
its calls there, from whatever streaks the counter has. With R = `ratio`, N = `max_in_row`:
- priority: K = 1 (strict) or 2 (ratio);
- normal (by_time): K = R + 1 (ratio); none (strict: only the fairness cap, in minutes);
- appointment: K = 2 (R + 1); walk_in: K = (N + 1)(R + 1) (ratio); none (strict).
So a ticket with `ahead` tickets of its class before it is called within K (ahead + 1) calls of
the counter (`max_calls_before`); with a fairness cap, a normal ticket is in any case called
once it is overdue and the overdue tickets queued before it have been called.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, NamedTuple

PolicyMode = Literal["strict", "ratio"]
InterleaveMode = Literal["by_time", "appointments_first"]
TicketClass = Literal["priority", "normal", "appointment", "walk_in"]

# The normal classes in the order they are tried (only one mode's classes ever occur together).
_NORMAL_CLASSES: tuple[TicketClass, ...] = ("normal", "appointment", "walk_in")


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket the counter could call."""

    ticket_id: int
    service_id: int
    priority: bool
    queued_at: datetime
    appointment: bool = False


@dataclass(frozen=True)
class PriorityPolicy:
    """The office's call order: priority rule, fairness cap and appointment interleave."""

    mode: PolicyMode = "ratio"
    ratio: int = 2
    fairness_minutes: int | None = 60
    interleave: InterleaveMode = "by_time"
    max_in_row: int = 3  # appointments_first: appointment calls in a row before one walk-in

    def __post_init__(self) -> None:
        if self.ratio < 1 or self.max_in_row < 1:
            raise ValueError(f"ratio and max_in_row must be at least 1: {self}")


@dataclass(frozen=True)
class Choice:
    ticket_id: int
    priority_streak: int  # the counter's new count of priority calls in a row
    appointment_streak: int  # its new count of appointment calls in a row (normal calls only)


class _Streaks(NamedTuple):
    priority: int
    appointments: int


def choose_next(
    candidates: Sequence[Candidate],
    policy: PriorityPolicy,
    *,
    now: datetime,
    streak: int = 0,
    appointment_streak: int = 0,
    weights: Mapping[int, int] | None = None,
) -> Choice | None:
    """Pick the ticket to call from `candidates`, or None when there is none.

    `candidates` need only be the head of each line (service x class): nothing behind a head
    can go first.
    """
    streaks = _Streaks(streak, appointment_streak)
    overdue = _overdue(candidates, policy, now)
    if overdue:
        return Choice(min(overdue, key=_arrival).ticket_id, *streaks)
    classes = _classes(candidates, policy)
    picked_class = _pick(classes.keys(), policy, streaks)
    if picked_class is None:
        return None
    picked = min(classes[picked_class], key=_order_key(now, weights))
    return Choice(picked.ticket_id, *_after(streaks, picked))


def call_order(
    candidates: Iterable[Candidate],
    policy: PriorityPolicy,
    *,
    now: datetime,
    streak: int = 0,
    appointment_streak: int = 0,
    weights: Mapping[int, int] | None = None,
) -> list[int]:
    """The ticket ids in the order one counter would call them if all were called at `now`.

    `candidates`: every waiting ticket of the lines the counter calls from. A ticket's people
    ahead is its index here. Arrivals, other counters and, with a fairness cap or weights, time
    itself can change the order later: it is a prediction. O(n log n).
    A ticket not due yet (a booking checked in before its session) is placed as if it were: to
    ask for its place when it becomes due, pass its `queued_at` as `now`.
    """
    waiting = list(candidates)
    overdue = sorted(_overdue(waiting, policy, now), key=_arrival)
    late = {c.ticket_id for c in overdue}
    key = _order_key(now, weights)
    lines = {
        name: deque(sorted(group, key=key))
        for name, group in _classes((c for c in waiting if c.ticket_id not in late), policy).items()
    }
    order = [c.ticket_id for c in overdue]
    streaks = _Streaks(streak, appointment_streak)
    while (name := _pick(lines.keys(), policy, streaks)) is not None:
        picked = lines[name].popleft()
        if not lines[name]:
            del lines[name]
        order.append(picked.ticket_id)
        streaks = _after(streaks, picked)
    return order


def place_by_counts(
    waiting: Mapping[TicketClass, int],
    own: TicketClass,
    ahead_in_class: int,
    policy: PriorityPolicy,
    *,
    overdue: int = 0,
) -> int:
    """A ticket's index in `call_order` (fresh streaks, no weights) from counts alone, in O(1).

    `waiting`: the line's tickets per class, the fairness cap's overdue ones left out; `own`:
    the ticket's class, in which `ahead_in_class` of them come before it; `overdue`: how many
    the fairness cap calls first. Within one service the classes interleave by counts only:
    normal calls follow their own pattern (by_time: one class; appointments_first: `max_in_row`
    bookings, then a walk-in), and priority calls come in runs of `ratio` before each normal
    call (strict: all first). So the same answer as `call_order` for a line of one service.
    """
    if waiting.get(own, 0) <= ahead_in_class:
        raise ValueError(f"{own} has {waiting.get(own, 0)} waiting, not {ahead_in_class + 1}")
    priority = waiting.get("priority", 0)
    normal = sum(count for name, count in waiting.items() if name != "priority")
    if own == "priority":
        if policy.mode == "strict":
            return overdue + ahead_in_class
        return overdue + ahead_in_class + min(ahead_in_class // policy.ratio, normal)
    # The own ticket's index among the normal calls, then the priority calls before that call.
    index = ahead_in_class
    if own == "appointment":
        index += min(waiting.get("walk_in", 0), ahead_in_class // policy.max_in_row)
    elif own == "walk_in":
        index += min(waiting.get("appointment", 0), policy.max_in_row * (ahead_in_class + 1))
    if policy.mode == "strict":
        return overdue + index + priority
    return overdue + index + min(priority, policy.ratio * (index + 1))


def ticket_class(candidate: Candidate, policy: PriorityPolicy) -> TicketClass:
    """The class `candidate` is called in under `policy` (see the module docstring)."""
    if candidate.priority:
        return "priority"
    if policy.interleave == "by_time":
        return "normal"
    return "appointment" if candidate.appointment else "walk_in"


def call_bound(policy: PriorityPolicy, *, priority: bool, appointment: bool = False) -> int | None:
    """K: while its class waits, a counter calls from it at least once in every K calls.

    Fairness calls are not counted. None: no bound in calls (a normal ticket under `strict`,
    which only the fairness cap bounds, in minutes).
    """
    probe = Candidate(0, 0, priority, datetime.min, appointment)
    name = ticket_class(probe, policy)
    if name == "priority":
        return 1 if policy.mode == "strict" else 2
    if policy.mode == "strict":
        return None
    normal_call_every = policy.ratio + 1
    normal_calls = {"normal": 1, "appointment": 2, "walk_in": policy.max_in_row + 1}[name]
    return normal_calls * normal_call_every


def max_calls_before(
    policy: PriorityPolicy, *, priority: bool, appointment: bool = False, ahead: int = 0
) -> int | None:
    """The most calls of a counter (fairness calls not counted) until a ticket is called.

    `ahead`: the tickets of its class before it (and none queued before it arrives later).
    """
    bound = call_bound(policy, priority=priority, appointment=appointment)
    return None if bound is None else bound * (ahead + 1)


def is_overdue(candidate: Candidate, policy: PriorityPolicy, now: datetime) -> bool:
    """Whether the fairness cap calls `candidate` before anything else."""
    limit = policy.fairness_minutes
    if candidate.priority or limit is None:
        return False
    return now - candidate.queued_at > timedelta(minutes=limit)


def _overdue(
    candidates: Iterable[Candidate], policy: PriorityPolicy, now: datetime
) -> list[Candidate]:
    if policy.fairness_minutes is None:
        return []
    return [c for c in candidates if is_overdue(c, policy, now)]


def _classes(
    candidates: Iterable[Candidate], policy: PriorityPolicy
) -> dict[TicketClass, list[Candidate]]:
    classes: dict[TicketClass, list[Candidate]] = {}
    for candidate in candidates:
        classes.setdefault(ticket_class(candidate, policy), []).append(candidate)
    return classes


def _pick(
    waiting: Collection[TicketClass], policy: PriorityPolicy, streaks: _Streaks
) -> TicketClass | None:
    """The class to call from, given the classes that have a ticket waiting."""
    normal = [name for name in _NORMAL_CLASSES if name in waiting]
    held_back = bool(normal) and policy.mode == "ratio" and streaks.priority >= policy.ratio
    if "priority" in waiting and not held_back:
        return "priority"
    if not normal:
        return None
    if normal[0] == "appointment" and "walk_in" in waiting:
        return "walk_in" if streaks.appointments >= policy.max_in_row else "appointment"
    return normal[0]


def _after(streaks: _Streaks, called: Candidate) -> _Streaks:
    """The counter's streaks after it called `called` (not by the fairness cap)."""
    if called.priority:
        return _Streaks(streaks.priority + 1, streaks.appointments)
    return _Streaks(0, streaks.appointments + 1 if called.appointment else 0)


def _arrival(candidate: Candidate) -> tuple[datetime, int]:
    return candidate.queued_at, candidate.ticket_id


def _order_key(
    now: datetime, weights: Mapping[int, int] | None
) -> Callable[[Candidate], tuple[float, datetime, int]]:
    """The order within a class: longest weighted wait first, then queue order."""

    def weighted_wait(c: Candidate) -> tuple[float, datetime, int]:
        if not weights:
            return 0.0, c.queued_at, c.ticket_id
        waited = max((now - c.queued_at).total_seconds(), 0.0)
        return -waited * weights.get(c.service_id, 1), c.queued_at, c.ticket_id

    return weighted_wait
