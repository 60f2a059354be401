"""Queue core benchmark: issuing and calling, alone, under contention and with months of history.

Run:  python -m benchmarks.queue_bench [--backend sqlite|postgres|both] [--pg-url URL]
                                       [--seconds N] [--paced-rate R] [--history N]
                                       [--skip-history] [--samples N]

For each backend (a SQLite file in a temporary folder; a fresh PostgreSQL schema, dropped
afterwards) it prints one table:

1. uncontended: issue_ticket, call_next and finish, one process, one at a time;
2. floor: one bare durable single-row UPDATE commit on the same database (what a write costs);
3. contended: 4 issuing and 8 calling processes (each its own engine, each caller its own counter)
   for N seconds: latency, throughput, calls that found nobody waiting, and errors, twice:
   a. paced: each process fires R operations a second (a caller's operation is call_next and then
      finish), from a random offset and with random jitter, so they do not fire in lockstep.
      Far above a real office's load, yet leaving the CPU mostly idle: the latency measures the
      database's handling of contention, and the p99 target applies here;
   b. flat out: each process works as fast as it can. Twelve Python processes on a few cores
      queue for the CPU, so this measures capacity (throughput), with no latency target;
4. history: call_next, display_snapshot (and issue_ticket) on a database holding N bulk-inserted
   tickets of earlier business days, against a twin without them (timed alternately, so that
   the shared machine's changing load weighs on both alike), and the ratio of the two.

Figures that miss a target are marked "TARGET MISSED"; the exit code is 0 all the same.
`--skip-history` (or `--history 0`) leaves out section 4, for a quick run of the others.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import os
import platform
import random
import sqlite3
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import psycopg
import sqlalchemy
from psycopg import sql
from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    Insert,
    String,
    Table,
    func,
    insert,
    literal,
    select,
    text,
    type_coerce,
)
from sqlalchemy.engine import make_url

from db.errors import NobodyWaiting
from db.office_config import CounterConfig, OfficeConfig, PriorityConfig, ServiceConfig
from db.ops.setup import apply_config
from db.services.calls import call_next, finish
from db.services.tickets import issue_ticket
from db.store import schema
from db.store.engine import Database, open_database
from db.store.models import Base, Counter, Service, TicketSource, TicketStatus
from db.views.queries import display_snapshot

PG_ENV = "WALKIN_TEST_PG_URL"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

ISSUERS = 4
CALLERS = 8
SERVICE_CODES = "ABCD"
SEED_PER_COUNTER = 60  # tickets waiting before the contended run starts
PRIORITY_EVERY = 10  # every tenth ticket an issuer takes is a priority one
NOBODY_PAUSE_S = 0.002  # a caller that found nobody waits this long before trying again
WARM_UP = 10  # untimed operations before each measured series
PACED_RATE = 4.0  # default operations per second of each paced process
PACED_JITTER = 0.25  # each paced operation fires up to this share of its interval early or late

# What the paced load is compared with: a busy office's peak hour.
OFFICE_TICKETS_PER_DAY = 2_000
OFFICE_HOURS = 7  # as the history's days: tickets issued over 7 hours from 08:00
PEAK_HOUR_FACTOR = 2.0  # the busiest hour sees this many times the day's mean hourly arrivals

CONTENDED_P99_TARGET_MS = 25.0
HISTORY_RATIO_TARGET = 1.5
MISSED = "TARGET MISSED"

HISTORY_PER_DAY = 2_000  # past tickets per business day
HISTORY_BATCH = 10_000  # tickets per INSERT batch (with their events)
OFFICE_TZ = "Asia/Jakarta"
HISTORY_DEVICE = "bench-history"

BENCH_OFFICE = OfficeConfig(
    name="Kantor Benchmark",
    timezone=OFFICE_TZ,
    priority=PriorityConfig(policy="ratio", ratio=2, fairness_minutes=60, daily_cap=None),
    services=tuple(
        ServiceConfig(code, f"Layanan {code}", f"Service {code}", daily_quota=None)
        for code in SERVICE_CODES
    ),
    counters=tuple(
        CounterConfig(number, f"Loket {number}", tuple((code, 1) for code in SERVICE_CODES))
        for number in range(1, CALLERS + 1)
    ),
)

_T = TypeVar("_T")


# --- statistics and the table ---------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """Latency figures of one series of timings, in milliseconds."""

    n: int
    p50_ms: float
    p99_ms: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Stats:
        if not seconds:
            return cls(0, math.nan, math.nan)
        ordered = sorted(seconds)
        p99 = ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]
        return cls(len(ordered), statistics.median(ordered) * 1000, p99 * 1000)


@dataclass(frozen=True)
class Row:
    label: str
    stats: Stats | None = None
    rate: float | None = None
    note: str = ""


@dataclass
class Report:
    """The rows of one backend's table, by section."""

    title: str
    sections: dict[str, list[Row]] = field(default_factory=dict)

    def add(self, section: str, rows: Iterable[Row]) -> None:
        self.sections.setdefault(section, []).extend(rows)


def _cell(value: float | None, digits: int = 2) -> str:
    return "" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def print_report(report: Report) -> None:
    header = f"{'':2}{'operation':<36}{'n':>8}{'p50 ms':>10}{'p99 ms':>10}{'ops/s':>10}  note"
    print()
    print(f"=== {report.title} ===")
    print(header)
    for section, rows in report.sections.items():
        print(f"-- {section}")
        for row in rows:
            stats = row.stats
            print(
                f"{'':2}{row.label:<36}"
                f"{stats.n if stats else '':>8}"
                f"{_cell(stats.p50_ms if stats else None):>10}"
                f"{_cell(stats.p99_ms if stats else None):>10}"
                f"{_cell(row.rate, 0):>10}"
                f"  {row.note}".rstrip()
            )


def timed(action: Callable[..., object], *args: Any, **kwargs: Any) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    action(*args, **kwargs)
    return time.perf_counter() - start


# --- databases ------------------------------------------------------------------------------------


class BackendUnavailable(Exception):
    """The backend cannot be benchmarked here (PostgreSQL unreachable)."""


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_admin(base_url: str, statement: str, name: str) -> None:
    query = sql.SQL(statement).format(sql.Identifier(name))
    try:
        with psycopg.connect(_libpq(base_url), autocommit=True, connect_timeout=3) as conn:
            conn.execute(query)
    except psycopg.OperationalError as error:
        raise BackendUnavailable(str(error).strip().splitlines()[0]) from error


@contextmanager
def pg_schema(base_url: str) -> Iterator[str]:
    """A URL whose connections see only a new, empty schema; the schema is dropped afterwards."""
    name = f"walkin_bench_{uuid.uuid4().hex[:10]}"
    _pg_admin(base_url, "CREATE SCHEMA {}", name)
    url = make_url(base_url).set(drivername="postgresql+psycopg")
    url = url.update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        _pg_admin(base_url, "DROP SCHEMA {} CASCADE", name)


@contextmanager
def _database_url(backend: str, pg_url: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'queue-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    with pg_schema(pg_url) as url:
        yield url


@contextmanager
def fresh_database(backend: str, pg_url: str, folder: Path) -> Iterator[tuple[Database, str]]:
    """A migrated database holding the benchmark office, and its URL (for worker processes)."""
    with _database_url(backend, pg_url, folder) as url:
        db = open_database(url)
        try:
            schema.upgrade(db)
            apply_config(db, BENCH_OFFICE)
            yield db, url
        finally:
            db.dispose()


# --- 1. uncontended -------------------------------------------------------------------------------


def _issue(db: Database, index: int) -> None:
    issue_ticket(db, SERVICE_CODES[index % len(SERVICE_CODES)])


def uncontended(db: Database, samples: int) -> list[Row]:
    for index in range(WARM_UP):
        _issue(db, index)
    for _ in range(WARM_UP):
        call_next(db, 1)
        finish(db, 1)
    issues = [timed(_issue, db, index) for index in range(samples)]
    calls: list[float] = []
    finishes: list[float] = []
    for _ in range(samples):
        calls.append(timed(call_next, db, 1))
        finishes.append(timed(finish, db, 1))
    return [
        Row("issue_ticket", Stats.of(issues)),
        Row("call_next", Stats.of(calls)),
        Row("finish", Stats.of(finishes)),
    ]


# --- 2. the floor ---------------------------------------------------------------------------------


def floor(db: Database, samples: int) -> Stats:
    """A bare single-row UPDATE committed durably, through the same engine set-up."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, n INTEGER)")
        conn.exec_driver_sql("INSERT INTO bench_floor (id, n) VALUES (1, 0)")
    timings: list[float] = []
    with db.engine.connect() as conn:
        for index in range(samples + WARM_UP):
            start = time.perf_counter()
            with conn.begin():
                conn.exec_driver_sql("UPDATE bench_floor SET n = n + 1 WHERE id = 1")
            if index >= WARM_UP:
                timings.append(time.perf_counter() - start)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE bench_floor")
    return Stats.of(timings)


# --- 3. contended ---------------------------------------------------------------------------------
# Workers run in spawned processes and send back plain dicts (picklable whatever the main module).

Outcome = dict[str, Any]


def _new_outcome(role: str) -> Outcome:
    return {
        "role": role,
        "ok": [],
        "finish": [],
        "nobody": 0,
        "errors": 0,
        "skipped": 0,
        "messages": [],
    }


def _count_error(outcome: Outcome, error: Exception) -> None:
    outcome["errors"] += 1
    if len(outcome["messages"]) < 5:
        outcome["messages"].append(f"{type(error).__name__}: {str(error)[:160]}")


def _flat_out(deadline: float) -> Iterator[None]:
    """Go at once, again and again, until the deadline."""
    while time.monotonic() < deadline:
        yield None


def _paced(rate: float, deadline: float, outcome: Outcome) -> Iterator[None]:
    """Go `rate` times a second until the deadline: slot k is due at offset + k / rate, each one
    jittered by up to PACED_JITTER of the interval; the offset is random in [0, 1 / rate).

    A slot whose time passed while the previous operation ran is not made up for (that would
    bunch the load up) but counted in outcome["skipped"].
    """
    rng = random.Random()  # seeded from os.urandom: each process has its own offset and jitter
    interval = 1.0 / rate
    origin = time.monotonic() + rng.uniform(0.0, interval)
    slot = 0
    while True:
        due = origin + (slot + rng.uniform(-PACED_JITTER, PACED_JITTER)) * interval
        if due >= deadline:
            return
        time.sleep(max(0.0, due - time.monotonic()))
        yield None
        passed = math.floor((time.monotonic() - origin) / interval)
        outcome["skipped"] += max(0, passed - (slot + 1))
        slot = max(slot + 1, passed)


def _issuer_loop(db: Database, worker: int, outcome: Outcome, ticks: Iterator[None]) -> None:
    for index, _ in enumerate(ticks, start=1):
        code = SERVICE_CODES[(index + worker) % len(SERVICE_CODES)]
        priority = "lansia" if index % PRIORITY_EVERY == 0 else None
        start = time.perf_counter()
        try:
            issue_ticket(db, code, priority=priority, idempotency_key=uuid.uuid4().hex)
        except Exception as error:
            _count_error(outcome, error)
            continue
        outcome["ok"].append(time.perf_counter() - start)


def _caller_loop(db: Database, counter: int, outcome: Outcome, ticks: Iterator[None]) -> None:
    for _ in ticks:
        start = time.perf_counter()
        try:
            call_next(db, counter)
        except NobodyWaiting:
            outcome["nobody"] += 1
            time.sleep(NOBODY_PAUSE_S)
            continue
        except Exception as error:
            _count_error(outcome, error)
            continue
        outcome["ok"].append(time.perf_counter() - start)
        start = time.perf_counter()
        try:
            finish(db, counter)
        except Exception as error:
            _count_error(outcome, error)
            continue
        outcome["finish"].append(time.perf_counter() - start)


@dataclass(frozen=True)
class Job:
    """What one worker process does: its role, its number (issuer index or counter number), the
    database, how long, and how fast (None: flat out; else operations per second)."""

    role: str
    number: int
    url: str
    seconds: float
    rate: float | None


def _work(db: Database, job: Job, outcome: Outcome) -> None:
    deadline = time.monotonic() + job.seconds
    ticks = _flat_out(deadline) if job.rate is None else _paced(job.rate, deadline, outcome)
    if job.role == "issue":
        _issuer_loop(db, job.number, outcome, ticks)
    else:
        _caller_loop(db, job.number, outcome, ticks)


def _warm_up(db: Database, job: Job, outcome: Outcome) -> None:
    """One untimed operation of the job's kind: connect, and load and compile the code, before
    the clock starts (else each process's first, slow, call would weigh on the p99)."""
    try:
        if job.role == "issue":
            issue_ticket(db, SERVICE_CODES[job.number % len(SERVICE_CODES)])
        else:
            call_next(db, job.number)
            finish(db, job.number)
    except NobodyWaiting:
        pass
    except Exception as error:
        _count_error(outcome, error)


def _worker(job: Job, barrier: Any, results: Any) -> None:
    """One process: open its own engine, warm up, wait for the others, then work for `seconds`."""
    outcome = _new_outcome(job.role)
    db = open_database(job.url)
    try:
        _warm_up(db, job, outcome)
        barrier.wait(timeout=300)
        _work(db, job, outcome)
    except Exception as error:
        _count_error(outcome, error)
        barrier.abort()
    finally:
        db.dispose()
        results.put(outcome)


def _seed(db: Database, count: int) -> None:
    for index in range(count):
        _issue(db, index)


def _run_workers(url: str, seconds: float, rate: float | None) -> list[Outcome]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(ISSUERS + CALLERS + 1)
    results = ctx.Queue()
    jobs = [Job("issue", number, url, seconds, rate) for number in range(ISSUERS)]
    jobs += [Job("call", number, url, seconds, rate) for number in range(1, CALLERS + 1)]
    processes = [ctx.Process(target=_worker, args=(job, barrier, results)) for job in jobs]
    for process in processes:
        process.start()
    try:
        barrier.wait(timeout=300)
    except threading.BrokenBarrierError:
        print("  (a worker failed before the start: see the errors below)")
    outcomes = [results.get(timeout=seconds + 300) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        if process.is_alive():
            process.terminate()
    return outcomes


def _merged(outcomes: list[Outcome], role: str, key: str) -> list[Any]:
    return [item for outcome in outcomes if outcome["role"] == role for item in outcome[key]]


def _total(outcomes: list[Outcome], role: str, key: str) -> int:
    return sum(int(outcome[key]) for outcome in outcomes if outcome["role"] == role)


def _p99_note(stats: Stats) -> str:
    if stats.n and stats.p99_ms <= CONTENDED_P99_TARGET_MS:
        return f"p99 target <= {CONTENDED_P99_TARGET_MS:.0f} ms: ok"
    return f"{MISSED} (p99 <= {CONTENDED_P99_TARGET_MS:.0f} ms)"


def _capacity_note(_stats: Stats) -> str:
    return f"capacity (CPU-bound on {os.cpu_count()} cores)"


def paced_seed(rate: float, seconds: float) -> int:
    """Tickets to have waiting so that paced callers (who outnumber the issuers) never run dry."""
    drained = (CALLERS - ISSUERS) * rate * seconds
    return SEED_PER_COUNTER * CALLERS + max(0, math.ceil(drained))


def _pacing_row(outcomes: list[Outcome], rate: float | None) -> list[Row]:
    if rate is None:
        return []
    skipped = sum(int(outcome["skipped"]) for outcome in outcomes)
    note = "the pace held" if skipped == 0 else "a process fell behind its pace"
    return [Row(f"paced slots skipped: {skipped}", note=note)]


def contended(db: Database, url: str, seconds: float, rate: float | None) -> list[Row]:
    """The 4 issuers and 8 callers for `seconds`: paced at `rate` per process, or flat out."""
    _seed(db, SEED_PER_COUNTER * CALLERS if rate is None else paced_seed(rate, seconds))
    outcomes = _run_workers(url, seconds, rate)
    latency_note = _capacity_note if rate is None else _p99_note
    pace = "" if rate is None else f" x {rate:g}/s"
    issues = Stats.of(_merged(outcomes, "issue", "ok"))
    calls = Stats.of(_merged(outcomes, "call", "ok"))
    nobody = _total(outcomes, "call", "nobody")
    errors = sum(int(outcome["errors"]) for outcome in outcomes)
    attempts = calls.n + nobody
    share = 100 * nobody / attempts if attempts else 0.0
    rows = [
        Row(f"issue_ticket ({ISSUERS} processes{pace})", issues, issues.n / seconds),
        Row(f"call_next ({CALLERS} processes{pace})", calls, calls.n / seconds),
    ]
    rows = [replace(row, note=latency_note(row.stats)) for row in rows if row.stats]
    rows += [
        Row("finish (same callers)", Stats.of(_merged(outcomes, "call", "finish"))),
        Row(f"calls that found nobody: {nobody} of {attempts} ({share:.1f}%)"),
        *_pacing_row(outcomes, rate),
        Row(f"errors: {errors}", note="target 0: ok" if errors == 0 else f"{MISSED} (0)"),
    ]
    messages = sorted({message for outcome in outcomes for message in outcome["messages"]})
    rows += [Row(f"  ! {message}") for message in messages[:10]]
    return rows


# --- 4. history -----------------------------------------------------------------------------------


def _batched(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    batch: list[_T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def past_business_days(today: date, count: int) -> list[date]:
    """The `count` weekdays before `today`, oldest first."""
    days: list[date] = []
    day = today
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days[::-1]


@dataclass(frozen=True)
class HistoryPlan:
    """What the past tickets refer to: ids of services and counters, and the first ticket id."""

    service_ids: dict[str, int]
    counter_ids: list[int]
    first_id: int
    days: list[date]


def _status_of(index: int) -> TicketStatus:
    """About 85 % finished, 10 % no-show, 5 % expired."""
    slot = index % 20
    if slot < 2:
        return TicketStatus.NO_SHOW
    return TicketStatus.EXPIRED if slot == 2 else TicketStatus.FINISHED


def _ticket_times(issued: datetime, index: int, status: TicketStatus) -> dict[str, Any]:
    if status is TicketStatus.EXPIRED:  # expired by the next day's `expire_past_days`
        return {"called_at": None, "serving_at": None, "finished_at": issued + timedelta(hours=18)}
    called = issued + timedelta(minutes=5 + index % 40)
    if status is TicketStatus.NO_SHOW:
        gone = called + timedelta(minutes=2)
        return {"called_at": called, "serving_at": None, "finished_at": gone}
    serving = called + timedelta(minutes=1)
    finished = serving + timedelta(minutes=4 + index % 12)
    return {"called_at": called, "serving_at": serving, "finished_at": finished}


def _past_ticket(plan: HistoryPlan, opening: datetime, index: int) -> dict[str, Any]:
    """Ticket `index` of a past day that opened at `opening`, without its id and date."""
    code = SERVICE_CODES[index % len(SERVICE_CODES)]
    number = index // len(SERVICE_CODES) + 1
    issued = opening + timedelta(seconds=index * 7 * 3600 / HISTORY_PER_DAY)
    status = _status_of(index)
    service_id = plan.service_ids[code]
    called = status is not TicketStatus.EXPIRED
    return {
        "series_service_id": service_id,
        "number": number,
        "code": f"{code}{number:03d}",
        "service_id": service_id,
        "priority": "lansia" if index % PRIORITY_EVERY == 0 else None,
        "status": status,
        "source": TicketSource.KIOSK,
        "issued_at": issued,
        "queued_at": issued,
        "counter_id": plan.counter_ids[index % len(plan.counter_ids)] if called else None,
        "recall_count": 0,
        "transfer_count": 0,
        **_ticket_times(issued, index, status),
    }


def _past_tickets(plan: HistoryPlan, count: int) -> Iterator[dict[str, Any]]:
    """`count` tickets of the planned days (all with the same keys, as executemany needs)."""
    ticket_id = plan.first_id
    zone = ZoneInfo(OFFICE_TZ)
    for day in plan.days:
        opening = datetime.combine(day, clock_time(8), zone).astimezone(UTC)
        for index in range(min(HISTORY_PER_DAY, plan.first_id + count - ticket_id)):
            yield {"id": ticket_id, "business_date": day, **_past_ticket(plan, opening, index)}
            ticket_id += 1


def _events_from_tickets(at: str, kind: ColumnElement[str], first: int, last: int) -> Insert:
    """Copy one event per ticket with ids first..last, at the ticket's time `at` (if set)."""
    tickets = Base.metadata.tables["tickets"]
    moment = tickets.c[at]
    rows = select(
        moment, kind, tickets.c.id, tickets.c.counter_id, literal({}, JSON), literal(HISTORY_DEVICE)
    ).where(tickets.c.id.between(first, last), moment.is_not(None))
    columns = ["at", "kind", "ticket_id", "counter_id", "details", "device"]
    return insert(Base.metadata.tables["events"]).from_select(columns, rows)


def _history_events(first: int, last: int) -> list[Insert]:
    """The closing event (finished, no_show or expired) of each past ticket.

    Only the last one: the measured operations never read events, and on PostgreSQL the issued
    and called ones would triple the load time.
    """
    final = type_coerce(Base.metadata.tables["tickets"].c.status, String())  # same names
    return [_events_from_tickets("finished_at", final, first, last)]


def _plan(conn: Connection, count: int) -> HistoryPlan:
    services = {code: id_ for code, id_ in conn.execute(select(Service.code, Service.id))}
    counters = list(conn.scalars(select(Counter.id).order_by(Counter.number)))
    last_id = conn.scalar(select(func.max(Base.metadata.tables["tickets"].c.id))) or 0
    today = datetime.now(ZoneInfo(OFFICE_TZ)).date()
    days = past_business_days(today, math.ceil(count / HISTORY_PER_DAY))
    return HistoryPlan(services, counters, last_id + 1, days)


def _skip_foreign_key_checks(conn: Connection) -> bool:
    """On PostgreSQL, as a superuser, skip the foreign-key triggers for this transaction.

    They cost about three quarters of the server's time for these inserts; the rows refer only to
    ids just read from the database. Elsewhere (or without the right) nothing changes.
    """
    if conn.dialect.name != "postgresql":
        return False
    if conn.scalar(text("SELECT current_setting('is_superuser')")) != "on":
        return False
    conn.execute(text("SET LOCAL session_replication_role = replica"))
    return True


@dataclass(frozen=True)
class Loaded:
    seconds: float
    events: int
    checks_skipped: bool


def insert_history(db: Database, count: int) -> Loaded:
    """Bulk-insert `count` past tickets with their events.

    Tickets go in as lists of dicts (executemany), in batches; each batch's events are then
    copied from its tickets inside the database (INSERT ... SELECT), which costs no Python.
    """
    start = time.perf_counter()
    tickets: Table = Base.metadata.tables["tickets"]
    with db.engine.connect() as conn:
        plan = _plan(conn, count)
    skipped = False
    for batch in _batched(_past_tickets(plan, count), HISTORY_BATCH):
        with db.engine.begin() as conn:
            skipped = _skip_foreign_key_checks(conn)
            conn.execute(insert(tickets), batch)
            for statement in _history_events(batch[0]["id"], batch[-1]["id"]):
                conn.execute(statement)
    if db.dialect == "postgresql":
        _after_pg_load(db)
    seconds = time.perf_counter() - start
    with db.engine.connect() as conn:
        events = Base.metadata.tables["events"]
        query = select(func.count()).where(events.c.device == HISTORY_DEVICE)
        return Loaded(seconds, conn.scalar(query) or 0, skipped)


def _after_pg_load(db: Database) -> None:
    """Move the id sequence past the explicit ids, and ANALYZE as autovacuum soon would."""
    with db.engine.begin() as conn:
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence('tickets', 'id'), max(id)) FROM tickets")
        )
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE tickets")
        conn.exec_driver_sql("ANALYZE events")


@dataclass(frozen=True)
class Probe:
    """p50/p99 of today's operations on one database."""

    issue: Stats
    call: Stats
    display: Stats


@dataclass
class Timings:
    issue: list[float] = field(default_factory=list)
    call: list[float] = field(default_factory=list)
    display: list[float] = field(default_factory=list)

    def probe(self) -> Probe:
        return Probe(Stats.of(self.issue), Stats.of(self.call), Stats.of(self.display))


def _today_round(db: Database, index: int, into: Timings) -> None:
    """One ticket issued, one called (and finished), one display refresh."""
    into.issue.append(timed(_issue, db, index))
    into.call.append(timed(call_next, db, 1))
    finish(db, 1)
    into.display.append(timed(display_snapshot, db))


def probe_pair(empty: Database, full: Database, samples: int) -> tuple[Probe, Probe]:
    """Time today's work on both databases in alternation (ABBA...).

    The machine is shared: timing one database and then the other would put any change in
    its load into the ratio. Alternating makes both see the same conditions.
    """
    pair = (empty, full)
    for db in pair:
        _seed(db, samples)  # each round issues one and calls one: the queue stays this long
        for index in range(WARM_UP):
            _today_round(db, index, Timings())
    timings = (Timings(), Timings())
    for index in range(samples):
        for which in (0, 1) if index % 2 == 0 else (1, 0):
            _today_round(pair[which], index, timings[which])
    return timings[0].probe(), timings[1].probe()


def _ratio_row(label: str, empty: Stats, full: Stats, *, target: bool) -> Row:
    ratio = full.p50_ms / empty.p50_ms
    verdict = "ok" if ratio <= HISTORY_RATIO_TARGET else MISSED
    goal = f" (target <= {HISTORY_RATIO_TARGET}): {verdict}" if target else " (no target)"
    return Row(label, full, note=f"ratio {ratio:.2f}{goal}")


def history(backend: str, options: Options, folder: Path) -> list[Row]:
    """Today's work on a database without history and on its twin holding `options.history`
    past tickets, measured alternately."""
    with (
        fresh_database(backend, options.pg_url, folder) as (empty_db, _),
        fresh_database(backend, options.pg_url, folder) as (full_db, _),
    ):
        loaded = insert_history(full_db, options.history)
        empty, full = probe_pair(empty_db, full_db, options.samples)
    load_note = f"{options.history} tickets + {loaded.events} events in {loaded.seconds:.1f} s"
    if loaded.checks_skipped:
        load_note += ", FK triggers off"
    if backend == "postgres":
        load_note += ", then ANALYZE"
    return [
        Row("bulk insert of history", rate=options.history / loaded.seconds, note=load_note),
        Row("call_next, no history", empty.call),
        Row("display_snapshot, no history", empty.display),
        Row("issue_ticket, no history", empty.issue),
        _ratio_row("call_next, with history", empty.call, full.call, target=True),
        _ratio_row("display_snapshot, with history", empty.display, full.display, target=True),
        _ratio_row("issue_ticket, with history", empty.issue, full.issue, target=False),
    ]


# --- the run --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    backends: tuple[str, ...]
    pg_url: str
    seconds: float
    history: int
    samples: int
    paced_rate: float


def _positive(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be above 0: {value}")
    return number


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.queue_bench", description=__doc__)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(PG_ENV) or DEFAULT_PG_URL,
        help=f"PostgreSQL database to make a scratch schema in (default: ${PG_ENV} or "
        f"{DEFAULT_PG_URL})",
    )
    parser.add_argument(
        "--seconds", type=float, default=20.0, help="length of each contended run (paced, flat out)"
    )
    parser.add_argument(
        "--paced-rate",
        type=_positive,
        default=PACED_RATE,
        metavar="OPS_PER_S_PER_PROCESS",
        help=f"operations per second of each process in the paced contended run "
        f"(default {PACED_RATE:g})",
    )
    parser.add_argument("--history", type=int, default=500_000, help="past tickets to insert")
    parser.add_argument(
        "--skip-history", action="store_true", help="leave out section 4 (same as --history 0)"
    )
    parser.add_argument("--samples", type=int, default=300, help="timings per measured series")
    args = parser.parse_args(argv)
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    history = 0 if args.skip_history else args.history
    return Options(backends, args.pg_url, args.seconds, history, args.samples, args.paced_rate)


def _pg_version(url: str) -> str:
    try:
        with psycopg.connect(_libpq(url), connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
    except psycopg.Error as error:
        return f"unreachable ({str(error).strip().splitlines()[0]})"
    return str(row[0]) if row else "?"


def _filesystem(folder: str) -> str:
    """The type of the file system holding `folder` (fsync on tmpfs costs nothing)."""
    best, kind = "", "?"
    with open("/proc/mounts", encoding="utf-8") as mounts:
        for line in mounts:
            parts = line.split()
            if len(parts) > 2 and folder.startswith(parts[1]) and len(parts[1]) > len(best):
                best, kind = parts[1], parts[2]
    return kind


def _load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def print_machine(options: Options) -> None:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print("walk-in queue benchmark")
    print(f"  machine:    {os.cpu_count()} CPUs, load average {load}, {platform.platform()}")
    print(f"  python:     {platform.python_version()}, SQLAlchemy {sqlalchemy.__version__}")
    temp = tempfile.gettempdir()
    print(f"  sqlite:     {sqlite3.sqlite_version} (temp folder {temp}, {_filesystem(temp)})")
    if "postgres" in options.backends:
        print(f"  postgresql: {_pg_version(options.pg_url)} at {make_url(options.pg_url)!r}")
    history = f"{options.history} tickets" if options.history > 0 else "skipped"
    print(
        f"  run:        {options.samples} samples per series, contended {options.seconds:g} s "
        f"paced + {options.seconds:g} s flat out ({ISSUERS} issuers + {CALLERS} callers), "
        f"history {history}"
    )
    for line in paced_context(options.paced_rate):
        print(f"  paced:      {line}")


def paced_context(rate: float) -> list[str]:
    """The paced load, set against the peak hour of a busy office."""
    processes = ISSUERS + CALLERS
    peak_per_hour = OFFICE_TICKETS_PER_DAY / OFFICE_HOURS * PEAK_HOUR_FACTOR
    peak_ops = 2 * peak_per_hour / 3600  # each ticket is issued once and called once
    return [
        f"{rate:g} ops/s per process x {processes} = {rate * processes:g} ops/s "
        f"({rate * ISSUERS:g} issue_ticket/s + {rate * CALLERS:g} call_next+finish/s)",
        f"a {OFFICE_TICKETS_PER_DAY:,}-tickets-a-day office peaks near {peak_per_hour:.0f} "
        f"tickets/h ({OFFICE_HOURS} h day, busiest hour {PEAK_HOUR_FACTOR:g} x the mean) = "
        f"{peak_ops:.2f} issue+call ops/s: this is ~{rate * processes / peak_ops:.0f} x that",
    ]


def _versus_floor(row: Row, bare: Stats) -> Row:
    if row.stats is None:
        return row
    return replace(row, note=f"p50 = {row.stats.p50_ms / bare.p50_ms:.1f} x floor")


def run_backend(backend: str, options: Options) -> Report:
    report = Report("SQLite (file, WAL, synchronous=FULL)" if backend == "sqlite" else "PostgreSQL")
    with tempfile.TemporaryDirectory(prefix="walkin-bench-") as folder:
        with fresh_database(backend, options.pg_url, Path(folder)) as (db, url):
            bare = floor(db, options.samples)
            alone = [_versus_floor(row, bare) for row in uncontended(db, options.samples)]
            report.add("1. uncontended (one process)", alone)
            report.add("2. floor", [Row("bare UPDATE + durable commit", bare)])
            rate, seconds = options.paced_rate, options.seconds
            paced = contended(db, url, seconds, rate)
            report.add(f"3a. contended, paced ({seconds:g} s, {rate:g} ops/s per process)", paced)
            flat = contended(db, url, seconds, None)
            report.add(f"3b. contended, flat out ({seconds:g} s; capacity, no target)", flat)
        if options.history > 0:
            title = f"4. history ({options.history} past tickets; alternating with a twin without)"
            report.add(title, history(backend, options, Path(folder)))
    return report


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    print_machine(options)
    for backend in options.backends:
        started, load = time.perf_counter(), _load()
        try:
            report = run_backend(backend, options)
        except BackendUnavailable as error:
            print(f"\n=== {backend}: skipped, unavailable: {error} ===")
            continue
        print_report(report)
        took = time.perf_counter() - started
        print(f"  ({backend} took {took:.0f} s; load average {load} before, {_load()} after)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
