"""Round trips to PostgreSQL per hot-path operation, counted on the wire.

Run:  python -m benchmarks.round_trips [--pg-url URL]

Each operation (issue, check-in, call next, finish) runs a few times untimed first, so that
psycopg has prepared its statements (it does after five uses) and the process keeps its
lines' medians for the wait estimate, as a kiosk or a counter PC does all day. Then one more
run of each is traced with libpq's protocol trace, and the client's messages that wait for an
answer (a `Sync` closing an extended-protocol exchange, or a simple `Query` such as BEGIN and
COMMIT) are counted: each is one round trip to the server.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event

from benchmarks.queue_bench import PG_ENV, fresh_database
from benchmarks.visit_bench import bench_office, booking_code
from db.ops.setup import apply_config
from db.services.appointments import import_bookings
from db.services.calls import call_next, finish
from db.services.checkin import check_in
from db.services.tickets import issue_ticket
from db.store.engine import Database, open_database

WARM_UP = 6
WAITING_FOR_ANSWER = ("Sync", "Query")


def round_trips(trace: Path, operation: Callable[[], object]) -> int:
    """How many messages that wait for the server's answer `operation` sends."""
    start = trace.stat().st_size
    operation()
    with trace.open() as lines:
        lines.seek(start)
        sent = [line.split("\t") for line in lines if "\tF\t" in line]
    return sum(1 for fields in sent if len(fields) > 3 and fields[3].strip() in WAITING_FOR_ANSWER)


def _bookings(db: Database, count: int) -> None:
    day = datetime.now(ZoneInfo("Asia/Jakarta"))
    rows = ["booking_code,date,session_start,session_end,service"]
    rows += [f"{booking_code(0, 1, i)},{day:%Y-%m-%d},00:00,23:59,A" for i in range(count)]
    import_bookings(db, "\n".join(rows) + "\n")


def measure(url: str, trace: Path) -> dict[str, int]:
    db = open_database(url)
    with trace.open("w") as sink:

        @event.listens_for(db.engine, "connect")
        def _traced(connection: Any, _record: Any) -> None:
            connection.pgconn.trace(sink.fileno())

        try:
            booking = iter(range(WARM_UP + 1))
            operations: dict[str, Callable[[], object]] = {
                "issue": lambda: issue_ticket(db, "A"),
                "check-in": lambda: check_in(db, booking_code(0, 1, next(booking))),
                "call next": lambda: call_next(db, 1),
                "finish": lambda: finish(db, 1),
            }
            for _ in range(WARM_UP):
                for operation in operations.values():
                    operation()
            counts: dict[str, int] = {}
            for name in ("call next", "finish"):
                sink.flush()
                counts[name] = round_trips(trace, operations[name])
            # A finish drops the process's medians (db.views.estimate); a kiosk's process, which
            # finishes nothing, keeps them: read them again before counting the kiosk's paths.
            operations["issue"]()
            for name in ("issue", "check-in"):
                sink.flush()
                counts[name] = round_trips(trace, operations[name])
            return counts
        finally:
            db.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", default=os.environ.get(PG_ENV, ""))
    options = parser.parse_args(argv)
    if not options.pg_url:
        print(f"postgres: skipped ({PG_ENV} is not set)")
        return 0
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database("postgres", options.pg_url, Path(folder)) as (db, url),
    ):
        apply_config(db, bench_office(1))
        _bookings(db, WARM_UP + 1)
        counts = measure(url, Path(folder) / "trace.txt")
    print("round trips to PostgreSQL per operation (statements prepared, medians kept):")
    for name, count in counts.items():
        print(f"  {name:<10} {count:>3}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
