"""Invariants of a queue database, read straight from its tables after a concurrent run.

Each check returns a list of what breaks it (empty: the invariant holds). They are shared by
the multi-process test (tests/integration/test_concurrency.py) and the soak harness
(benchmarks/soak.py), which runs them after workers were killed and connections cut.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, select

from db.store.engine import Database
from db.store.models import Counter as CounterRow
from db.store.models import CounterService, Event, NumberSeries, Service, Ticket, TicketStatus

PRIORITY_SERIES = "*priority"


@dataclass(frozen=True)
class Snapshot:
    """The rows the invariants look at, as the run left them."""

    tickets: list[Row[Any]]
    events: list[Row[Any]]  # ticket events only, in order
    services: dict[int, Row[Any]]
    counters: dict[int, int]  # counter id -> number
    counter_services: set[tuple[int, int]]  # (counter id, service id)
    series: list[Row[Any]]  # number_series rows

    def service_code(self, ticket: Row[Any]) -> str:
        return str(self.services[ticket.service_id].code)

    def history(self) -> dict[int, list[Row[Any]]]:
        """Each ticket's events, oldest first."""
        by_ticket: dict[int, list[Row[Any]]] = defaultdict(list)
        for event in self.events:
            by_ticket[event.ticket_id].append(event)
        return by_ticket


def read_back(db: Database) -> dict[str, Any]:
    """The fields of a Snapshot, read in one transaction."""
    with db.reader.begin() as conn:
        tickets = conn.execute(select(Ticket.__table__).order_by(Ticket.id)).all()
        events = conn.execute(
            select(Event.__table__).where(Event.ticket_id.is_not(None)).order_by(Event.id)
        ).all()
        services = conn.execute(select(Service.__table__)).all()
        counters = conn.execute(select(CounterRow.id, CounterRow.number)).all()
        links = conn.execute(select(CounterService.counter_id, CounterService.service_id)).all()
        series = conn.execute(select(NumberSeries.__table__)).all()
    return {
        "tickets": list(tickets),
        "events": list(events),
        "services": {s.id: s for s in services},
        "counters": dict(counters),
        "counter_services": {(c, s) for c, s in links},
        "series": list(series),
    }


def snapshot(db: Database) -> Snapshot:
    return Snapshot(**read_back(db))


def duplicate_numbers(run: Snapshot) -> list[str]:
    seen = Counter((t.business_date, t.series_service_id, t.number) for t in run.tickets)
    return [f"number {key} issued {n} times" for key, n in seen.items() if n > 1]


def duplicate_codes(run: Snapshot) -> list[str]:
    seen = Counter((t.business_date, t.code) for t in run.tickets)
    return [f"code {key} issued {n} times" for key, n in seen.items() if n > 1]


def tickets_claimed_twice(run: Snapshot) -> list[str]:
    """A ticket is called once per time it waits: once, plus once per requeue."""
    problems = []
    for ticket_id, history in run.history().items():
        waiting_spells: list[list[int]] = [
            []
        ]  # the "called" events of each spell, split by requeues
        for event in history:
            if event.kind == "requeued":
                waiting_spells.append([])
            elif event.kind == "called":
                waiting_spells[-1].append(run.counters[event.counter_id])
        problems += [
            f"ticket {ticket_id} called by counters {counters} in one spell"
            for counters in waiting_spells
            if len(counters) > 1
        ]
    return problems


def calls_outside_counter_services(run: Snapshot) -> list[str]:
    tickets = {t.id: t for t in run.tickets}
    return [
        f"counter {run.counters[e.counter_id]} called {tickets[e.ticket_id].code}"
        for e in run.events
        if e.kind == "called"
        and (e.counter_id, tickets[e.ticket_id].service_id) not in run.counter_services
    ]


def counters_with_two_active_tickets(run: Snapshot) -> list[str]:
    active = Counter(
        t.counter_id for t in run.tickets if t.status in (TicketStatus.CALLED, TicketStatus.SERVING)
    )
    return [f"counter id {c} holds {n} active tickets" for c, n in active.items() if n > 1]


def quota_overruns(run: Snapshot) -> list[str]:
    issued = Counter((t.business_date, t.series_service_id) for t in run.tickets)
    return [
        f"service {run.services[service].code} on {day}: {n} tickets, quota {quota}"
        for (day, service), n in issued.items()
        if (quota := run.services[service].daily_quota) is not None and n > quota
    ]


# Which columns each state must fill (True) or leave empty (False).
STATE_FIELDS: dict[str, dict[str, bool]] = {
    TicketStatus.WAITING: {"counter_id": False, "called_at": False, "finished_at": False},
    TicketStatus.CALLED: {"counter_id": True, "called_at": True, "serving_at": False},
    TicketStatus.SERVING: {"counter_id": True, "serving_at": True, "finished_at": False},
    TicketStatus.FINISHED: {"counter_id": True, "called_at": True, "finished_at": True},
    TicketStatus.NO_SHOW: {"counter_id": True, "called_at": True, "finished_at": True},
}


def tickets_in_invalid_states(run: Snapshot) -> list[str]:
    problems = []
    for ticket in run.tickets:
        fields = STATE_FIELDS.get(ticket.status)
        if fields is None:
            problems.append(f"{ticket.code} is {ticket.status!r}")
            continue
        problems += [
            f"{ticket.code} is {ticket.status} with {column}={getattr(ticket, column)!r}"
            for column, filled in fields.items()
            if (getattr(ticket, column) is not None) != filled
        ]
    return problems


# The events a ticket may go through, from no state at all: (state, event kind) -> new state.
TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, "issued"): TicketStatus.WAITING,
    (TicketStatus.WAITING, "called"): TicketStatus.CALLED,
    (TicketStatus.CALLED, "serving_started"): TicketStatus.SERVING,
    (TicketStatus.CALLED, "finished"): TicketStatus.FINISHED,
    (TicketStatus.SERVING, "finished"): TicketStatus.FINISHED,
    (TicketStatus.CALLED, "no_show"): TicketStatus.NO_SHOW,
    (TicketStatus.NO_SHOW, "requeued"): TicketStatus.WAITING,
}
BY_THE_CALLING_COUNTER = {"serving_started", "finished", "no_show"}


def histories_contradicting_tickets(run: Snapshot) -> list[str]:
    """Replaying each ticket's events gives its state and its counter."""
    histories = run.history()
    problems = []
    for ticket in run.tickets:
        state, counter, problem = replay(histories.get(ticket.id, []))
        if problem:
            problems.append(f"{ticket.code}: {problem}")
        elif state != ticket.status:
            problems.append(f"{ticket.code} is {ticket.status} but its events say {state}")
        elif state != TicketStatus.WAITING and counter != ticket.counter_id:
            problems.append(f"{ticket.code} is at counter id {ticket.counter_id}, events {counter}")
    return problems


def replay(history: Sequence[Row[Any]]) -> tuple[str | None, int | None, str | None]:
    """The state and counter a ticket's events lead to, or what is wrong with them."""
    state: str | None = None
    counter: int | None = None
    for event in history:
        after = TRANSITIONS.get((state, event.kind))
        if after is None:
            return state, counter, f"event {event.kind!r} when {state}"
        if event.kind == "called":
            counter = event.counter_id
        elif event.kind in BY_THE_CALLING_COUNTER and event.counter_id != counter:
            return state, counter, f"{event.kind} by counter id {event.counter_id}, not {counter}"
        state = after
    return state, counter, None


# The event that must come last for a ticket in each state.
LAST_EVENT = {
    TicketStatus.WAITING: {"issued", "requeued"},
    TicketStatus.CALLED: {"called"},
    TicketStatus.SERVING: {"serving_started"},
    TicketStatus.FINISHED: {"finished"},
    TicketStatus.NO_SHOW: {"no_show"},
}


def tickets_with_a_wrong_last_event(run: Snapshot) -> list[str]:
    histories = run.history()
    return [
        f"{t.code} is {t.status} but its last event is {last}"
        for t in run.tickets
        if (last := histories[t.id][-1].kind if histories.get(t.id) else None)
        not in LAST_EVENT.get(t.status, set())
    ]


def tickets_without_one_issued_event(run: Snapshot) -> list[str]:
    issued = Counter(e.ticket_id for e in run.events if e.kind == "issued")
    return [
        f"ticket {t.code} has {issued[t.id]} issued events"
        for t in run.tickets
        if issued[t.id] != 1
    ]


def number_gaps(run: Snapshot) -> list[str]:
    """Each series holds exactly the numbers 1..last: a refused or interrupted issue rolled its
    number back with everything else, so a gap means a number was lost outside a rollback."""
    codes = {s.id: s.code for s in run.services.values()}
    numbers: dict[tuple[Any, str], list[int]] = defaultdict(list)
    priority: Counter[Any] = Counter()
    for t in run.tickets:
        numbers[(t.business_date, codes[t.series_service_id])].append(t.number)
        priority[t.business_date] += t.priority is not None
    problems = []
    for row in run.series:
        if row.series == PRIORITY_SERIES:
            if priority[row.business_date] != row.last_number:
                problems.append(
                    f"{row.business_date}: {priority[row.business_date]} priority tickets, "
                    f"series at {row.last_number}"
                )
            continue
        held = sorted(numbers.pop((row.business_date, row.series), []))
        if held != list(range(1, row.last_number + 1)):
            missing = sorted(set(range(1, row.last_number + 1)) - set(held))[:10]
            problems.append(
                f"series {row.series} on {row.business_date}: last {row.last_number}, "
                f"{len(held)} tickets, missing {missing}"
            )
    problems += [f"series {code} on {day}: tickets without a series row" for day, code in numbers]
    return problems


CHECKS: dict[str, Callable[[Snapshot], list[str]]] = {
    "no duplicate numbers": duplicate_numbers,
    "no duplicate codes": duplicate_codes,
    "no ticket called twice in one wait": tickets_claimed_twice,
    "no counter with two active tickets": counters_with_two_active_tickets,
    "counters call only their services": calls_outside_counter_services,
    "no quota overrun": quota_overruns,
    "every ticket in a valid state": tickets_in_invalid_states,
    "one issued event per ticket": tickets_without_one_issued_event,
    "events lead to each ticket's state": histories_contradicting_tickets,
    "last event matches the state": tickets_with_a_wrong_last_event,
    "no number gap a rollback does not explain": number_gaps,
}


def check_all(run: Snapshot) -> dict[str, list[str]]:
    """Every invariant by name, each with what breaks it."""
    return {name: check(run) for name, check in CHECKS.items()}
