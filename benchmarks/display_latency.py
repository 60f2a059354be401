"""Display benchmark: call-to-screen latency across processes, idle CPU and memory of the display.

Run:  QT_QPA_PLATFORM=offscreen python -m benchmarks.display_latency
          [--backend sqlite|postgres|both] [--pg-url URL] [--calls N] [--idle-seconds S]

1. latency: a caller in another process commits `call_next` (then `finish`) in a loop and sends
   the time right after each commit over a pipe; this process runs the display's model with the
   default notifier timings (SQLite: a 100 ms `data_version` poll; PostgreSQL: LISTEN/NOTIFY) and
   notes when each call is in the model's snapshot. p50/p95/p99/max over N calls, per backend.
2. idle: the whole display (model, view shown offscreen at 1920x1080, ticker scrolling, clock,
   announcer without sound) on SQLite, nothing happening: CPU time as % of one core, and the
   resident memory (VmRSS, and the peak ru_maxrss).

Targets: p99 <= 150 ms on PostgreSQL, <= 400 ms on SQLite, idle CPU < 2 %. Figures are printed;
a missed target is marked, never asserted.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import resource
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from db.office_config import CounterConfig, OfficeConfig, PriorityConfig, ServiceConfig
from db.ops.setup import apply_config
from db.services.calls import call_next, finish
from db.services.tickets import issue_ticket
from db.store import schema
from db.store.engine import Database, open_database

PG_ENV = "WALKIN_TEST_PG_URL"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_P99_MS = {"sqlite": 400.0, "postgres": 150.0}
TARGET_IDLE_CPU = 2.0

OFFICE = OfficeConfig(
    name="Kantor Benchmark",
    timezone="Asia/Jakarta",
    priority=PriorityConfig(policy="strict", ratio=2, fairness_minutes=60, daily_cap=None),
    services=(ServiceConfig("A", "Paspor Baru", "New passport", daily_quota=None),),
    counters=(CounterConfig(1, "Loket 1", (("A", 1),)),),
    ticker="Selamat datang di Kantor Imigrasi. Silakan ambil nomor antrean.",
)


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'display-bench.sqlite3'}"


@contextmanager
def postgres_database(base: str) -> Iterator[str]:
    """A fresh schema in the given database, dropped afterwards."""
    libpq = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"walkin_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    url = make_url(base).set(drivername="postgresql+psycopg")
    try:
        yield url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
            hide_password=False
        )
    finally:
        with psycopg.connect(libpq, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def prepared(url: str, tickets: int) -> Database:
    db = open_database(url)
    schema.upgrade(db)
    apply_config(db, OFFICE)
    for _ in range(tickets):
        issue_ticket(db, "A")
    return db


def caller(url: str, calls: int, pipe: Connection, seed: int) -> None:
    """The other process: call, note the commit time, send it, finish; a short random pause."""
    db = open_database(url)
    pace = random.Random(seed)
    pipe.recv()  # the display is ready
    for _ in range(calls):
        code = call_next(db, 1).code
        pipe.send((code, time.time()))
        finish(db, 1)
        time.sleep(pace.uniform(0.03, 0.07))
    pipe.send(None)
    db.dispose()


def measure_latency(url: str, calls: int) -> list[float]:
    """Milliseconds from each commit (in the caller) to the call being in the model's snapshot."""
    from PySide6.QtCore import QEventLoop, QTimer

    from display_board.model import DisplayModel
    from qtshared.changes import ChangeNotifier

    db = prepared(url, calls)
    notifier = ChangeNotifier(db)
    model = DisplayModel(db, notifier, last=6)
    seen: dict[str, float] = {}
    committed: dict[str, float] = {}

    def on_snapshot(snapshot: Any) -> None:
        now = time.time()
        for record in snapshot.recent_calls:
            seen.setdefault(record.code, now)

    model.snapshot_changed.connect(on_snapshot)
    model.start()
    ours, theirs = mp.get_context("spawn").Pipe()
    child = mp.get_context("spawn").Process(target=caller, args=(url, calls, theirs, 7))
    child.start()
    loop = QEventLoop()
    done = {"caller": False}

    def drain() -> None:
        while ours.poll():
            item = ours.recv()
            if item is None:
                done["caller"] = True
            else:
                committed[item[0]] = item[1]
        if done["caller"] and all(code in seen for code in committed):
            loop.quit()

    pump = QTimer()
    pump.timeout.connect(drain)
    pump.start(20)
    ours.send("go")
    QTimer.singleShot(calls * 500 + 30_000, loop.quit)  # a safety stop
    loop.exec()
    pump.stop()
    child.join(30)
    model.stop()
    db.dispose()
    return [(seen[code] - at) * 1000 for code, at in committed.items() if code in seen]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


def report_latency(backend: str, values: list[float], calls: int) -> None:
    p99 = percentile(values, 0.99)
    mark = "" if p99 <= TARGET_P99_MS[backend] else "   TARGET MISSED"
    print(
        f"{backend:9} calls {len(values)}/{calls}  p50 {statistics.median(values):6.1f} ms  "
        f"p95 {percentile(values, 0.95):6.1f} ms  p99 {p99:6.1f} ms  max {max(values):6.1f} ms"
        f"  (target p99 <= {TARGET_P99_MS[backend]:.0f} ms){mark}"
    )


def vm_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_idle(url: str, seconds: float) -> tuple[float, float, float]:
    """(CPU % of one core, VmRSS MB, peak RSS MB) of the whole display doing nothing."""
    from PySide6.QtCore import QEventLoop, QTimer

    from display_board.announcer import SilentPlayer
    from display_board.app import build_display
    from display_board.config import DisplayConfig

    db = prepared(url, 5)
    display = build_display(db, DisplayConfig(), SilentPlayer())
    display.view.resize(1920, 1080)
    display.view.show()
    display.start()

    def run(duration: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(duration * 1000), loop.quit)
        loop.exec()

    run(3.0)  # settle: first layout, first paints
    before = os.times()
    started = time.monotonic()
    run(seconds)
    after = os.times()
    elapsed = time.monotonic() - started
    cpu = (after.user - before.user + after.system - before.system) / elapsed * 100
    rss = vm_rss_mb()
    display.stop()
    display.view.close()
    db.dispose()
    return cpu, rss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.display_latency")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-url", default=os.environ.get(PG_ENV) or DEFAULT_PG_URL)
    parser.add_argument("--calls", type=int, default=220)
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    _app = QApplication([])
    print("display latency: commit of call_next in another process -> in the display's model")
    if args.backend in ("sqlite", "both"):
        with sqlite_database() as url:
            report_latency("sqlite", measure_latency(url, args.calls), args.calls)
    if args.backend in ("postgres", "both"):
        with postgres_database(args.pg_url) as url:
            report_latency("postgres", measure_latency(url, args.calls), args.calls)
    with sqlite_database() as url:
        cpu, rss, peak = measure_idle(url, args.idle_seconds)
    mark = "" if cpu < TARGET_IDLE_CPU else "   TARGET MISSED"
    print(
        f"idle display (SQLite, 1920x1080 offscreen, {args.idle_seconds:.0f} s): "
        f"CPU {cpu:.2f} % of one core (target < {TARGET_IDLE_CPU:.0f} %){mark}; "
        f"VmRSS {rss:.0f} MB, peak RSS {peak:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
