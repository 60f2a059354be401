"""Change notifications reach listeners on both backends, from this or another process."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db.errors import DatabaseUnavailable, SchemaOutOfDate
from db.ops import notify
from db.services import calls
from db.services.tickets import issue_ticket
from db.store import engine

ROOT = Path(__file__).resolve().parents[3]


def test_a_listener_sees_each_change_once_in_order(db: engine.Database) -> None:
    listener = notify.listen(db)
    try:
        assert listener.poll() == []
        issue_ticket(db, "A")
        calls.call_next(db, 1)
        changes = listener.wait(5)
        while len(changes) < 2:
            changes += listener.wait(5)
        assert [(c.kind, c.ticket, c.counter) for c in changes] == [
            ("issued", "A001", None),
            ("called", "A001", 1),
        ]
        assert listener.poll() == []
    finally:
        listener.close()


def test_a_change_made_by_another_process_arrives(db: engine.Database, db_url: str) -> None:
    listener = notify.listen(db)
    try:
        code = (
            "from db.store.engine import open_database; "
            "from db.services.tickets import issue_ticket; "
            f"issue_ticket(open_database({db_url!r}), 'B')"
        )
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)
        changes = listener.wait(5)
        assert [(c.kind, c.ticket, c.service) for c in changes] == [("issued", "B001", "B")]
    finally:
        listener.close()


def test_watching_a_missing_sqlite_file_fails_without_creating_it(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite3"
    with pytest.raises(DatabaseUnavailable, match="cannot open"):
        notify.listen(engine.open_database(f"sqlite:///{missing}"))
    assert not missing.exists()


def test_watching_a_database_without_schema_asks_for_init(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).close()
    with pytest.raises(SchemaOutOfDate, match="walkin init"):
        notify.listen(engine.open_database(f"sqlite:///{path}"))
