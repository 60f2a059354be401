"""Database faults: a lost answer, a damaged file, a read-only file or folder."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from db.errors import DatabaseCorrupt, DatabaseReadOnly, DatabaseUnavailable, SchemaOutOfDate
from db.ops.setup import apply_config
from db.services import tickets
from db.services.tickets import issue_ticket
from db.store import dberrors, engine, faults
from db.store.models import Ticket
from db.views import queries
from tests.conftest import SMALL_OFFICE
from tests.helpers import databases
from tests.helpers.damage import damage_table, filled_sqlite, immutable


def _count_tickets(db: engine.Database) -> int:
    with engine.read(db) as session:
        return session.scalar(select(func.count()).select_from(Ticket)) or 0


# --- the answer matches what happened -------------------------------------------------------


def test_a_committed_ticket_is_answered_even_if_the_database_is_lost_right_after(
    db: engine.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    issue_ticket(db, "A")
    failed = _lose_reads_after(monkeypatch, commits=1)
    issued = issue_ticket(db, "A", idempotency_key="k-1")
    with pytest.raises(DatabaseUnavailable):
        tickets.find_issued(db, "A002")  # the database is gone for reads by now
    monkeypatch.undo()
    assert len(failed) == 1
    assert (issued.ticket.code, issued.people_ahead, issued.repeated) == ("A002", 1, False)
    assert _count_tickets(db) == 2


def test_a_repeated_key_is_answered_though_the_estimate_cannot_be_read(
    db: engine.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = issue_ticket(db, "B", idempotency_key="k-2")
    failed = _lose_reads_after(monkeypatch, reads=1)
    again = issue_ticket(db, "B", idempotency_key="k-2")
    assert (again.ticket.id, again.repeated, again.people_ahead) == (first.ticket.id, True, 0)
    assert len(failed) == 1  # the estimate's read, after the one that found the key


def _lose_reads_after(
    monkeypatch: pytest.MonkeyPatch, *, commits: int = 0, reads: int = 0
) -> list[int]:
    """Every read of db.services.tickets fails once `commits` writes have committed and
    `reads` reads have run; returns the list that gets an item per failed read."""
    seen = {"commits": 0, "reads": 0}
    failed: list[int] = []
    real_write = tickets.write_connection

    @contextmanager
    def write_then_count(db: engine.Database, **options: Any) -> Iterator[Any]:
        with real_write(db, **options) as connection:
            yield connection
        seen["commits"] += 1

    def guarded(real: Any) -> Any:
        def reader(db: engine.Database) -> Any:
            if seen["commits"] >= commits and seen["reads"] >= reads:
                failed.append(1)
                raise DatabaseUnavailable("lost the database")
            seen["reads"] += 1
            return real(db)

        return reader

    monkeypatch.setattr(tickets, "write_connection", write_then_count)
    monkeypatch.setattr(tickets, "read", guarded(tickets.read))
    monkeypatch.setattr(tickets, "read_each", guarded(tickets.read_each))
    return failed


# --- a damaged SQLite file --------------------------------------------------------------------


@pytest.fixture
def damaged(sqlite_template: Path, tmp_path: Path) -> Iterator[engine.Database]:
    path = filled_sqlite(sqlite_template, tmp_path)
    damage_table(path, "tickets")
    db = engine.open_database(f"sqlite:///{path}")
    yield db
    db.dispose()


def test_reading_a_damaged_table_names_the_damage_and_the_restore(
    damaged: engine.Database,
) -> None:
    # A counter's waiting list reads the tickets' rows (a display's counts now read an index).
    with pytest.raises(DatabaseCorrupt, match=r"is damaged .*walkin restore"):
        queries.waiting_list(damaged, 1)


def test_quick_check_finds_damage_that_a_connection_does_not(damaged: engine.Database) -> None:
    engine.check_connection(damaged)  # connecting alone sees nothing wrong
    assert engine.integrity_problem(damaged) is not None
    with pytest.raises(DatabaseCorrupt, match="walkin restore"):
        engine.require_intact(damaged)


def test_an_intact_file_passes_the_quick_check(db: engine.Database) -> None:
    assert engine.integrity_problem(db) is None
    engine.require_intact(db)


# --- read-only file or folder -----------------------------------------------------------------


def _denied(*denied: Path) -> faults.Access:
    return lambda path, _mode: path not in denied


def test_a_read_only_folder_is_named_with_the_files_sqlite_must_create(tmp_path: Path) -> None:
    problem = faults.access_problem(tmp_path / "q.sqlite3", _denied(tmp_path))
    assert problem is not None
    assert f"the folder {tmp_path} is read-only" in problem
    assert "q.sqlite3-wal" in problem


def test_a_read_only_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    path.write_bytes(b"")
    problem = faults.access_problem(path, _denied(path))
    assert problem is not None
    assert f"the database file {path} is read-only" in problem


def test_a_writable_file_and_folder_have_no_problem(tmp_path: Path) -> None:
    assert faults.access_problem(tmp_path / "q.sqlite3") is None


def test_writing_through_a_read_only_connection_says_read_only(
    sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = filled_sqlite(sqlite_template, tmp_path, tickets_count=1)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    db = engine.open_database(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with pytest.raises(DatabaseReadOnly, match="read-only"):
            issue_ticket(db, "A")
    finally:
        db.dispose()
    # The write lock is the database file's, not a folder named after the URI.
    assert path.with_name(path.name + ".writelock").exists()
    assert list(elsewhere.iterdir()) == []


@pytest.mark.skipif(shutil.which("chattr") is None, reason="chattr (e2fsprogs) is not installed")
def test_a_folder_sqlite_cannot_write_in_is_named_not_unable_to_open(
    sqlite_template: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = filled_sqlite(sqlite_template, folder, tickets_count=1)
    with immutable(folder):
        assert not os.access(folder, os.W_OK)
        db = engine.open_database(f"sqlite:///{path}")
        try:
            with pytest.raises(
                DatabaseReadOnly, match=re.escape(f"the folder {folder} is read-only")
            ):
                engine.check_connection(db)
        finally:
            db.dispose()


def test_a_read_only_file_is_refused_when_connecting_not_at_the_first_write(
    sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = filled_sqlite(sqlite_template, tmp_path, tickets_count=1)
    real = faults.access_problem
    monkeypatch.setattr(faults, "access_problem", lambda p: real(p, _denied(path)))
    db = engine.open_database(f"sqlite:///{path}")
    try:
        with pytest.raises(DatabaseReadOnly, match=re.escape(f"the database file {path}")):
            engine.check_connection(db)
    finally:
        db.dispose()


# --- classified by code, not by text ----------------------------------------------------------


class _DriverError(Exception):
    def __init__(self, text: str, *, sqlstate: str | None = None, code: int | None = None):
        super().__init__(text)
        self.sqlstate = sqlstate
        if code is not None:
            self.sqlite_errorcode = code


@pytest.mark.parametrize(
    ("driver_error", "expected"),
    [
        (_DriverError("relation missing", sqlstate="42P01"), SchemaOutOfDate),
        (_DriverError("could not read block 7", sqlstate="XX001"), DatabaseCorrupt),
        (_DriverError("index is broken", sqlstate="XX002"), DatabaseCorrupt),
        (_DriverError("read-only transaction", sqlstate="25006"), DatabaseReadOnly),
        (_DriverError("terminating connection", sqlstate="57P01"), DatabaseUnavailable),
        (_DriverError("kaputt", code=11), DatabaseCorrupt),  # SQLITE_CORRUPT
        (_DriverError("kaputt", code=26), DatabaseCorrupt),  # SQLITE_NOTADB
        (_DriverError("kaputt", code=8 | (1 << 8)), DatabaseReadOnly),  # SQLITE_READONLY_RECOVERY
    ],
)
def test_errors_are_told_apart_by_their_code(
    driver_error: _DriverError, expected: type[Exception]
) -> None:
    error = sa_exc.OperationalError("SELECT 1", {}, driver_error)
    translated = dberrors.classify(error, "the test database", None)
    assert type(translated) is expected


def test_only_a_lost_link_is_worth_retrying() -> None:
    assert DatabaseUnavailable("lost").transient
    assert not DatabaseCorrupt("damaged").transient
    assert not DatabaseReadOnly("read-only").transient


@pytest.mark.postgres
def test_a_read_only_postgres_session_says_read_only() -> None:
    with databases.pg_schema_url() as raw:
        writable = databases.migrated(raw)
        apply_config(writable, SMALL_OFFICE)
        writable.dispose()
        url = make_url(raw)
        options = f"{url.query['options']} -cdefault_transaction_read_only=on"
        readonly = engine.open_database(
            url.update_query_dict({"options": options}).render_as_string(hide_password=False)
        )
        try:
            with pytest.raises(DatabaseReadOnly, match="read-only"):
                issue_ticket(readonly, "A")
        finally:
            readonly.dispose()
