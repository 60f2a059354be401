"""Database errors told apart by their code, each fault produced for real on its backend."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import exc, text
from sqlalchemy.engine import make_url

from db.errors import DatabaseCorrupt, DatabaseUnavailable, SchemaOutOfDate
from db.ops import notify
from db.ops.setup import apply_config
from db.services.tickets import issue_ticket
from db.store import dberrors, engine
from db.store.dberrors import Fault
from tests.conftest import BACKENDS, SMALL_OFFICE
from tests.helpers import databases
from tests.helpers.damage import damage_table, filled_sqlite

CLOSED_PORT_URL = "postgresql://postgres@127.0.0.1:1/test"


def _with_options(url: str, *options: str) -> str:
    parsed = make_url(url)
    joined = " ".join([parsed.query.get("options", ""), *options]).strip()  # type: ignore[list-item]
    return parsed.update_query_dict({"options": joined}).render_as_string(hide_password=False)


@contextmanager
def _sqlite_writer_elsewhere(path: Path) -> Iterator[None]:
    """Another program's write transaction on the file, held until the block ends."""
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")


@contextmanager
def _pg_table_locked(url: str, table: str) -> Iterator[None]:
    blocker = engine.open_database(url)
    try:
        with blocker.engine.begin() as conn:
            conn.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
            yield
    finally:
        blocker.dispose()


@pytest.fixture
def sqlite_office(sqlite_template: Path, tmp_path: Path) -> Iterator[engine.Database]:
    db = engine.open_database(databases.sqlite_url(sqlite_template, tmp_path))
    apply_config(db, SMALL_OFFICE)
    yield db
    db.dispose()


@pytest.fixture
def pg_office() -> Iterator[engine.Database]:
    with databases.pg_schema_url() as url:
        db = databases.migrated(url)
        apply_config(db, SMALL_OFFICE)
        yield db
        db.dispose()


# --- busy: another connection holds a lock ----------------------------------------------------


def test_a_sqlite_file_locked_by_another_program_is_busy(
    sqlite_office: engine.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "SQLITE_BUSY_TIMEOUT_MS", 0)
    impatient = engine.open_database(sqlite_office.url.render_as_string())
    path = engine.sqlite_file(sqlite_office)
    assert path is not None
    try:
        with _sqlite_writer_elsewhere(path), pytest.raises(DatabaseUnavailable) as raised:
            issue_ticket(impatient, "A")
    finally:
        impatient.dispose()
    assert "is busy: another program holds a lock (database is locked)" in str(raised.value)
    assert raised.value.transient
    assert dberrors.fault_of(raised.value.__cause__.orig) is Fault.BUSY  # type: ignore[union-attr]


@pytest.mark.postgres
def test_a_postgres_table_locked_past_the_lock_timeout_is_busy(
    pg_office: engine.Database,
) -> None:
    url = pg_office.url.render_as_string(hide_password=False)
    impatient = engine.open_database(_with_options(url, "-clock_timeout=200"))
    try:
        with _pg_table_locked(url, "services"), pytest.raises(DatabaseUnavailable, match="busy"):
            issue_ticket(impatient, "A")
    finally:
        impatient.dispose()


# --- conflict: PostgreSQL cancelled a transaction that crossed another ----------------------


@pytest.mark.postgres
def test_a_serialization_failure_is_a_conflict_worth_retrying(pg_office: engine.Database) -> None:
    db = pg_office
    repeatable = db.engine.execution_options(isolation_level="REPEATABLE READ")
    update = text("UPDATE services SET name_en = :name WHERE code = 'A'")
    with repeatable.connect() as mine, mine.begin():
        mine.execute(text("SELECT name_en FROM services WHERE code = 'A'"))  # takes the snapshot
        with db.engine.begin() as other:
            other.execute(update, {"name": "changed meanwhile"})
        with pytest.raises(exc.OperationalError) as raised:
            mine.execute(update, {"name": "mine"})
    assert dberrors.fault_of(raised.value.orig) is Fault.CONFLICT
    translated = engine.translate_error(db, raised.value)
    assert isinstance(translated, DatabaseUnavailable)
    assert translated.transient
    assert "cancelled a change that crossed another (could not serialize access" in str(translated)


# --- unreachable ------------------------------------------------------------------------------


def test_a_refused_postgres_connection_is_unreachable() -> None:
    with pytest.raises(psycopg.OperationalError) as raised:
        psycopg.connect(CLOSED_PORT_URL, connect_timeout=3)
    assert raised.value.sqlstate is None
    assert dberrors.fault_of(raised.value) is Fault.UNREACHABLE


def test_watching_a_refused_postgres_says_what_it_could_not_do() -> None:
    with pytest.raises(DatabaseUnavailable, match=r"^cannot watch the database postgresql"):
        notify.listen(engine.open_database(CLOSED_PORT_URL))


# --- no schema --------------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def unmigrated(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[engine.Database]:
    """A reachable database without the queue tables, on each backend."""
    if request.param == "sqlite":
        sqlite3.connect(tmp_path / "empty.sqlite3").close()
        db = engine.open_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
        yield db
        db.dispose()
        return
    with databases.pg_schema_url() as url:
        db = engine.open_database(url)
        yield db
        db.dispose()


def test_a_database_without_tables_asks_for_init_when_read(
    unmigrated: engine.Database,
) -> None:
    with pytest.raises(exc.DBAPIError) as raised, unmigrated.engine.connect() as conn:
        conn.execute(text("SELECT id FROM events"))
    assert dberrors.fault_of(raised.value.orig) is Fault.SCHEMA_MISSING
    assert isinstance(engine.translate_error(unmigrated, raised.value), SchemaOutOfDate)


def test_another_sql_mistake_on_sqlite_is_not_a_missing_schema(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "q.sqlite3")) as conn:
        conn.execute("CREATE TABLE t (a)")
        with pytest.raises(sqlite3.OperationalError) as raised:
            conn.execute("SELECT b FROM t")
    assert raised.value.sqlite_errorcode == dberrors.SQLITE_ERROR
    assert dberrors.fault_of(raised.value) is None


# --- a damaged file ---------------------------------------------------------------------------


def test_watching_a_damaged_file_names_the_damage(sqlite_template: Path, tmp_path: Path) -> None:
    path = filled_sqlite(sqlite_template, tmp_path, tickets_count=50)
    damage_table(path, "events")
    with pytest.raises(DatabaseCorrupt, match="walkin restore"):
        notify.listen(engine.open_database(f"sqlite:///{path}"))


# --- codes that are hard to produce on demand -------------------------------------------------


class _DriverError(Exception):
    def __init__(self, *, sqlstate: str | None = None, code: int | None = None) -> None:
        super().__init__("a message that says nothing")
        if sqlstate is not None:
            self.sqlstate = sqlstate
        if code is not None:
            self.sqlite_errorcode = code


@pytest.mark.parametrize(
    ("driver_error", "fault"),
    [
        (_DriverError(sqlstate="40P01"), Fault.CONFLICT),  # deadlock_detected
        (_DriverError(sqlstate="57P01"), Fault.UNREACHABLE),  # the server is shutting down
        (_DriverError(sqlstate="08006"), Fault.UNREACHABLE),  # connection_failure
        (_DriverError(sqlstate="23505"), None),  # unique_violation: the caller's business
        (_DriverError(code=6), Fault.BUSY),  # SQLITE_LOCKED (a shared-cache table lock)
        (_DriverError(code=5 | (2 << 8)), Fault.BUSY),  # SQLITE_BUSY_SNAPSHOT
        (_DriverError(code=8 | (1 << 8)), Fault.READ_ONLY),  # SQLITE_READONLY_RECOVERY
        (_DriverError(), None),  # neither code: not a driver error we know
    ],
)
def test_faults_are_told_by_code_not_by_message(
    driver_error: _DriverError, fault: Fault | None
) -> None:
    assert dberrors.fault_of(driver_error) is fault
