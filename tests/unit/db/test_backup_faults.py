"""`walkin backup`: the count it reports is what the backup holds; a damaged file is refused."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from db.ops import backup
from db.services.tickets import issue_ticket
from db.store.engine import Database
from tests.helpers.damage import damage_table, filled_sqlite


def _tickets_in(db: Database, path: Path) -> int:
    if db.dialect == "sqlite":
        with closing(sqlite3.connect(path)) as conn:
            return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
    return backup._dump_tickets(path, backup.url_schema(db.url) or "public")


def test_the_reported_count_is_the_count_in_the_backup(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.dialect == "postgresql" and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not on PATH: install Debian package postgresql-client-15")
    issue_ticket(db, "A")
    name = "_sqlite_backup" if db.dialect == "sqlite" else "_pg_dump"
    copy = getattr(backup, name)

    def busy_kiosk(*args: Any) -> None:
        issue_ticket(db, "B")  # a kiosk issues while the backup starts
        copy(*args)

    monkeypatch.setattr(backup, name, busy_kiosk)
    done = backup.backup(db, tmp_path / "office.backup")
    assert done.tickets == _tickets_in(db, done.path) == 2


def test_a_damaged_database_keeps_the_last_good_backup(
    sqlite_template: Path, tmp_path: Path
) -> None:
    from db.store.engine import open_database

    path = filled_sqlite(sqlite_template, tmp_path)
    db = open_database(f"sqlite:///{path}")
    dest = tmp_path / "nightly.backup"
    try:
        good = backup.backup(db, dest)
        db.dispose()
        damage_table(path, "events")
        with pytest.raises(backup.BackupError, match=r"is damaged.*left as it was"):
            backup.backup(db, dest)
    finally:
        db.dispose()
    assert _tickets_in(db, dest) == good.tickets
    assert not dest.with_name(dest.name + ".partial").exists()
