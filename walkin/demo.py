"""`walkin demo`: the demo office on a SQLite file of its own, shown working.

The kiosk, counter app and display board are not built yet; until they are, the demo sets up the
demo office, runs a short morning through the service layer, and prints what each screen would
show.
"""

from __future__ import annotations

import platformdirs

from db import calls, counters, queries, schema
from db.engine import Database, check_connection, open_database
from db.errors import NobodyWaiting
from db.setup import load_demo
from db.tickets import issue_ticket
from walkin import output

ARRIVALS = [
    ("A", None),
    ("B", None),
    ("A", "lansia"),
    ("C", None),
    ("D", None),
    ("A", None),
    ("E", None),
    ("B", "ibu_hamil"),
    ("A", None),
    ("B", None),
]


def demo_url() -> str:
    folder = platformdirs.user_data_dir("walkin", appauthor=False)
    return f"sqlite:///{folder}/demo.sqlite3"


def run_demo(explicit_url: str | None) -> int:
    db = open_database(explicit_url or demo_url())
    try:
        return _show(db)
    finally:
        db.dispose()


def _show(db: Database) -> int:
    check_connection(db)
    schema.upgrade(db)
    load_demo(db)
    print(f"Demo office ready in {db.label} (officers' demo PIN: 1234).\n")
    _morning(db)
    print("\nThe kiosk, counter app and display board are not built yet; this is what the")
    print("shared database holds now (`walkin --db URL status` shows it any time):\n")
    print("\n".join(output.status_lines(queries.service_statuses(db), counters.list_counters(db))))
    return 0


def _morning(db: Database) -> None:
    for code, priority in ARRIVALS:
        issued = issue_ticket(db, code, priority=priority, device="demo")
        print(f"kiosk    issued   {output.issued_line(issued)}")
    for counter in counters.list_counters(db):
        if counter.current is not None:
            calls.finish(db, counter.number, device="demo")
        try:
            ticket = calls.call_next(db, counter.number, device="demo")
        except NobodyWaiting:
            continue
        print(f"counter  called   {ticket.code} to {counter.name}")
