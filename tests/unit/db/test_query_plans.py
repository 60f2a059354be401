"""The counts an issue and a display make read the open-ticket index, not the day's tickets;
a call finds its priority head in the index of waiting priority tickets.

Both are partial indexes: a planner uses one only when the query's WHERE clause
names its predicate literally (SQLite never matches a bound `IN` list, nor does PostgreSQL once
a statement is prepared). Nothing else would notice if a change to a query lost that, only an
issue or a call that slows down as the day's tickets pile up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text

from db.services import calls
from db.services.tickets import issue_ticket
from db.store.engine import Database
from db.store.lifecycle import OPEN
from db.store.models import TicketStatus
from db.views import queries

OPEN_INDEX = "ix_tickets_open"
PRIORITY_INDEX = "ix_tickets_waiting_priority"


@contextmanager
def statements(db: Database) -> Iterator[list[tuple[str, Any]]]:
    """The statements (with their parameters) sent to the database inside the block."""
    seen: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    # The readers are the engine with other options: they share its events.
    event.listen(db.engine, "before_cursor_execute", grab)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", grab)


def plan(db: Database, statement: str, parameters: Any) -> str:
    """The plan the database chooses for the statement, as one text."""
    with db.engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        cursor = driver.cursor()
        if db.dialect == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return "\n".join(str(row[3]) for row in cursor.fetchall())
        # A test database is small enough for a sequential scan to win on cost: discourage it,
        # to learn whether the index can be used at all.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f"EXPLAIN {statement}", parameters)
        found = "\n".join(str(row[0]) for row in cursor.fetchall())
        connection.rollback()
        return found


def ticket_scans(db: Database, found: str) -> list[str]:
    """The plan's lines that read the tickets table."""
    lines = found.splitlines()
    if db.dialect == "sqlite":
        return [line for line in lines if " tickets " in f"{line} "]
    return [line for line in lines if " on tickets" in line]


def test_an_issue_counts_the_office_and_its_line_from_the_open_ticket_index(db: Database) -> None:
    for _ in range(3):
        issue_ticket(db, "A")
    with statements(db) as sent:
        issue_ticket(db, "A")
    counts = [(s, p) for s, p in sent if "count(" in s.lower() and "UNION ALL" in s]
    assert len(counts) == 1, [s[:80] for s, _ in sent]
    scans = ticket_scans(db, plan(db, *counts[0]))
    assert len(scans) == 2, scans  # the office's open tickets, and the line's waiting ones
    for scan in scans:
        assert OPEN_INDEX in scan, scans
    if db.dialect == "sqlite":  # read from the index alone, not from the table's rows
        assert all("COVERING INDEX" in scan for scan in scans), scans


def test_a_call_finds_the_priority_head_without_going_through_the_line(db: Database) -> None:
    for _ in range(3):
        issue_ticket(db, "A")
    issue_ticket(db, "A", priority="lansia")
    with statements(db) as sent:
        calls.call_next(db, 1)
    heads = [(s, p) for s, p in sent if "priority IS NOT NULL" in s and "LIMIT" in s]
    assert len(heads) == 1, [s[:80] for s, _ in sent]
    scans = ticket_scans(db, plan(db, *heads[0]))
    # A priority head and a normal one for each of the counter's two services (A and B).
    assert len(scans) == 4, scans
    assert sum(PRIORITY_INDEX in scan for scan in scans) == 2, scans


def test_a_display_counts_the_waiting_tickets_from_the_open_ticket_index(db: Database) -> None:
    for code in "AAB":
        issue_ticket(db, code)
    with statements(db) as sent:
        queries.display_snapshot(db)
    counts = [(s, p) for s, p in sent if "count(" in s.lower() and "tickets" in s]
    assert len(counts) == 1, [s[:80] for s, _ in sent]
    scans = ticket_scans(db, plan(db, *counts[0]))
    assert len(scans) == 1, scans
    assert OPEN_INDEX in scans[0], scans


def test_the_index_holds_the_tickets_the_lifecycle_calls_open(db: Database) -> None:
    with db.engine.connect() as connection:
        if db.dialect == "sqlite":
            found = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = :name"), {"name": OPEN_INDEX}
            ).scalar_one()
        else:
            found = connection.execute(
                text(
                    "SELECT indexdef FROM pg_indexes"
                    " WHERE indexname = :name AND schemaname = current_schema()"
                ),
                {"name": OPEN_INDEX},
            ).scalar_one()
    assert {status for status in TicketStatus if f"'{status}'" in found} == OPEN, found
