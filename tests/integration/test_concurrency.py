"""Many kiosks and counters at once: one busy morning, on SQLite and on PostgreSQL.

Six issuing processes and four calling processes start together (a barrier) and hammer one
database for a few seconds, each with its own engine. Issuers take tickets of random services,
some of them priority tickets, some with a repeated idempotency key (a double tap on the kiosk,
or two kiosks retrying the same request); callers each own one counter and call, serve, finish,
mark no-show and requeue. Each child reports what it did and any unexpected exception.

Afterwards the database is read with plain SQLAlchemy and every invariant the peer systems break
is checked on its own: numbers, claims, active tickets, quotas, states, the event log, and the
totals the children saw.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import queue
import random
import threading
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from benchmarks.invariants import (
    Snapshot,
    calls_outside_counter_services,
    counters_with_two_active_tickets,
    duplicate_codes,
    duplicate_numbers,
    histories_contradicting_tickets,
    number_gaps,
    quota_overruns,
    read_back,
    tickets_claimed_twice,
    tickets_in_invalid_states,
    tickets_with_a_wrong_last_event,
    tickets_without_one_issued_event,
)
from db.errors import CounterBusy, NobodyWaiting, QuotaReached
from db.office_config import (
    PRIORITY_CATEGORIES,
    CounterConfig,
    OfficeConfig,
    PriorityConfig,
    ServiceConfig,
)
from db.ops.setup import apply_config
from db.services.calls import call_next, finish, mark_no_show, start_serving
from db.services.days import requeue
from db.services.tickets import issue_ticket
from db.store.engine import Database, check_connection, open_database
from db.store.models import TicketStatus
from tests.helpers import databases

pytestmark = pytest.mark.slow

log = logging.getLogger(__name__)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

ISSUERS = 6
CALLERS = 4
RUN_SECONDS = 4.0
MAX_RUN_SECONDS = 12.0  # on a slow machine, run on until the quotas have been reached
START_TIMEOUT_S = 60.0  # spawning 10 interpreters on 2 cores takes a few seconds
REPORT_TIMEOUT_S = 60.0

QUOTAS = {"A": 60, "C": 40}  # small enough to be used up within the first seconds

BUSY_OFFICE = OfficeConfig(
    name="Kantor Uji Ramai",
    timezone="Asia/Jakarta",
    priority=PriorityConfig(policy="ratio", ratio=2, fairness_minutes=60, daily_cap=None),
    services=(
        ServiceConfig("A", "Paspor Baru", "New passport", daily_quota=QUOTAS["A"]),
        ServiceConfig("B", "Penggantian Paspor", "Passport renewal", daily_quota=None),
        ServiceConfig(
            "C",
            "Paspor Hilang atau Rusak",
            "Lost or damaged passport",
            daily_quota=QUOTAS["C"],
            priority_allowed=True,
        ),
    ),
    counters=(
        CounterConfig(1, "Loket 1", (("A", 1), ("B", 1))),
        CounterConfig(2, "Loket 2", (("B", 1), ("C", 2))),
        CounterConfig(3, "Loket 3", (("A", 2), ("C", 1))),
        CounterConfig(4, "Loket 4", (("A", 1), ("B", 1), ("C", 1))),
    ),
)

# What an issuer asks for: services by weight, and how often it does something special.
SERVICE_WEIGHTS = {"A": 4, "B": 3, "C": 3}
PRIORITY_SHARE = 0.2
DOUBLE_TAP_SHARE = 0.15
SHARED_KEY_SHARE = 0.1  # keys that every issuer uses in turn: cross-process repeats
SHARED_KEY_SERVICE = "B"  # no quota, so a shared key always ends with one ticket

# What a caller does with the ticket it called.
SERVE_SHARE = 0.4
FINISH_SHARE = 0.35  # finished without "start serving"; the rest are no-shows
REQUEUE_SHARE = 0.3  # of the no-shows
DOUBLE_PRESS_SHARE = 0.1
IDLE_SLEEP_S = 0.05  # an officer with nobody waiting does not press 200 times a second


# --- the children ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    role: str  # "issuer" or "caller"
    index: int  # issuer number, or the counter number
    url: str
    seed: int


@dataclass(frozen=True)
class Signals:
    """What the parent and the children share (handed to each child as it is spawned)."""

    start: Any  # a Barrier: every child and the parent begin together
    stop: Any  # an Event: the parent ends the morning
    quota_full: dict[str, Any]  # an Event per service in QUOTAS: an issuer was refused
    reports: Any  # a Queue of Report


@dataclass
class Report:
    """What one child did, as it saw it."""

    job: Job
    error: str | None = None
    # issuers
    created: Counter[str] = field(default_factory=Counter)  # new tickets by service
    ticket_by_key: dict[str, int] = field(default_factory=dict)
    created_keys: list[str] = field(default_factory=list)
    repeats: int = 0  # repeated keys that returned the earlier ticket
    quota_reached: Counter[str] = field(default_factory=Counter)
    # callers
    calls: list[int] = field(default_factory=list)  # ticket ids, in order
    served: int = 0
    finished_directly: int = 0
    no_shows: int = 0
    requeues: int = 0
    busy_refusals: int = 0
    nobody_waiting: int = 0
    held: int | None = None  # the ticket left called when the run ended
    # both
    slowest: float = 0.0  # seconds, the longest round (one request, or one applicant served)


def run_child(job: Job, signals: Signals) -> None:
    """A child process: open its own engine, wait for the others, work until told, report."""
    warnings.simplefilter("error")  # as pytest's filterwarnings does in the parent
    report = Report(job)
    db = open_database(job.url)
    try:
        check_connection(db)
        signals.start.wait(START_TIMEOUT_S)
        rng = random.Random(job.seed)
        work = issue_tickets if job.role == "issuer" else call_tickets
        work(db, rng, signals, report)
    except BaseException:
        report.error = f"{job.role} {job.index} (seed {job.seed}):\n{traceback.format_exc()}"
    finally:
        db.dispose()
        signals.reports.put(report)


def issue_tickets(db: Database, rng: random.Random, signals: Signals, report: Report) -> None:
    device = f"kiosk-{report.job.index}"
    take_ticket(db, SHARED_KEY_SERVICE, None, "shared-0", device, report)  # all at once
    shared = 0
    for n in itertools.count(1):
        if signals.stop.is_set():
            return
        with timed(report):
            if rng.random() < SHARED_KEY_SHARE:
                shared += 1
                take_ticket(db, SHARED_KEY_SERVICE, None, f"shared-{shared}", device, report)
            else:
                issue_random_ticket(db, rng, signals, f"{device}-{n}", device, report)


def issue_random_ticket(
    db: Database, rng: random.Random, signals: Signals, key: str, device: str, report: Report
) -> None:
    service = rng.choices(list(SERVICE_WEIGHTS), list(SERVICE_WEIGHTS.values()))[0]
    priority = rng.choice(PRIORITY_CATEGORIES) if rng.random() < PRIORITY_SHARE else None
    taken = take_ticket(db, service, priority, key, device, report)
    if taken is None:
        signals.quota_full[service].set()
    elif rng.random() < DOUBLE_TAP_SHARE:
        again = take_ticket(db, service, priority, key, device, report)
        if again != taken:
            raise AssertionError(f"double tap on {key}: ticket {taken}, then {again}")


def take_ticket(
    db: Database, service: str, priority: str | None, key: str, device: str, report: Report
) -> int | None:
    """Issue one ticket and note it; the ticket id, or None when the quota is used up."""
    try:
        issued = issue_ticket(db, service, priority=priority, idempotency_key=key, device=device)
    except QuotaReached:
        report.quota_reached[service] += 1
        return None
    ticket = issued.ticket
    earlier = report.ticket_by_key.setdefault(key, ticket.id)
    if earlier != ticket.id:
        raise AssertionError(f"key {key} gave ticket {earlier}, then {ticket.id}")
    if issued.repeated:
        report.repeats += 1
    else:
        report.created[ticket.service_code] += 1
        report.created_keys.append(key)
    return ticket.id


def call_tickets(db: Database, rng: random.Random, signals: Signals, report: Report) -> None:
    counter = report.job.index
    device = f"loket-{counter}"
    while not signals.stop.is_set():
        with timed(report):
            try:
                ticket = call_next(db, counter, device=device)
            except NobodyWaiting:
                report.nobody_waiting += 1
                ticket = None
            if ticket:
                report.calls.append(ticket.id)
                if rng.random() < DOUBLE_PRESS_SHARE:
                    press_call_again(db, counter, device, report)
                deal_with(db, counter, ticket.code, rng, device, report)
        if ticket is None:
            time.sleep(IDLE_SLEEP_S)
    try:  # the last applicant of the morning stays at the counter
        report.held = call_next(db, counter, device=device).id
        report.calls.append(report.held)
    except NobodyWaiting:
        report.nobody_waiting += 1


@contextmanager
def timed(report: Report) -> Iterator[None]:
    began = time.monotonic()
    try:
        yield
    finally:
        report.slowest = max(report.slowest, time.monotonic() - began)


def press_call_again(db: Database, counter: int, device: str, report: Report) -> None:
    try:
        second = call_next(db, counter, device=device)
    except CounterBusy:
        report.busy_refusals += 1
        return
    raise AssertionError(f"a double press at counter {counter} also called {second.code}")


def deal_with(
    db: Database, counter: int, code: str, rng: random.Random, device: str, report: Report
) -> None:
    roll = rng.random()
    if roll < SERVE_SHARE:
        start_serving(db, counter, device=device)
        finish(db, counter, device=device)
        report.served += 1
    elif roll < SERVE_SHARE + FINISH_SHARE:
        finish(db, counter, device=device)
        report.finished_directly += 1
    else:
        mark_no_show(db, counter, device=device)
        report.no_shows += 1
        if rng.random() < REQUEUE_SHARE:
            requeue(db, code, device=device)
            report.requeues += 1


# --- running a busy morning -----------------------------------------------------------------------


@dataclass(frozen=True)
class BusyMorning(Snapshot):
    """The children's reports and the database as they left it."""

    backend: str = ""
    reports: list[Report] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def issuers(self) -> list[Report]:
        return [r for r in self.reports if r.job.role == "issuer"]

    @property
    def callers(self) -> list[Report]:
        return [r for r in self.reports if r.job.role == "caller"]


def run_busy_morning(url: str) -> tuple[list[Report], float]:
    """Start every child together, stop them together; their reports and the run's length."""
    context = multiprocessing.get_context("spawn")
    jobs = [Job("issuer", i, url, seed=100 + i) for i in range(1, ISSUERS + 1)]
    jobs += [Job("caller", c, url, seed=200 + c) for c in range(1, CALLERS + 1)]
    signals = Signals(
        start=context.Barrier(len(jobs) + 1),
        stop=context.Event(),
        quota_full={code: context.Event() for code in QUOTAS},
        reports=context.Queue(),
    )
    children = [context.Process(target=run_child, args=(job, signals)) for job in jobs]
    for child in children:
        child.start()
    try:
        with suppress(threading.BrokenBarrierError):  # a child died first: its report says why
            signals.start.wait(START_TIMEOUT_S)
        seconds = let_the_morning_run(signals)
        return collect_reports(signals.reports, jobs), seconds
    finally:
        signals.stop.set()
        for child in children:
            child.join(timeout=10)
            if child.is_alive():
                child.kill()
                child.join()
        signals.reports.close()
        signals.reports.join_thread()


def let_the_morning_run(signals: Signals) -> float:
    """RUN_SECONDS, or longer (up to MAX_RUN_SECONDS) until every quota has been used up."""
    started = time.monotonic()
    time.sleep(RUN_SECONDS)
    for full in signals.quota_full.values():
        full.wait(max(started + MAX_RUN_SECONDS - time.monotonic(), 0))
    signals.stop.set()
    return time.monotonic() - started


def collect_reports(reports: Any, jobs: Sequence[Job]) -> list[Report]:
    """One report per child; a child that never reports is hung (a lock wait, a deadlock)."""
    received: list[Report] = []
    give_up = time.monotonic() + REPORT_TIMEOUT_S
    with suppress(queue.Empty):
        while len(received) < len(jobs):
            received.append(reports.get(timeout=max(give_up - time.monotonic(), 0.1)))
    missing = {(j.role, j.index) for j in jobs} - {(r.job.role, r.job.index) for r in received}
    if missing:
        raise AssertionError(f"no report within {REPORT_TIMEOUT_S} s from {sorted(missing)}")
    return received


@contextmanager
def fresh_database(backend: str, template: Path, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield databases.sqlite_url(template, folder)
        return
    with databases.pg_schema_url() as url:
        databases.migrated(url).dispose()
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def morning(
    request: pytest.FixtureRequest,
    sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[BusyMorning]:
    """One busy morning per backend; every test below checks one invariant of it."""
    backend = request.param
    with fresh_database(backend, sqlite_template, tmp_path_factory.mktemp("busy")) as url:
        db = open_database(url)
        try:
            apply_config(db, BUSY_OFFICE)
            reports, seconds = run_busy_morning(url)
            state = read_back(db)
        finally:
            db.dispose()
        result = BusyMorning(backend=backend, reports=reports, seconds=seconds, **state)
        _log_throughput(result)
        yield result


def _log_throughput(run: BusyMorning) -> None:
    refused = sum((r.quota_reached for r in run.issuers), Counter())
    attempts = len(run.tickets) + sum(r.repeats for r in run.issuers) + refused.total()
    calls = sum(len(r.calls) for r in run.callers)
    log.info(
        "%s, %.1f s: %d tickets (%.0f/s) of %d issue requests (%.0f/s), refused %s; "
        "%d calls (%.0f/s), %d idle presses; slowest round %.2f s",
        run.backend,
        run.seconds,
        len(run.tickets),
        len(run.tickets) / run.seconds,
        attempts,
        attempts / run.seconds,
        dict(refused),
        calls,
        calls / run.seconds,
        sum(r.nobody_waiting for r in run.callers),
        max(r.slowest for r in run.reports),
    )


# --- the invariants, each as a list of what breaks it ---------------------------------------------


def child_errors(run: BusyMorning) -> list[str]:
    return [r.error for r in run.reports if r.error]


def calls_seen_by_callers_but_not_logged(run: BusyMorning) -> list[str]:
    """Every call a counter got back is one "called" event of that counter, and vice versa."""
    reported = Counter((t, r.job.index) for r in run.callers for t in r.calls)
    logged = Counter(
        (e.ticket_id, run.counters[e.counter_id]) for e in run.events if e.kind == "called"
    )
    return [
        f"(ticket, counter) {pair}: counters saw {reported[pair]}, events say {logged[pair]}"
        for pair in reported.keys() | logged.keys()
        if reported[pair] != logged[pair]
    ]


def keys_resolved_differently(run: BusyMorning) -> list[str]:
    """Every key a child was answered for names the one ticket the database holds for it."""
    in_database = {t.idempotency_key: t.id for t in run.tickets}
    return [
        f"key {key}: {r.job.role} {r.job.index} got ticket {seen}, database {in_database.get(key)}"
        for r in run.issuers
        for key, seen in r.ticket_by_key.items()
        if in_database.get(key) != seen
    ]


def ticket_totals_not_matching(run: BusyMorning) -> list[str]:
    """New tickets the issuers were given, by service, against the tickets in the database."""
    reported = sum((r.created for r in run.issuers), Counter())
    stored = Counter(run.service_code(t) for t in run.tickets)
    return [
        f"service {code}: issuers created {reported[code]}, database holds {stored[code]}"
        for code in reported.keys() | stored.keys()
        if reported[code] != stored[code]
    ]


def outcome_totals_not_matching(run: BusyMorning) -> list[str]:
    """Finished, no-show and held tickets the counters reported, against the ticket states."""
    callers = run.callers
    expected = {
        TicketStatus.FINISHED: sum(r.served + r.finished_directly for r in callers),
        TicketStatus.NO_SHOW: sum(r.no_shows - r.requeues for r in callers),
        TicketStatus.CALLED: sum(r.held is not None for r in callers),
        TicketStatus.SERVING: 0,
    }
    stored = Counter(t.status for t in run.tickets)
    problems = [
        f"{state}: counters reported {n}, database holds {stored[state]}"
        for state, n in expected.items()
        if stored[state] != n
    ]
    held = {r.held for r in callers} - {None}
    called = {t.id for t in run.tickets if t.status == TicketStatus.CALLED}
    if held != called:
        problems.append(f"counters hold tickets {sorted(held)}, database {sorted(called)}")
    return problems


# --- the tests ------------------------------------------------------------------------------------


def test_no_child_meets_an_unexpected_error(morning: BusyMorning) -> None:
    assert child_errors(morning) == []


def test_the_morning_was_busy_enough_to_mean_something(morning: BusyMorning) -> None:
    issued = Counter(morning.service_code(t) for t in morning.tickets)
    refused = sum((r.quota_reached for r in morning.issuers), Counter())
    assert {code for code in QUOTAS if refused[code]} == set(QUOTAS), "a quota was never reached"
    assert issued["B"] > 0
    assert any(t.priority for t in morning.tickets)
    assert sum(r.repeats for r in morning.issuers) > 0
    assert sum(len(r.calls) for r in morning.callers) > 0
    assert sum(r.requeues for r in morning.callers) > 0
    assert sum(r.busy_refusals for r in morning.callers) > 0


def test_no_two_tickets_share_a_number_or_a_code(morning: BusyMorning) -> None:
    assert duplicate_numbers(morning) == []
    assert duplicate_codes(morning) == []


def test_no_ticket_is_claimed_by_two_counters(morning: BusyMorning) -> None:
    assert tickets_claimed_twice(morning) == []
    assert calls_seen_by_callers_but_not_logged(morning) == []


def test_counters_call_only_their_own_services(morning: BusyMorning) -> None:
    assert calls_outside_counter_services(morning) == []


def test_no_counter_holds_two_active_tickets(morning: BusyMorning) -> None:
    assert counters_with_two_active_tickets(morning) == []


def test_quotas_are_never_exceeded(morning: BusyMorning) -> None:
    assert quota_overruns(morning) == []


def test_no_number_is_lost_outside_a_rollback(morning: BusyMorning) -> None:
    assert number_gaps(morning) == []


def test_a_reached_quota_is_filled_exactly(morning: BusyMorning) -> None:
    """Refused issuers lose no number: a quota that said "used up" was used up, to the ticket."""
    issued = Counter(morning.service_code(t) for t in morning.tickets)
    refused = sum((r.quota_reached for r in morning.issuers), Counter())
    reached = {code: issued[code] for code in QUOTAS if refused[code]}
    assert reached == {code: QUOTAS[code] for code in reached}


def test_every_ticket_is_in_exactly_one_valid_state(morning: BusyMorning) -> None:
    assert tickets_in_invalid_states(morning) == []


def test_every_ticket_has_exactly_one_issued_event(morning: BusyMorning) -> None:
    assert tickets_without_one_issued_event(morning) == []
    issued_events = [e for e in morning.events if e.kind == "issued"]
    assert len(issued_events) == len(morning.tickets)


def test_each_tickets_events_lead_to_its_state(morning: BusyMorning) -> None:
    assert histories_contradicting_tickets(morning) == []
    assert tickets_with_a_wrong_last_event(morning) == []


def test_repeated_keys_return_the_same_ticket_and_create_no_other(morning: BusyMorning) -> None:
    assert keys_resolved_differently(morning) == []
    created_keys = [k for r in morning.issuers for k in r.created_keys]
    assert sorted(created_keys) == sorted(t.idempotency_key for t in morning.tickets)


def test_every_issuer_racing_on_one_key_gets_one_ticket(morning: BusyMorning) -> None:
    answers = {r.ticket_by_key.get("shared-0") for r in morning.issuers}
    assert len(answers) == 1
    assert None not in answers


def test_the_childrens_ticket_totals_match_the_database(morning: BusyMorning) -> None:
    assert ticket_totals_not_matching(morning) == []


def test_the_counters_outcomes_match_the_database(morning: BusyMorning) -> None:
    assert outcome_totals_not_matching(morning) == []
