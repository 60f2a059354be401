"""Nobody waits forever: random arrivals and calls at counters sharing lines, against the bound.

The bound is the module's promise (`call_bound`): while a class has a ticket waiting at a counter,
at most K - 1 of the counter's calls from other classes (fairness calls not counted) come between
two of its calls. Within one line (a service and a class) tickets are called first come, first
served, whichever counter calls them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.rules.policy import (
    Candidate,
    InterleaveMode,
    PolicyMode,
    PriorityPolicy,
    TicketClass,
    call_bound,
    choose_next,
    is_overdue,
    max_calls_before,
    ticket_class,
)
from tests.helpers.policy_cases import NOW, drain, policies, queues, weightings

SERVICES = (1, 2, 3)


@dataclass(frozen=True)
class Arrival:
    service_id: int
    priority: bool
    appointment: bool
    due_in: int  # minutes from arrival until an appointment's session starts (<= 0: due now)


@dataclass(frozen=True)
class Event:
    minutes_later: int
    arrival: Arrival | None  # None: a call
    counter: int  # which counter calls


@dataclass
class Counter:
    services: frozenset[int]
    weights: dict[int, int]
    streak: int = 0
    appointment_streak: int = 0
    gaps: dict[TicketClass, int] = field(default_factory=dict)


arrivals = st.builds(
    Arrival,
    service_id=st.sampled_from(SERVICES),
    priority=st.booleans(),
    appointment=st.booleans(),
    due_in=st.integers(-20, 30),
)
events = st.builds(
    Event,
    minutes_later=st.integers(0, 4),
    arrival=st.none() | arrivals,
    counter=st.integers(0, 2),
)


@st.composite
def counters(draw: st.DrawFn) -> list[Counter]:
    """One to three counters; the first serves every service, so every ticket can be called."""
    subsets = st.frozensets(st.sampled_from(SERVICES), min_size=1)
    served = [frozenset(SERVICES), *draw(st.lists(subsets, max_size=2))]
    weight = st.integers(1, 3)
    return [Counter(s, {service: draw(weight) for service in s}) for s in served]


class Office:
    """Waiting tickets and counters, called through `choose_next` as the clock moves on."""

    def __init__(self, policy: PriorityPolicy, desks: list[Counter]) -> None:
        self.policy = policy
        self.desks = desks
        self.waiting: list[Candidate] = []
        self.now = NOW
        self.called: list[Candidate] = []

    def arrive(self, arrival: Arrival) -> None:
        due = self.now + timedelta(minutes=max(arrival.due_in, 0) if arrival.appointment else 0)
        ticket_id = len(self.waiting) + len(self.called)
        self.waiting.append(
            Candidate(ticket_id, arrival.service_id, arrival.priority, due, arrival.appointment)
        )

    def due_at(self, desk: Counter) -> list[Candidate]:
        return [
            c for c in self.waiting if c.service_id in desk.services and c.queued_at <= self.now
        ]

    def call(self, desk: Counter) -> Candidate | None:
        mine = self.due_at(desk)
        choice = choose_next(
            mine,
            self.policy,
            now=self.now,
            streak=desk.streak,
            appointment_streak=desk.appointment_streak,
            weights=desk.weights,
        )
        if choice is None:
            assert not mine
            return None
        picked = next(c for c in mine if c.ticket_id == choice.ticket_id)
        self._check_first_in_its_line(picked, mine)
        if not is_overdue(picked, self.policy, self.now):
            self._check_gaps(desk, picked, mine)
        desk.streak, desk.appointment_streak = choice.priority_streak, choice.appointment_streak
        self.waiting.remove(picked)
        self.called.append(picked)
        return picked

    def _line(self, c: Candidate) -> tuple[int, TicketClass]:
        return c.service_id, ticket_class(c, self.policy)

    def _check_first_in_its_line(self, picked: Candidate, mine: list[Candidate]) -> None:
        line = [c for c in mine if self._line(c) == self._line(picked)]
        assert min(line, key=lambda c: (c.queued_at, c.ticket_id)) == picked

    def _check_gaps(self, desk: Counter, picked: Candidate, mine: list[Candidate]) -> None:
        waiting = {ticket_class(c, self.policy) for c in mine}
        for name in ("priority", "normal", "appointment", "walk_in"):
            if name not in waiting or ticket_class(picked, self.policy) == name:
                desk.gaps[name] = 0
                continue
            desk.gaps[name] = desk.gaps.get(name, 0) + 1
            bound = call_bound(
                self.policy, priority=name == "priority", appointment=name == "appointment"
            )
            assert bound is None or desk.gaps[name] <= bound - 1, (name, bound, desk.gaps)

    def drain(self) -> None:
        """Call until nobody waits, moving the clock to the next session start when idle."""
        while self.waiting:
            if not any([self.call(desk) for desk in self.desks]):
                later = min(c.queued_at for c in self.waiting)
                assert later > self.now, "a due ticket that no counter calls"
                self.now = later


@settings(max_examples=200)
@given(policies, counters(), st.lists(events, max_size=80))
def test_every_ticket_is_called_within_the_bound_and_first_in_its_line(
    policy: PriorityPolicy, desks: list[Counter], pattern: list[Event]
) -> None:
    office = Office(policy, desks)
    for event in pattern:
        office.now += timedelta(minutes=event.minutes_later)
        if event.arrival is not None:
            office.arrive(event.arrival)
        else:
            office.call(desks[event.counter % len(desks)])
    office.drain()
    assert sorted(c.ticket_id for c in office.called) == list(range(len(office.called)))


@given(policies, st.lists(events, max_size=80))
def test_the_bound_holds_at_one_counter_serving_everything(
    policy: PriorityPolicy, pattern: list[Event]
) -> None:
    office = Office(policy, [Counter(frozenset(SERVICES), {})])
    for event in pattern:
        office.now += timedelta(minutes=event.minutes_later)
        if event.arrival is not None:
            office.arrive(event.arrival)
        else:
            office.call(office.desks[0])
    office.drain()
    assert not office.waiting


def class_places(
    queue: list[Candidate], policy: PriorityPolicy, weights: dict[int, int] | None
) -> dict[int, int]:
    """Each ticket's place in its class at NOW, worked out here independently of the module."""

    def key(c: Candidate) -> tuple[float, datetime, int]:
        weight = weights.get(c.service_id, 1) if weights else 0
        return -(NOW - c.queued_at).total_seconds() * weight, c.queued_at, c.ticket_id

    ahead: dict[int, int] = {}
    for name in ("priority", "normal", "appointment", "walk_in"):
        group = sorted((c for c in queue if ticket_class(c, policy) == name), key=key)
        ahead.update({c.ticket_id: place for place, c in enumerate(group)})
    return ahead


@given(queues(), policies, weightings, st.integers(0, 6), st.integers(0, 6))
def test_a_ticket_is_called_within_max_calls_before_it(
    queue: list[Candidate],
    policy: PriorityPolicy,
    weights: dict[int, int] | None,
    streak: int,
    appointment_streak: int,
) -> None:
    policy = replace(policy, fairness_minutes=None)
    order = drain(
        queue, policy, streak=streak, appointment_streak=appointment_streak, weights=weights
    )
    ahead = class_places(queue, policy, weights)
    for calls, called in enumerate(order, start=1):
        most = max_calls_before(
            policy,
            priority=called.priority,
            appointment=called.appointment,
            ahead=ahead[called.ticket_id],
        )
        assert most is None or calls <= most


@pytest.mark.parametrize("ratio", [1, 2, 3])
@pytest.mark.parametrize("max_in_row", [1, 2, 4])
def test_a_walk_in_behind_bookings_and_priority_waits_exactly_the_bound(
    ratio: int, max_in_row: int
) -> None:
    """The bound is reached: it is the true worst case, not a loose promise."""
    policy = PriorityPolicy("ratio", ratio, None, "appointments_first", max_in_row)
    walk_in = Candidate(0, 1, False, NOW - timedelta(hours=2))
    others = [
        Candidate(n, 1, n % 2 == 0, NOW - timedelta(minutes=n), n % 2 == 1) for n in range(1, 60)
    ]
    order = drain([walk_in, *others], policy)
    calls = [c.ticket_id for c in order].index(0) + 1
    assert calls == call_bound(policy, priority=False, appointment=False)
    assert calls == (max_in_row + 1) * (ratio + 1)


@pytest.mark.parametrize(
    ("mode", "interleave", "expected"),
    [
        ("strict", "by_time", (1, None, None, None)),
        ("ratio", "by_time", (2, 4, 4, 4)),
        ("ratio", "appointments_first", (2, None, 8, 12)),
    ],
)
def test_the_stated_bounds_per_mode(
    mode: PolicyMode, interleave: InterleaveMode, expected: tuple[int | None, ...]
) -> None:
    """(priority, normal, appointment, walk-in) for ratio 3 and max_in_row 2."""
    policy = PriorityPolicy(mode, 3, 60, interleave, 2)
    bounds = (
        call_bound(policy, priority=True),
        call_bound(policy, priority=False) if interleave == "by_time" else None,
        call_bound(policy, priority=False, appointment=True),
        call_bound(policy, priority=False, appointment=False),
    )
    assert bounds == expected
