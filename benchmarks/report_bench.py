"""Report benchmark: the month report over 2,000 tickets a day (60,000 tickets), per backend.

Run:  python -m benchmarks.report_bench [--backend sqlite|postgres|both] [--pg-url URL]
                                        [--days N] [--per-day N] [--runs N]

Each backend gets a fresh database (a SQLite file in a temporary folder; a new PostgreSQL schema
at $WALKIN_TEST_PG_URL or --pg-url, dropped afterwards) holding the demo office and N days of
bulk-inserted tickets (Core inserts in batches), with a no-show event per no-show. It then times
`build_report` over the whole period and prints the best and median seconds (target < 2 s).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, insert, select

from db.engine import Database, read, write
from db.models import Counter, Event, Officer, Service, Ticket
from db.reports import build_report
from db.setup import load_demo
from tests.helpers import databases

TARGET_S = 2.0
BATCH = 5_000
START = date(2026, 10, 1)
ZONE = ZoneInfo("Asia/Jakarta")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-url", default=databases.pg_base_url() or _default_pg())
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    for backend in backends:
        with _database(backend, args.pg_url) as db:
            _bench(backend, db, args.days, args.per_day, args.runs)
    return 0


def _default_pg() -> str:
    return "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def _database(backend: str, pg_url: str) -> Iterator[Database]:
    """A fresh, migrated database; removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            db = databases.migrated(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
            yield db
            db.dispose()
        return
    os.environ[databases.PG_ENV] = pg_url
    with databases.pg_schema_url() as url:
        db = databases.migrated(url)
        yield db
        db.dispose()


def _bench(backend: str, db: Database, days: int, per_day: int, runs: int) -> None:
    load_demo(db)
    began = time.perf_counter()
    total = _fill(db, days, per_day)
    print(f"{backend}: inserted {total} tickets in {time.perf_counter() - began:.1f} s")
    end = START + timedelta(days=days - 1)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        report = build_report(db, START, end)
        times.append(time.perf_counter() - began)
    assert report.total.issued == total
    best, median = min(times), statistics.median(times)
    verdict = "ok" if median < TARGET_S else "TARGET MISSED"
    print(
        f"{backend}: month report ({days} days, {total} tickets): "
        f"best {best:.3f} s, median {median:.3f} s of {runs} (target < {TARGET_S} s) {verdict}"
    )


def _fill(db: Database, days: int, per_day: int) -> int:
    with read(db) as session:
        services = [(s.id, s.code) for s in session.scalars(select(Service))]
        counters = list(session.scalars(select(Counter.id)))
        officers = list(session.scalars(select(Officer.id)))
    rng = random.Random(6)
    tickets: list[dict[str, Any]] = []
    next_id = 1
    for n in range(days):
        day = START + timedelta(days=n)
        numbers: dict[int, int] = {}
        for _ in range(per_day):
            service_id, code = rng.choice(services)
            numbers[service_id] = numbers.get(service_id, 0) + 1
            tickets.append(
                _ticket(
                    rng, next_id, day, service_id, code, numbers[service_id], counters, officers
                )
            )
            next_id += 1
    _insert(db, tickets)
    return len(tickets)


def _ticket(
    rng: random.Random,
    ticket_id: int,
    day: date,
    service_id: int,
    code: str,
    number: int,
    counters: list[int],
    officers: list[int],
) -> dict[str, Any]:
    opens = datetime(day.year, day.month, day.day, 8, tzinfo=ZONE).astimezone(UTC)
    issued = opens + timedelta(seconds=rng.uniform(0, 7 * 3600))
    called = issued + timedelta(seconds=rng.expovariate(1 / 1500))
    finished = called + timedelta(seconds=60 + rng.expovariate(1 / 480))
    roll = rng.random()
    status = "finished" if roll < 0.9 else "no_show" if roll < 0.95 else "expired"
    return {
        "id": ticket_id,
        "business_date": day,
        "series_service_id": service_id,
        "number": number,
        "code": f"{code}{number:03d}",
        "service_id": service_id,
        "status": status,
        "source": "kiosk",
        "issued_at": issued,
        "queued_at": issued,
        "called_at": None if status == "expired" else called,
        "serving_at": called + timedelta(seconds=30) if status == "finished" else None,
        "finished_at": finished if status == "finished" else None,
        "counter_id": None if status == "expired" else rng.choice(counters),
        "officer_id": None if status == "expired" else rng.choice(officers),
        "recall_count": 0,
        "transfer_count": 1 if rng.random() < 0.02 else 0,
    }


def _insert(db: Database, tickets: list[dict[str, Any]]) -> None:
    events = [
        {"at": t["called_at"], "kind": "no_show", "ticket_id": t["id"], "details": {}}
        for t in tickets
        if t["status"] == "no_show"
    ]
    tables = (cast(Table, Ticket.__table__), cast(Table, Event.__table__))
    for rows, table in zip((tickets, events), tables, strict=True):
        for first in range(0, len(rows), BATCH):
            with write(db) as session:
                session.execute(insert(table), rows[first : first + BATCH])


if __name__ == "__main__":
    raise SystemExit(main())
