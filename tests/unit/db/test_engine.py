"""Engine set-up, URL errors, migrations and the append-only audit log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, exc, text

from db.errors import DatabaseUnavailable, DatabaseUrlError, SchemaOutOfDate
from db.services import calls
from db.services.tickets import issue_ticket
from db.store import engine, schema
from db.store.models import Base


@pytest.mark.parametrize(
    ("raw", "driver"),
    [
        ("sqlite:///x.sqlite3", "sqlite"),
        ("postgresql://u@h/d", "postgresql+psycopg"),
        ("postgres://u@h/d", "postgresql+psycopg"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg"),
    ],
)
def test_urls_are_normalised_to_the_supported_drivers(raw: str, driver: str) -> None:
    assert engine.parse_url(raw).drivername == driver


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("not a url", "invalid database URL 'not a url'"),
        ("mysql://u:secret@h/d", "unsupported database URL mysql://u:***@h/d"),
    ],
)
def test_bad_urls_get_one_clear_line_without_the_password(raw: str, message: str) -> None:
    with pytest.raises(DatabaseUrlError) as raised:
        engine.parse_url(raw)
    assert str(raised.value).startswith(message)
    assert "secret" not in str(raised.value)


def test_url_comes_from_the_flag_then_the_environment_then_the_data_folder() -> None:
    assert engine.resolve_url("sqlite:///a", {"WALKIN_DB": "sqlite:///b"}) == "sqlite:///a"
    assert engine.resolve_url(None, {"WALKIN_DB": "sqlite:///b"}) == "sqlite:///b"
    assert engine.resolve_url(None, {}).endswith("walkin.sqlite3")


def test_unreachable_postgres_is_named_in_one_line() -> None:
    db = engine.open_database("postgresql://postgres:pw@127.0.0.1:1/test")
    with pytest.raises(DatabaseUnavailable, match=r"127\.0\.0\.1:1/test") as raised:
        engine.check_connection(db)
    assert "pw" not in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_sqlite_path_that_cannot_exist_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(DatabaseUnavailable, match="cannot create the folder"):
        engine.open_database(f"sqlite:///{tmp_path}/a-file/q.sqlite3")


def test_a_sqlite_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "junk.sqlite3").write_bytes(b"this is not a database" * 100)
    db = engine.open_database(f"sqlite:///{tmp_path}/junk.sqlite3")
    with pytest.raises(DatabaseUnavailable, match="not a database"):
        engine.check_connection(db)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    db = engine.open_database(f"sqlite:///{tmp_path}/q.sqlite3")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == engine.SQLITE_BUSY_TIMEOUT_MS


def test_an_empty_database_asks_for_walkin_init(empty_db: engine.Database, tmp_path: Path) -> None:
    fresh = engine.open_database(f"sqlite:///{tmp_path}/new.sqlite3")
    with pytest.raises(SchemaOutOfDate, match="walkin init"):
        schema.require_current(fresh)
    schema.require_current(empty_db)


def test_upgrade_is_idempotent(empty_db: engine.Database) -> None:
    head = schema.head_revision()
    assert schema.upgrade(empty_db) == (head, head)


def test_the_head_revision_named_by_the_migration_files_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS))
    assert schema.head_revision() == ScriptDirectory.from_config(config).get_current_head()


def _alembic_revision(db: engine.Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_the_revision_is_read_as_alembic_reads_it(empty_db: engine.Database) -> None:
    head = schema.head_revision()
    assert schema.current_revision(empty_db) == _alembic_revision(empty_db) == head
    with empty_db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert schema.current_revision(empty_db) == _alembic_revision(empty_db) == "0001"
    with pytest.raises(SchemaOutOfDate, match="has schema 0001: run `walkin init`"):
        schema.require_current(empty_db)


def test_migrations_match_the_models(empty_db: engine.Database) -> None:
    with empty_db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []


def test_events_are_append_only(db: engine.Database) -> None:
    issue_ticket(db, "A")
    for statement in ("UPDATE events SET kind = 'x'", "DELETE FROM events"):
        with pytest.raises(exc.DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))


def test_a_write_after_autocommit_reads_is_still_one_transaction(db: engine.Database) -> None:
    """`read_each` and a one-statement write run without a transaction (autocommit on
    PostgreSQL); the pooled connection they used must come back to a write in a transaction,
    all of which a failure rolls back."""
    for _ in range(3):  # every pooled connection has served autocommit statements first
        with engine.read_each(db) as session:
            session.execute(text("SELECT 1")).scalar_one()
        with engine.write_connection(db, one_statement=True) as connection:
            connection.execute(text("UPDATE office_settings SET ticker = 'x' WHERE id = 1"))

    def fail_after_a_write() -> None:
        with engine.write_connection(db) as connection:
            connection.execute(text("UPDATE office_settings SET name = 'changed' WHERE id = 1"))
            raise RuntimeError("fails after its first write")

    with pytest.raises(RuntimeError):
        fail_after_a_write()
    with engine.read(db) as session:
        assert session.execute(text("SELECT name FROM office_settings")).scalar_one() != "changed"


def _writes_of(db: engine.Database, action: Callable[[], object]) -> list[tuple[str, bool]]:
    """The statements `action` sends that are not reads, each with whether it ran inside a
    transaction."""
    writes: list[tuple[str, bool]] = []

    def seen(_conn: object, cursor: Any, statement: str, *_args: object) -> None:
        verb = statement.split()[0].upper()
        if verb in ("SELECT", "BEGIN", "PRAGMA"):
            return
        raw = cursor.connection
        in_transaction = not raw.autocommit if db.dialect == "postgresql" else raw.in_transaction
        writes.append((verb, in_transaction))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    return writes


def test_an_issue_is_one_statement_on_its_own_on_postgresql_and_one_transaction_on_sqlite(
    db: engine.Database,
) -> None:
    """PostgreSQL: the number, the ticket and its event are one statement, run without a
    transaction (no BEGIN and COMMIT round trips; the day's number row is locked for that
    statement only). SQLite: they are written one by one, all in the write transaction."""
    issue_ticket(db, "A")
    writes = _writes_of(db, lambda: issue_ticket(db, "A"))
    if db.dialect == "postgresql":
        assert writes == [("WITH", False)]
    else:
        assert len(writes) >= 3
        assert all(in_transaction for _verb, in_transaction in writes)


def test_a_call_and_a_finish_write_in_one_statement_each_on_postgresql(
    db: engine.Database,
) -> None:
    """PostgreSQL: a call's writes are one statement in the transaction that locked the lines'
    heads; a finish's (guarded ticket change, step row, event) one statement on its own.
    SQLite: each writes its rows one by one in one write transaction."""
    issue_ticket(db, "A")
    call = _writes_of(db, lambda: calls.call_next(db, 1))
    done = _writes_of(db, lambda: calls.finish(db, 1))
    if db.dialect == "postgresql":
        assert (call, done) == ([("WITH", True)], [("WITH", False)])
    else:
        for writes in (call, done):
            assert len(writes) >= 3
            assert all(in_transaction for _verb, in_transaction in writes)
