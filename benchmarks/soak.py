"""Soak: issuing and calling processes for a while, with faults, then the invariants.

Run:  python -m benchmarks.soak [--backend sqlite|postgres|both] [--issuers N] [--callers M]
                                [--seconds S] [--kill-workers] [--terminate-connections]
                                [--restart-postgres] [--fault-every S] [--pg-url URL]

N issuing and M calling processes (each its own engine, each caller its own counter) work a
fresh database (a SQLite file in a temporary folder, or a new PostgreSQL schema) as fast as they
can. Issuers behave like kiosks: a key per ticket, and a lost answer is asked again with the
same key. Callers call and finish; an answer lost after the commit shows up as CounterBusy on
the next call, and the caller finishes that ticket first. Faults, every --fault-every seconds:
`--kill-workers` kill -9 a random worker and start a new one; `--terminate-connections` (PostgreSQL)
pg_terminate_backend on every worker connection; `--restart-postgres` restarts the cluster with
pg_ctlcluster (only with that flag: it cuts every other client of the cluster too).

Afterwards the invariants (benchmarks/invariants.py) are read straight from the database, and
every ticket a worker was told about must be there. It prints the figures; the exit status is 1
when an invariant is broken or a worker met an unexpected error.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import pickle
import queue
import random
import signal
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from benchmarks import invariants
from benchmarks.queue_bench import pg_schema
from benchmarks.soak_worker import Job, Stats, run_worker
from db.office_config import CounterConfig, OfficeConfig, PriorityConfig, ServiceConfig
from db.ops.setup import apply_config
from db.store import schema
from db.store.engine import open_database

SOAK_OFFICE = OfficeConfig(
    name="Kantor Uji Tahan",
    timezone="Asia/Jakarta",
    priority=PriorityConfig(policy="ratio", ratio=2, fairness_minutes=60, daily_cap=None),
    services=(
        ServiceConfig("A", "Paspor Baru", "New passport", daily_quota=400),
        ServiceConfig("B", "Penggantian Paspor", "Passport renewal", daily_quota=None),
        ServiceConfig(
            "C", "Paspor Hilang", "Lost passport", daily_quota=150, priority_allowed=True
        ),
    ),
    counters=tuple(
        CounterConfig(n, f"Loket {n}", (("A", 1), ("B", 1), ("C", 1))) for n in range(1, 13)
    ),
)
MAX_CALLERS = len(SOAK_OFFICE.counters)
STOP_TIMEOUT_S = 15.0
START_TIMEOUT_S = 120.0  # spawning a dozen interpreters on a loaded 2-core machine


@dataclass
class Figures:
    """What the run did, summed over every worker and incarnation."""

    backend: str
    seconds: float = 0.0
    stats: Stats = field(default_factory=Stats)
    faults: Counter[str] = field(default_factory=Counter)
    violations: dict[str, list[str]] = field(default_factory=dict)
    tickets: int = 0

    @property
    def broken(self) -> bool:
        unexpected = any("unexpected" in kind for kind in self.stats.errors)
        return unexpected or any(self.violations.values())


@dataclass(frozen=True)
class Options:
    backends: tuple[str, ...]
    issuers: int
    callers: int
    seconds: float
    kill_workers: bool
    terminate_connections: bool
    restart_postgres: bool
    fault_every: float
    pg_url: str | None


class Pool:
    """The worker processes; a killed one is replaced by a new incarnation."""

    def __init__(self, url: str, options: Options) -> None:
        self.context = mp.get_context("spawn")
        self.stop = self.context.Event()
        # A queue per worker: a worker killed while writing to a shared queue would leave its
        # lock taken, and every other worker's reports stuck behind it.
        self.reports: list[Any] = []
        self.ready: Any = self.context.Queue()
        self.jobs = [Job("issuer", i, url) for i in range(1, options.issuers + 1)]
        self.jobs += [Job("caller", c, url) for c in range(1, options.callers + 1)]
        self.processes: dict[int, Any] = {}
        for slot in range(len(self.jobs)):
            self._start(slot)
        for _ in self.jobs:  # the clock starts once every worker is connected
            self.ready.get(timeout=START_TIMEOUT_S)

    def _start(self, slot: int) -> None:
        job = self.jobs[slot]
        self.jobs[slot] = job = Job(job.role, job.index, job.url, job.incarnation + 1)
        reports = self.context.Queue()
        self.reports.append(reports)
        process = self.context.Process(
            target=run_worker, args=(job, self.stop, reports, self.ready)
        )
        process.start()
        self.processes[slot] = process

    def kill_one(self, rng: random.Random) -> None:
        slot = rng.randrange(len(self.jobs))
        process = self.processes[slot]
        if process.pid is not None and process.is_alive():
            os.kill(process.pid, signal.SIGKILL)
        process.join()
        self._start(slot)

    def finish(self, into: Stats) -> None:
        """Stop every worker, reading their last reports meanwhile: a worker cannot exit while
        its report still fills the pipe, so joining before reading would wait forever."""
        self.stop.set()
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while any(p.is_alive() for p in self.processes.values()):
            self.drain(into)
            if time.monotonic() > deadline:
                for process in self.processes.values():
                    process.kill()
            time.sleep(0.05)
        for process in self.processes.values():
            process.join()
        self.drain(into)

    def drain(self, into: Stats) -> None:
        for reports in list(self.reports):
            try:
                while True:
                    into.add(reports.get_nowait())
            except queue.Empty:
                continue
            except (EOFError, OSError, pickle.UnpicklingError):  # cut off mid-report by kill -9
                self.reports.remove(reports)


def terminate_connections(base_url: str, application: str) -> int:
    """pg_terminate_backend on every connection of the workers; how many were cut."""
    with psycopg.connect(_libpq(base_url), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            (application,),
        ).fetchall()
    return sum(1 for (done,) in rows if done)


def restart_postgres() -> None:
    """Restart every local cluster (Debian's pg_ctlcluster): the runner must allow it."""
    for version in sorted(os.listdir("/etc/postgresql")):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
            check=True,
            capture_output=True,
        )


def _libpq(url: str) -> str:
    bare = make_url(url).set(drivername="postgresql")
    return bare.set(query={}).render_as_string(hide_password=False)


def _inject(pool: Pool, options: Options, base_url: str | None, app: str, fig: Figures) -> None:
    rng = random.Random(7)
    deadline = time.monotonic() + options.seconds
    next_fault = time.monotonic() + options.fault_every
    while time.monotonic() < deadline:
        pool.drain(fig.stats)  # keeps the pipe empty, so no worker blocks on its report
        time.sleep(0.1)
        if time.monotonic() < next_fault:
            continue
        next_fault += options.fault_every
        if options.kill_workers:
            pool.kill_one(rng)
            fig.faults["worker killed (kill -9)"] += 1
        if options.terminate_connections and base_url is not None:
            fig.faults["connections terminated"] += terminate_connections(base_url, app)
        if options.restart_postgres and base_url is not None:
            restart_postgres()
            fig.faults["PostgreSQL restarted"] += 1


@contextmanager
def soak_database(backend: str, pg_url: str | None) -> Iterator[str]:
    """A migrated database holding the soak office, dropped (or deleted) afterwards."""
    with tempfile.TemporaryDirectory(prefix="walkin-soak-") as folder:
        if backend == "sqlite":
            url = f"sqlite:///{Path(folder) / 'soak.sqlite3'}"
            _prepare(url)
            yield url
            return
        if pg_url is None:
            raise SystemExit("PostgreSQL needs --pg-url or WALKIN_TEST_PG_URL")
        with pg_schema(pg_url) as url:
            _prepare(url)
            yield url


def _prepare(url: str) -> None:
    db = open_database(url)
    try:
        schema.upgrade(db)
        apply_config(db, SOAK_OFFICE)
    finally:
        db.dispose()


def soak(backend: str, options: Options) -> Figures:
    """One run on one backend: workers, faults, then the invariants."""
    figures = Figures(backend)
    with soak_database(backend, options.pg_url) as url:
        app = f"walkin-soak-{os.getpid()}-{backend}"
        worker_url = make_url(url).update_query_dict({"application_name": app})
        if backend == "sqlite":
            worker_url = make_url(url)
        pool = Pool(worker_url.render_as_string(hide_password=False), options)
        started = time.monotonic()
        try:
            base = url if backend == "postgres" else None
            _inject(pool, options, base, app, figures)
        finally:
            pool.stop.set()
            figures.seconds = time.monotonic() - started
            pool.finish(figures.stats)
        _check(url, figures)
    return figures


def _check(url: str, figures: Figures) -> None:
    db = open_database(url)
    try:
        run = invariants.snapshot(db)
    finally:
        db.dispose()
    figures.tickets = len(run.tickets)
    figures.violations = invariants.check_all(run)
    stored = {t.id for t in run.tickets}
    lost = sorted(set(figures.stats.acknowledged) - stored)
    figures.violations["every acknowledged ticket is stored"] = [
        f"ticket ids {lost[:10]} were answered but are not in the database"
    ] * bool(lost)


# --- figures and the command line -----------------------------------------------------------


def print_figures(fig: Figures, options: Options) -> None:
    s = fig.stats
    rate = max(fig.seconds, 1e-9)
    print(
        f"== soak, {fig.backend}: {options.issuers} issuers + {options.callers} callers, "
        f"{fig.seconds:.1f} s"
    )
    print(
        f"  tickets issued      {s.issued:7d}  ({s.issued / rate:.0f}/s), "
        f"{s.repeated} answered again after a lost answer, {s.quota_refusals} quota refusals"
    )
    print(
        f"  calls               {s.calls:7d}  ({s.calls / rate:.0f}/s), {s.finished} finished, "
        f"{s.busy_recoveries} recovered after a lost answer, {s.idle} idle presses"
    )
    print(f"  retries             {s.retries:7d}")
    for kind, count in sorted(s.errors.items()) or [("none", 0)]:
        print(f"  errors              {count:7d}  {kind}")
    for kind, count in sorted(fig.faults.items()) or [("none", 0)]:
        print(f"  faults              {count:7d}  {kind}")
    print(f"  tickets in database {fig.tickets:7d}  (a killed worker's last report is lost)")
    for name, problems in fig.violations.items():
        verdict = "ok" if not problems else f"BROKEN ({len(problems)}): " + "; ".join(problems[:3])
        print(f"  invariant           {name}: {verdict}")


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--issuers", type=int, default=4)
    parser.add_argument("--callers", type=int, default=4, help=f"at most {MAX_CALLERS}")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--kill-workers", action="store_true", help="kill -9 a random worker")
    parser.add_argument(
        "--terminate-connections", action="store_true", help="PostgreSQL: pg_terminate_backend"
    )
    parser.add_argument(
        "--restart-postgres",
        action="store_true",
        help="restart the local cluster (pg_ctlcluster): cuts every other client too",
    )
    parser.add_argument("--fault-every", type=float, default=2.0, metavar="SECONDS")
    parser.add_argument("--pg-url", default=os.environ.get("WALKIN_TEST_PG_URL"))
    args = parser.parse_args(argv)
    if not 1 <= args.callers <= MAX_CALLERS or args.issuers < 1:
        parser.error(f"--issuers must be >= 1 and --callers 1-{MAX_CALLERS}")
    both = ("sqlite", "postgres")
    return Options(
        backends=both if args.backend == "both" else (args.backend,),
        issuers=args.issuers,
        callers=args.callers,
        seconds=args.seconds,
        kill_workers=args.kill_workers,
        terminate_connections=args.terminate_connections,
        restart_postgres=args.restart_postgres,
        fault_every=args.fault_every,
        pg_url=args.pg_url,
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    broken = False
    for backend in options.backends:
        figures = soak(backend, options)
        print_figures(figures, options)
        broken |= figures.broken
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
