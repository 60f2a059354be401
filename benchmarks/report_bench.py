"""Report benchmark: the month report over 2,000 visits a day of two steps each, per backend.

Run:  python -m benchmarks.report_bench [--backend sqlite|postgres|both] [--pg-url URL]
                                        [--days N] [--per-day N] [--runs N]

Each backend gets a fresh database (a SQLite file in a temporary folder; a new PostgreSQL schema
at $WALKIN_TEST_PG_URL or --pg-url, dropped afterwards) holding the demo office and N days of
bulk-inserted visits (Core inserts in batches): each ticket with two `ticket_steps` rows (step 1
then step 2, the second queued when the first ended), a no-show event per no-show, and one visit
in ten an appointment with its booking row (plus a booking in fifty never checked in). It then
times `build_report` (every section, per-step ones included) over the whole period and prints
the best and median seconds (target < 2 s).
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
from datetime import time as clock
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, insert, select

from db.ops.setup import load_demo
from db.store.engine import Database, read, write
from db.store.models import Appointment, Counter, Event, Officer, Service, Ticket, TicketStep
from db.views.reports import build_report
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
    print(f"{backend}: inserted {total} visits in {time.perf_counter() - began:.1f} s")
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
        f"{backend}: month report ({days} days, {total} visits of two steps): "
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
    first = issued + timedelta(seconds=rng.expovariate(1 / 900))
    between = first + timedelta(seconds=60 + rng.expovariate(1 / 300))
    called = between + timedelta(seconds=rng.expovariate(1 / 600))
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
        "kind": "appointment" if rng.random() < 0.1 else "walk_in",
        "issued_at": issued,
        "queued_at": issued,
        "called_at": None if status == "expired" else called,
        "serving_at": called + timedelta(seconds=30) if status == "finished" else None,
        "finished_at": finished if status == "finished" else None,
        "counter_id": None if status == "expired" else rng.choice(counters),
        "officer_id": None if status == "expired" else rng.choice(officers),
        "recall_count": 0,
        "transfer_count": 1 if rng.random() < 0.02 else 0,
        "step": 2,
        "token": f"t{ticket_id:031d}",
        "outcome": "selesai" if status == "finished" else None,
        # Not columns: the first step's call and end.
        "_first": first,
        "_between": between,
    }


def _steps(ticket: dict[str, Any]) -> list[dict[str, Any]]:
    """The ticket's two step rows: step 1 finished; step 2 as the ticket ended (none: expired)."""
    common = {
        "ticket_id": ticket["id"],
        "business_date": ticket["business_date"],
        "service_id": ticket["service_id"],
        "counter_id": ticket["counter_id"] or 1,
        "officer_id": ticket["officer_id"],
        "recalls": 0,
    }
    first = {
        **common,
        "step": 1,
        "queued_at": ticket["issued_at"],
        "called_at": ticket["_first"],
        "serving_at": ticket["_first"] + timedelta(seconds=20),
        "ended_at": ticket["_between"],
        "ended": "finished",
        "outcome": "selesai",
    }
    if ticket["status"] == "expired":
        return [first]
    second = {
        **common,
        "step": 2,
        "queued_at": ticket["_between"],
        "called_at": ticket["called_at"],
        "serving_at": ticket["serving_at"],
        "ended_at": ticket["finished_at"] or ticket["called_at"] + timedelta(minutes=3),
        "ended": ticket["status"],
        "outcome": ticket["outcome"],
    }
    return [first, second]


def _appointments(tickets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A booking row for each appointment ticket, and one never checked in per fifty visits."""
    rows = []
    for n, t in enumerate(tickets):
        common = {
            "business_date": t["business_date"],
            "service_id": t["service_id"],
            "session_start": clock(9),
            "session_end": clock(10),
            "trusted": False,
        }
        if t["kind"] == "appointment":
            punctuality = ("on_time", "early", "late")[n % 3]
            checked = {"checked_in_at": t["issued_at"], "punctuality": punctuality}
            rows.append({**common, **checked, "ticket_id": t["id"], "released_at": None})
        if n % 50 == 0:
            released = t["issued_at"] if n % 100 == 0 else None
            never = {"checked_in_at": None, "punctuality": None, "ticket_id": None}
            rows.append({**common, **never, "released_at": released})
    for n, row in enumerate(rows):
        row["booking_code"] = f"BK{n:08d}"
    return rows


def _insert(db: Database, tickets: list[dict[str, Any]]) -> None:
    events = [
        {"at": t["called_at"], "kind": "no_show", "ticket_id": t["id"], "details": {}}
        for t in tickets
        if t["status"] == "no_show"
    ]
    steps = [row for t in tickets for row in _steps(t)]
    bookings = _appointments(tickets)
    rows = [{k: v for k, v in t.items() if not k.startswith("_")} for t in tickets]
    tables = (Ticket, TicketStep, Event, Appointment)
    for batch, model in zip((rows, steps, events, bookings), tables, strict=True):
        table = cast(Table, model.__table__)
        for first in range(0, len(batch), BATCH):
            with write(db) as session:
                session.execute(insert(table), batch[first : first + BATCH])


if __name__ == "__main__":
    raise SystemExit(main())
