"""Engine set-up for the two supported databases, and the transaction helpers.

SQLite (the embedded default) runs in WAL mode, and every write transaction starts with
`BEGIN IMMEDIATE`: the pysqlite driver otherwise opens transactions late, which let two kiosks take
the same number. PostgreSQL goes through psycopg 3.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, exc, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from db.errors import DatabaseCorrupt, DatabaseReadOnly, DatabaseUnavailable, DatabaseUrlError
from db.store import dberrors, faults
from db.store.writelock import WriteLock

ENV_VAR = "WALKIN_DB"
SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_CONNECT_TIMEOUT_S = 3
_READONLY = "walkin_readonly"


def default_url() -> str:
    folder = Path(platformdirs.user_data_dir("walkin", appauthor=False))
    return f"sqlite:///{folder / 'walkin.sqlite3'}"


def resolve_url(explicit: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The database URL: `--db`, else `WALKIN_DB`, else a SQLite file in the user's data folder."""
    return explicit or environ.get(ENV_VAR) or default_url()


def parse_url(raw: str) -> URL:
    """Parse and normalise a URL; `postgresql://` and `postgres://` mean psycopg 3."""
    try:
        url = make_url(raw.strip())
    except exc.ArgumentError:
        raise DatabaseUrlError(
            f"invalid database URL {raw!r}: expected sqlite:///PATH or postgresql://HOST/DB"
        ) from None
    backend = url.get_backend_name()
    if backend == "postgres":
        backend = "postgresql"
    if backend == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and url.get_driver_name() in ("pysqlite", ""):
        return url.set(drivername="sqlite")
    raise DatabaseUrlError(
        f"unsupported database URL {describe(url)}: use sqlite:///PATH or postgresql://HOST/DB"
    )


def describe(url: URL | str) -> str:
    """The URL as it may appear in messages: never with its password."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except exc.ArgumentError:
            return repr(url)
    return url.render_as_string(hide_password=True)


@dataclass(frozen=True)
class Database:
    """A configured database: one engine for writes, and a read-only view of it."""

    url: URL
    engine: Engine
    reader: Engine
    write_lock: WriteLock | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def label(self) -> str:
        return describe(self.url)

    @functools.cached_property
    def autocommit_reader(self) -> Engine:
        """See `read_each`."""
        if self.dialect != "postgresql":
            return self.reader
        return self.reader.execution_options(isolation_level="AUTOCOMMIT")

    @functools.cached_property
    def autocommit_writer(self) -> Engine:
        """See `write_connection`."""
        if self.dialect != "postgresql":
            return self.engine
        return self.engine.execution_options(isolation_level="AUTOCOMMIT")

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(raw_url: str, *, pool: bool = True) -> Database:
    """Build engines for a URL (no connection is made yet)."""
    url = parse_url(raw_url)
    lock = None
    if url.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url)
        file = _database_file(url)
        lock = WriteLock(file) if file else None
    else:
        engine = _postgres_engine(url, pool)
    return Database(url, engine, engine.execution_options(**{_READONLY: True}), lock)


def _database_file(url: URL) -> Path | None:
    """The SQLite file a URL names; None for a database in memory."""
    name = url.database
    if name and name.startswith("file:"):  # a URI filename (`?uri=true`): the file is its path
        in_memory = url.query.get("mode") == "memory"
        name = None if in_memory else urlsplit(name).path
    if not name or name == ":memory:":
        return None
    return Path(name).expanduser()


def _sqlite_engine(url: URL) -> Engine:
    file = _database_file(url)
    if file is not None:
        folder = file.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnavailable(
                f"cannot create the folder of the database {describe(url)}: {error.strerror}"
            ) from None
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        for pragma in (
            "journal_mode=WAL",
            f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
            "foreign_keys=ON",
            "synchronous=FULL",
        ):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        readonly = conn.get_execution_options().get(_READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def _postgres_engine(url: URL, pool: bool) -> Engine:
    options: dict[str, Any] = {
        # Keepalives and a user timeout turn a silently dead link (a pulled cable) into an
        # error within seconds, instead of a query that hangs an app for hours.
        "connect_args": {
            "connect_timeout": PG_CONNECT_TIMEOUT_S,
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": 10_000,
        },
    }
    if not pool:
        options["poolclass"] = NullPool
    return create_engine(url, **options)


@contextmanager
def write(db: Database) -> Iterator[Session]:
    """One write transaction: commits when the block ends, rolls back on any error."""
    with (
        db.write_lock.held() if db.write_lock else nullcontext(),
        _translated_errors(db),
        Session(db.engine, expire_on_commit=False) as session,
        session.begin(),
    ):
        yield session


@contextmanager
def write_connection(db: Database, *, one_statement: bool = False) -> Iterator[Connection]:
    """One write transaction on a bare connection, for a hot path's few prebuilt statements:
    no ORM session to set up and flush while the write lock (or a row lock) is held.

    `one_statement`: the block sends a single statement. On PostgreSQL it then runs on its own
    (autocommit), atomic as any statement: no BEGIN and COMMIT round trips, and the row locks it
    takes are held for the statement only, not across a round trip to the client.
    """
    engine = db.autocommit_writer if one_statement else db.engine
    # The pool's checkout and return run outside the write lock: it covers the transaction.
    with (
        _translated_errors(db),
        engine.connect() as connection,
        db.write_lock.held() if db.write_lock else nullcontext(),
        connection.begin(),
    ):
        yield connection


@contextmanager
def read(db: Database) -> Iterator[Session]:
    """One read-only transaction (on SQLite it does not take the write lock). Its rows stay
    readable after it ends: nothing in it changed them."""
    with (
        _translated_errors(db),
        Session(db.reader, expire_on_commit=False) as session,
        session.begin(),
    ):
        yield session


@contextmanager
def read_each(db: Database) -> Iterator[Session]:
    """Reads that need no common snapshot, each seeing the latest commits. On PostgreSQL every
    statement runs on its own, without the BEGIN and COMMIT round trips of a transaction: a
    hot path's reads cost one round trip each. SQLite reads stay in a read transaction."""
    with _translated_errors(db), Session(db.autocommit_reader, expire_on_commit=False) as session:
        yield session


@contextmanager
def _translated_errors(db: Database) -> Iterator[None]:
    try:
        yield
    except exc.DBAPIError as error:
        translated = translate_error(db, error)
        if translated is error:
            raise
        raise translated from error


def translate_error(db: Database, error: exc.DBAPIError) -> Exception:
    """Map a driver error to the user-facing error it means, or return it unchanged."""
    return dberrors.classify(error, db.label, sqlite_file(db))


def sqlite_file(db: Database) -> Path | None:
    """The SQLite database file, or None (PostgreSQL, or an in-memory database)."""
    return _database_file(db.url) if db.dialect == "sqlite" else None


def check_connection(db: Database) -> None:
    """Connect once, so that a wrong URL or a read-only SQLite file (or folder) fails early
    with one clear line, not at the first write."""
    path = sqlite_file(db)
    problem = faults.access_problem(path) if path is not None else None
    if problem is not None:
        raise DatabaseReadOnly(problem)
    try:
        with db.reader.connect() as conn:
            conn.execute(text("SELECT 1"))
    except exc.DBAPIError as error:
        raise translate_error(db, error) from error


def integrity_problem(db: Database) -> str | None:
    """What SQLite's `PRAGMA quick_check` finds wrong with the file (None: nothing; PostgreSQL
    has no such check and always gives None). It reads every page: about a second per few
    hundred MB.

    Raises:
        DatabaseCorrupt when the file cannot even be read as a database.
    """
    if db.dialect != "sqlite":
        return None
    try:
        with db.reader.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA quick_check(5)").scalars().all()
    except exc.DBAPIError as error:
        raise translate_error(db, error) from error
    return None if list(rows) == ["ok"] else faults.check_summary(rows)


def require_intact(db: Database) -> None:
    """Refuse a SQLite file that `quick_check` finds damaged, with the way to restore it."""
    problem = integrity_problem(db)
    if problem is not None:
        raise DatabaseCorrupt(
            f"the database {db.label} is damaged ({problem}): {faults.RESTORE_HINT}"
        )
