"""Central benchmark: replication lag under a busy morning, and the central month report.

Run:  python -m benchmarks.central_bench [--tickets 2000] [--hours 4] [--speed 120]
                                        [--offices 100] [--days 30] [--per-day 150] [--runs 3]
                                        [--jobs 2] [--skip-lag]

Starts two throw-away PostgreSQL clusters with wal_level = logical (tests.helpers.clusters): an
office cluster and a central one. Needs PostgreSQL's server binaries (initdb, pg_ctl).

1. Lag: three offices are published and subscribed (`walkin central publish` / `add-office`,
   through each office's replication login). One process per office then runs its share of a
   busy morning, compressed in time (`--speed` simulated seconds per second): applicants
   arrive at random over `--hours` and take tickets, twenty counters call, serve (a few minutes)
   and finish them. Meanwhile the main process measures the lag again and again: it reads an
   office's newest event id, then polls the centre until that event is there. It prints the lag's
   median, p95 and maximum per office, and how long the centre took to hold everything once the
   morning was over; then checks that every office's rows arrived once each.
2. Report: `--offices` office databases of `--days` days of synthetic history (`--per-day`
   visits of two steps each; the bulk rows of benchmarks.report_bench) are made on the central
   cluster and entered in its catalogue; `build_central_report` over the period, `--jobs`
   offices at once, is timed (target < 5 s). The offices' data are copies of one office's
   (made once, then copied by CREATE DATABASE ... TEMPLATE): the work per office is the same
   as for different data.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import psycopg
from sqlalchemy import Connection, func, insert, select

from benchmarks.report_bench import START, _fill
from db.central.hub import (
    Office,
    create_office_tables,
    init_central,
    offices,
    open_office,
    register_office,
)
from db.central.report import build_central_report
from db.central.tables import central_metadata
from db.errors import NobodyWaiting
from db.office_config import CounterConfig, OfficeConfig, ServiceConfig
from db.ops.setup import apply_config
from db.rules.clock import utcnow
from db.services.calls import call_next, finish
from db.services.tickets import issue_ticket
from db.store.engine import Database, open_database, read
from db.store.models import Event
from tests.helpers.central import COUNTED, counts, office_source, office_template, run_cli
from tests.helpers.clusters import (
    CENTRAL_SETTINGS,
    OFFICE_SETTINGS,
    Cluster,
    clusters,
    wait_until,
)

REPORT_TARGET_S = 5.0
ZONE = "Asia/Jakarta"
LAG_OFFICES = ("KPA", "MDN", "SBY")
COUNTERS = 20
SERVICE_MINUTES = (3.0, 9.0)
MORNING_OFFICE = OfficeConfig(
    name="Kantor Imigrasi",
    services=(
        ServiceConfig("A", "Paspor Baru", "New passport"),
        ServiceConfig("B", "Penggantian Paspor", "Passport renewal"),
        ServiceConfig("D", "Pengambilan Paspor", "Passport pickup"),
    ),
    counters=tuple(
        CounterConfig(n, f"Loket {n}", (("A", 1), ("B", 1), ("D", 1)))
        for n in range(1, COUNTERS + 1)
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2_000, help="over the three offices")
    parser.add_argument("--hours", type=float, default=4.0, help="simulated hours")
    parser.add_argument("--speed", type=float, default=120.0, help="simulated s per real s")
    parser.add_argument("--offices", type=int, default=100)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=150, help="visits per office and day")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="offices reported at once")
    parser.add_argument("--skip-lag", action="store_true", help="only the month report")
    args = parser.parse_args(argv)
    with clusters(("office", OFFICE_SETTINGS), ("central", CENTRAL_SETTINGS)) as (office, hub):
        central = open_database(hub.create_database("walkin_central"), pool=False)
        init_central(central)
        try:
            if not args.skip_lag:
                lag_bench(office, central, args.tickets, args.hours, args.speed)
            report_bench(hub, central, args.offices, args.days, args.per_day, args.runs, args.jobs)
        finally:
            central.dispose()
    return 0


# --- 1. replication lag ---------------------------------------------------------------------


@dataclass(frozen=True)
class Morning:
    url: str
    tickets: int
    hours: float
    speed: float
    seed: int


def lag_bench(office: Cluster, central: Database, tickets: int, hours: float, speed: float) -> None:
    office_template(office)
    dbs = {}
    for code in LAG_OFFICES:
        office.execute(f'CREATE DATABASE "{code.lower()}" TEMPLATE office_template')
        db = open_database(office.url(code.lower()))
        apply_config(db, MORNING_OFFICE)
        assert (
            run_cli("--db", office.url(code.lower()), "central", "publish", "--office", code) == 0
        )
        source = office_source(office, code)
        url = central.url.render_as_string(hide_password=False)
        assert run_cli("central", "add-office", code, "--source", source, "--db", url) == 0
        dbs[code] = db
    hubs = {o.code: open_office(central, o) for o in offices(central, list(LAG_OFFICES))}
    for code in LAG_OFFICES:
        wait_until(lambda code=code: counts(dbs[code]) == counts(hubs[code]), timeout_s=120)
    share = [tickets // 3 + (1 if n < tickets % 3 else 0) for n in range(3)]
    mornings = [
        Morning(office.url(code.lower()), n, hours, speed, seed)
        for seed, (code, n) in enumerate(zip(LAG_OFFICES, share, strict=True))
    ]
    print(
        f"lag: {tickets} tickets in {hours:g} simulated hours over {len(mornings)} offices, "
        f"{COUNTERS} counters each, at {speed:g}x ({hours * 3600 / speed:.0f} s)"
    )
    wal_before = _wal_position(office)
    context = mp.get_context("spawn")
    workers = [context.Process(target=run_morning, args=(m,)) for m in mornings]
    for worker in workers:
        worker.start()
    samples = _sample_lag(dbs, hubs, workers)
    ended = time.perf_counter()
    for code in LAG_OFFICES:
        wait_until(lambda code=code: counts(dbs[code]) == counts(hubs[code]), timeout_s=300)
    drained = time.perf_counter() - ended
    _print_lag(samples, drained, dbs, hubs)
    wal = (_wal_position(office) - wal_before) / 2**20
    print(f"  WAL written by the office cluster: {wal:.1f} MB for {tickets} tickets")
    for db in (*dbs.values(), *hubs.values()):
        db.dispose()


def _wal_position(cluster: Cluster) -> int:
    """The cluster's WAL insert position in bytes: what a slot keeps while the link is down."""
    with psycopg.connect(cluster.libpq(), autocommit=True) as conn:
        row = conn.execute("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn").fetchone()
    assert row is not None
    return int(row[0])


def run_morning(morning: Morning) -> None:
    """One office's morning: arrivals at random, twenty counters calling and finishing."""
    db = open_database(morning.url)
    rng = random.Random(morning.seed)
    span = morning.hours * 3600 / morning.speed  # real seconds
    arrivals = sorted(rng.uniform(0, span) for _ in range(morning.tickets))
    began = time.perf_counter()
    busy_until: dict[int, float] = {}
    waiting, issued = 0, 0
    while issued < len(arrivals) or waiting or busy_until:
        now = time.perf_counter() - began
        while issued < len(arrivals) and arrivals[issued] <= now:
            issue_ticket(db, rng.choice("AABBD"))
            issued, waiting = issued + 1, waiting + 1
        for counter in range(1, COUNTERS + 1):
            if counter in busy_until and busy_until[counter] <= now:
                finish(db, counter)
                del busy_until[counter]
            if counter not in busy_until and waiting:
                try:
                    call_next(db, counter)
                except NobodyWaiting:
                    continue
                waiting -= 1
                minutes = rng.uniform(*SERVICE_MINUTES)
                busy_until[counter] = now + minutes * 60 / morning.speed
        time.sleep(0.005)
    db.dispose()


def _newest_event(db: Database) -> int:
    with read(db) as session:
        return int(session.execute(select(func.coalesce(func.max(Event.id), 0))).scalar_one())


def _sample_lag(
    dbs: dict[str, Database], hubs: dict[str, Database], workers: list[mp.process.BaseProcess]
) -> dict[str, list[float]]:
    """Lag samples per office while the workers run: office event written -> seen at the centre."""
    samples: dict[str, list[float]] = {code: [] for code in dbs}
    while any(w.is_alive() for w in workers):
        for code, db in dbs.items():
            newest = _newest_event(db)
            seen = time.perf_counter()
            while _newest_event(hubs[code]) < newest:
                time.sleep(0.01)
            samples[code].append(time.perf_counter() - seen)
        time.sleep(0.2)
    for worker in workers:
        worker.join()
    return samples


def _print_lag(
    samples: dict[str, list[float]],
    drained: float,
    dbs: dict[str, Database],
    hubs: dict[str, Database],
) -> None:
    for code, values in samples.items():
        if not values:
            print(f"  {code}: no sample (the morning ended first)")
            continue
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(
            f"  {code}: lag median {statistics.median(ordered) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms ({len(ordered)} samples)"
        )
    print(f"  the centre held every row {drained:.2f} s after the morning ended")
    for code in dbs:
        mine, theirs = counts(dbs[code]), counts(hubs[code])
        verdict = "same" if mine == theirs else "DIFFERENT"
        figures = ", ".join(f"{t} {mine[t]}" for t in COUNTED)
        print(f"  {code}: office and centre rows {verdict}: {figures}")


# --- 2. the central month report ------------------------------------------------------------


def report_bench(
    hub: Cluster, central: Database, count: int, days: int, per_day: int, runs: int, jobs: int
) -> None:
    began = time.perf_counter()
    visits = _history(hub, days, per_day)
    for n in range(count):
        code = f"T{n:03d}"
        name = f"walkin_office_{code.lower()}"
        hub.execute(f'CREATE DATABASE "{name}" TEMPLATE walkin_history')
        office = Office(code, f"Kantor {code}", name, "public", "synthetic", utcnow())
        register_office(central, office)
    print(
        f"report: {count} offices x {days} days x {per_day} visits ({count * visits} visits of "
        f"two steps) made in {time.perf_counter() - began:.0f} s"
    )
    end = START + timedelta(days=days - 1)
    codes = [f"T{n:03d}" for n in range(count)]
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        report = build_central_report(central, START, end, codes, jobs=jobs)
        times.append(time.perf_counter() - began)
    assert report.totals.total.issued == count * visits
    best, median = min(times), statistics.median(times)
    verdict = "ok" if median < REPORT_TARGET_S else "TARGET MISSED"
    print(
        f"  central month report over {count} offices ({jobs} at once): best {best:.2f} s, "
        f"median {median:.2f} s of {runs}, {median / count * 1000:.0f} ms an office "
        f"(target < {REPORT_TARGET_S:g} s) {verdict}"
    )


def _history(hub: Cluster, days: int, per_day: int) -> int:
    """One office's synthetic month, in the central tables, as the template of every office."""
    db = open_database(hub.create_database("walkin_history"))
    try:
        with db.engine.begin() as conn:
            create_office_tables(conn, "public")
            _office_rows(conn)
        visits = _fill(db, days, per_day)
        # Statistics, as autovacuum keeps them on a live office's database: without them the
        # planner guesses a table just bulk-filled is empty (a row-by-row join per step row).
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        return visits
    finally:
        db.dispose()


def _office_rows(conn: Connection) -> None:
    """What the synthetic tickets refer to: the office, five services, five counters, officers."""
    tables = central_metadata().tables
    conn.execute(insert(tables["office_settings"]), [{"id": 1, "name": "Kantor", "timezone": ZONE}])
    services = [
        {"id": n, "code": code, "name_id": code, "name_en": code, "target_wait_minutes": 30}
        for n, code in enumerate("ABCDE", start=1)
    ]
    conn.execute(insert(tables["services"]), services)
    counters = [{"id": n, "number": n, "name": f"Loket {n}", "active": True} for n in range(1, 6)]
    conn.execute(insert(tables["counters"]), counters)
    officers = [{"id": n, "login": f"petugas{n}", "name": f"Petugas {n}"} for n in range(1, 6)]
    conn.execute(insert(tables["officers"]), officers)


if __name__ == "__main__":
    raise SystemExit(main())
