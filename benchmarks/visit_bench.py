"""Visits under contention: check-in, issue and call with N concurrent clients, beside the floor.

Run:  python -m benchmarks.visit_bench [--backend sqlite|postgres|both] [--pg-url URL]
                                       [--clients 8] [--per-client 50] [--rounds 1]

For each backend (a fresh SQLite file; a fresh PostgreSQL schema), each round runs five phases,
each with `clients` processes released together, each doing `per-client` operations:

1. floor: a bare counter (INSERT ... ON CONFLICT DO UPDATE ... RETURNING on one row, committed)
   through the same engine set-up and, on SQLite, the same write lock: what one durable write
   costs under the same contention;
2. check-in: each client checks in its own booking codes (imported beforehand);
3. issue: each client issues walk-in tickets;
4. call: each client is an officer calling the next ticket at each counter of its own row of
   counters in turn (a counter with a called ticket cannot call again until it is finished);
5. finish: each client finishes the tickets it called, counter by counter.

Calls and finishes are timed apart: each is one durable write, as the floor is, so each is set
against the floor on its own. (Finishing inside the call phase put two writes in every timed
call's window and halved the throughput the phase could show.) The office grows to a counter
per call for these two phases only; the check-in and issue phases see `clients` counters, as a
wait estimate over hundreds of open counters would not be the office's.

It prints p50 and p99 latency and throughput per phase, throughput as a share of the floor's,
where an operation's time went (client CPU; on SQLite the wait for the write lock and the
time holding it), and then checks, straight from the database, that no number was given twice
and no ticket was called twice. Targets (issue 11): p99 <= 33 ms and throughput >= 1/3 of the
floor's.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from benchmarks.queue_bench import PG_ENV, BackendUnavailable, fresh_database
from db.errors import NoActiveTicket, NobodyWaiting
from db.office_config import AppointmentsConfig, CounterConfig, OfficeConfig, ServiceConfig
from db.ops.setup import apply_config
from db.services.appointments import import_bookings
from db.services.calls import call_next, finish
from db.services.checkin import check_in
from db.services.tickets import issue_ticket
from db.store.engine import Database, open_database, read
from db.store.models import Ticket, TicketStep
from db.store.writelock import WriteLock

P99_TARGET_MS = 33.0
THROUGHPUT_TARGET = 1 / 3
WARM_UP = 3
PHASES = ("floor", "check-in", "issue", "call", "finish")


def bench_office(counters: int) -> OfficeConfig:
    """One service, no quota, `counters` counters; bookings may check in all day."""
    return OfficeConfig(
        name="Bench office",
        appointments=AppointmentsConfig(early_minutes=24 * 60, grace_minutes=24 * 60),
        services=(ServiceConfig("A", "Paspor Baru", "New passport"),),
        counters=tuple(CounterConfig(n, f"Loket {n}", (("A", 1),)) for n in range(1, counters + 1)),
    )


def counter_of(job: Job, index: int) -> int:
    """The counter a client calls at (and finishes at) for its `index`th operation: each client
    has a row of its own, one counter per operation, warm-up included."""
    return (job.client - 1) * (job.count + WARM_UP) + index + 1


@dataclass(frozen=True)
class Job:
    phase: str
    client: int
    url: str
    count: int
    round_: int


def _floor_op(db: Database, job: Job, _index: int) -> None:
    # On SQLite through the same fair write lock as every write of the project: without it the
    # floor is SQLite's busy handler, whose sleeps made it swing from 600 to 1,800 a second.
    # The connection is checked out before the lock, as engine.write_connection does.
    with (
        db.engine.connect() as conn,
        db.write_lock.held() if db.write_lock else nullcontext(),
        conn.begin(),
    ):
        conn.exec_driver_sql(
            "INSERT INTO bench_floor (id, n) VALUES (1, 1) "
            "ON CONFLICT (id) DO UPDATE SET n = bench_floor.n + 1 RETURNING n"
        ).scalar_one()


def _check_in_op(db: Database, job: Job, index: int) -> None:
    check_in(db, booking_code(job.round_, job.client, index))


def _issue_op(db: Database, _job: Job, _index: int) -> None:
    issue_ticket(db, "A")


def _call_op(db: Database, job: Job, index: int) -> None:
    call_next(db, counter_of(job, index))


def _finish_op(db: Database, job: Job, index: int) -> None:
    finish(db, counter_of(job, index))


OPS: dict[str, Callable[[Database, Job, int], Any]] = {
    "floor": _floor_op,
    "check-in": _check_in_op,
    "issue": _issue_op,
    "call": _call_op,
    "finish": _finish_op,
}


def booking_code(round_: int, client: int, index: int) -> str:
    return f"BK-{round_:02d}-{client:02d}-{index:04d}"


@dataclass(frozen=True)
class Sample:
    """One timed operation: its latency, the client's CPU time in it and, on SQLite, how long
    it waited for the write lock and held it (seconds)."""

    latency: float
    cpu: float
    waited: float
    held: float


class _LockProbe:
    """Adds up how long one client waits for SQLite's write lock and holds it."""

    def __init__(self, lock: WriteLock | None) -> None:
        self.waited = self.held = 0.0
        if lock is None:
            return
        inner = lock.held

        @contextmanager
        def timed() -> Iterator[None]:
            began = time.perf_counter()
            with inner():
                got = time.perf_counter()
                try:
                    yield
                finally:
                    self.waited += got - began
                    self.held += time.perf_counter() - got

        lock.held = timed  # type: ignore[method-assign]


def _worker(job: Job, barrier: Any, results: Any) -> None:
    db = open_database(job.url)
    probe = _LockProbe(db.write_lock)
    samples: list[Sample] = []
    errors: list[str] = []
    try:
        for index in range(job.count, job.count + WARM_UP):  # compile and cache, untimed
            _timed(db, job, index, probe)
        barrier.wait(timeout=300)
        start = time.perf_counter()
        for index in range(job.count):
            samples.extend(_timed(db, job, index, probe))
        results.put((samples, errors, start, time.perf_counter()))
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
        results.put((samples, errors, 0.0, 0.0))
    finally:
        db.dispose()


def _timed(db: Database, job: Job, index: int, probe: _LockProbe) -> list[Sample]:
    probe.waited = probe.held = 0.0
    cpu, start = time.process_time(), time.perf_counter()
    try:
        OPS[job.phase](db, job, index)
    except (NobodyWaiting, NoActiveTicket):  # nobody waited for that call: nothing to finish
        return []
    return [
        Sample(time.perf_counter() - start, time.process_time() - cpu, probe.waited, probe.held)
    ]


@dataclass
class PhaseResult:
    samples: list[Sample]
    errors: list[str]
    seconds: float

    @property
    def timings(self) -> list[float]:
        return [s.latency for s in self.samples]

    def mean_ms(self, part: str) -> float:
        values = [getattr(s, part) for s in self.samples]
        return 1000 * statistics.fmean(values) if values else float("nan")

    @property
    def throughput(self) -> float:
        return len(self.timings) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.timings)
        if not ordered:
            return float("nan")
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_phase(url: str, phase: str, clients: int, count: int, round_: int) -> PhaseResult:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(clients)
    results = ctx.Queue()
    jobs = [Job(phase, client, url, count, round_) for client in range(1, clients + 1)]
    processes = [ctx.Process(target=_worker, args=(job, barrier, results)) for job in jobs]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    samples = [t for outcome in outcomes for t in outcome[0]]
    errors = [e for outcome in outcomes for e in outcome[1]]
    starts = [o[2] for o in outcomes if o[2]]
    ends = [o[3] for o in outcomes if o[3]]
    seconds = max(ends) - min(starts) if starts and ends else 0.0
    return PhaseResult(samples, errors, seconds)


def _prepare(db: Database, clients: int, count: int, round_: int) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, n INTEGER)"
        )
    today = datetime.now(ZoneInfo("Asia/Jakarta"))
    start = max(today - timedelta(hours=1), today.replace(hour=0, minute=0))
    rows = ["booking_code,date,session_start,session_end,service"]
    for client in range(1, clients + 1):
        for index in range(count):
            code = booking_code(round_, client, index)
            rows.append(f"{code},{today:%Y-%m-%d},{start:%H:%M},23:59,A")
    import_bookings(db, "\n".join(rows) + "\n")


def invariants(db: Database) -> tuple[int, int, int]:
    """(tickets, numbers given twice, tickets called twice), read straight from the database."""
    with read(db) as session:
        tickets = session.scalar(select(func.count()).select_from(Ticket)) or 0
        codes = session.scalar(select(func.count(func.distinct(Ticket.code)))) or 0
        calls = session.scalar(select(func.count()).select_from(TicketStep)) or 0
        called = session.scalar(select(func.count(func.distinct(TicketStep.ticket_id)))) or 0
    return tickets, tickets - codes, calls - called


def run_backend(backend: str, options: argparse.Namespace) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(backend, options.pg_url, Path(folder)) as (db, url),
    ):
        per_client = options.per_client + WARM_UP
        results: dict[str, list[PhaseResult]] = {phase: [] for phase in PHASES}
        for round_ in range(options.rounds):
            apply_config(db, bench_office(options.clients))
            _prepare(db, options.clients, per_client, round_)
            for phase in PHASES:
                if phase == "call":
                    apply_config(db, bench_office(options.clients * per_client))
                count = options.per_client
                results[phase].append(run_phase(url, phase, options.clients, count, round_))
        _print(backend, options, results, invariants(db))


def _merge(parts: list[PhaseResult]) -> PhaseResult:
    return PhaseResult(
        [t for p in parts for t in p.samples],
        [e for p in parts for e in p.errors],
        sum(p.seconds for p in parts),
    )


def _print(
    backend: str,
    options: argparse.Namespace,
    results: dict[str, list[PhaseResult]],
    checks: tuple[int, int, int],
) -> None:
    merged = {phase: _merge(parts) for phase, parts in results.items()}
    floor = merged["floor"].throughput
    print(
        f"\n{backend}: {options.clients} clients x {options.per_client} ops x "
        f"{options.rounds} rounds"
    )
    print(f"  {'phase':<10} {'ops':>6} {'p50 ms':>8} {'p99 ms':>8} {'ops/s':>8} {'x floor':>8}")
    for phase, result in merged.items():
        share = result.throughput / floor if floor else float("nan")
        marks = []
        if phase != "floor" and result.percentile(0.99) > P99_TARGET_MS:
            marks.append("p99 TARGET MISSED")
        if phase != "floor" and share < THROUGHPUT_TARGET:
            marks.append("throughput TARGET MISSED")
        print(
            f"  {phase:<10} {len(result.timings):>6} {result.percentile(0.5):>8.2f} "
            f"{result.percentile(0.99):>8.2f} {result.throughput:>8.0f} {share:>8.2f}  "
            + " ".join(marks)
        )
        for error in sorted(set(result.errors))[:5]:
            print(f"    error: {error}")
    _print_breakdown(backend, merged)
    tickets, duplicates, double_calls = checks
    print(
        f"  tickets {tickets}, numbers given twice {duplicates}, tickets called twice "
        f"{double_calls}, median op {statistics.median(merged['issue'].timings) * 1000:.2f} ms"
    )


def _print_breakdown(backend: str, merged: dict[str, PhaseResult]) -> None:
    """Where an operation's time went, as means: the client's CPU and, on SQLite, the wait for
    the one write lock and the time holding it (a lock held longer under load is a holder that
    shares the cores with the other clients)."""
    lock = backend == "sqlite"
    heads = ["latency", "client CPU"] + (["lock wait", "lock held"] if lock else [])
    print("  mean ms per op " + " ".join(f"{h:>11}" for h in heads))
    for phase, result in merged.items():
        if phase == "floor":
            continue
        parts = ["latency", "cpu"] + (["waited", "held"] if lock else [])
        print(f"  {phase:<14} " + " ".join(f"{result.mean_ms(p):>11.2f}" for p in parts))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-url", default=os.environ.get(PG_ENV, ""))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--per-client", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=1)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    backends = ["sqlite", "postgres"] if options.backend == "both" else [options.backend]
    for backend in backends:
        if backend == "postgres" and not options.pg_url:
            print(f"\npostgres: skipped ({PG_ENV} is not set)")
            continue
        try:
            run_backend(backend, options)
        except BackendUnavailable as error:
            print(f"\n{backend}: unavailable: {error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
