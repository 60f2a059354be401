"""Change notifications for the apps: one API over PostgreSQL LISTEN/NOTIFY and SQLite polling.

Every state change writes an event row; listeners report those events as `Change` values.
- PostgreSQL: the NOTIFY sent in the writing transaction arrives when it commits; `fileno()` lets a
  GUI wait on the socket without a thread.
- SQLite has no push: `PRAGMA data_version` (a read of a counter in memory) tells whether another
  connection committed, and only then are the new event rows read. Writes are serialised by
  `BEGIN IMMEDIATE`, so event ids become visible in order and none is skipped.
"""

from __future__ import annotations

import json
import select
import sqlite3
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from db.errors import DatabaseUnavailable
from db.store import dberrors
from db.store.engine import Database, sqlite_file
from db.store.events import CHANNEL_PREFIX

_NEW_EVENTS = """
SELECT e.id, e.kind, t.code, c.number, s.code
FROM events e
LEFT JOIN tickets t ON t.id = e.ticket_id
LEFT JOIN counters c ON c.id = e.counter_id
LEFT JOIN services s ON s.id = t.service_id
WHERE e.id > ? ORDER BY e.id LIMIT 1000
"""


_LOST = "lost the database"
UNKNOWN_KIND = "unknown"  # a notification whose payload could not be read
LINK_CHECK_S = 5.0
# Keepalives make the kernel notice a dead link within about half a minute, not hours.
_LINK_OPTIONS: dict[str, Any] = {
    "connect_timeout": 3,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}


@dataclass(frozen=True)
class Change:
    """One committed change: the event id and kind, and what it was about."""

    event_id: int
    kind: str
    ticket: str | None = None
    counter: int | None = None
    service: str | None = None


class ChangeListener(ABC):
    """Reports committed changes. `poll()` never blocks; `wait()` blocks up to a timeout."""

    @abstractmethod
    def fileno(self) -> int | None:
        """A socket that becomes readable on a change, or None when the caller must poll."""

    @abstractmethod
    def poll(self) -> list[Change]:
        """Changes committed since the last call; raises DatabaseUnavailable on a lost link."""

    @abstractmethod
    def close(self) -> None: ...

    def wait(self, timeout: float) -> list[Change]:
        deadline = time.monotonic() + timeout
        while True:
            changes = self.poll()
            remaining = deadline - time.monotonic()
            if changes or remaining <= 0:
                return changes
            self._sleep(min(remaining, 0.02))

    def _sleep(self, seconds: float) -> None:
        fd = self.fileno()
        if fd is None:
            time.sleep(seconds)
        else:
            select.select([fd], [], [], seconds)


def listen(db: Database) -> ChangeListener:
    """Start listening; raises DatabaseUnavailable when the database cannot be reached."""
    if db.dialect == "sqlite":
        return SqliteListener(db)
    return PostgresListener(db)


class SqliteListener(ChangeListener):
    def __init__(self, db: Database) -> None:
        self._label = db.label
        self._file = sqlite_file(db)
        # mode=rw: watching must never create an empty database file at a mistyped path.
        uri = Path(db.url.database or "").absolute().as_uri() + "?mode=rw"
        try:
            self._conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=0.5)
        except sqlite3.Error as error:
            raise self._failed(error, "cannot open the database") from None
        try:
            self._version = self._data_version()
            row = self._conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()
        except sqlite3.Error as error:
            self._conn.close()
            raise self._failed(error, "cannot watch the database") from None
        self._last_id: int = row[0]

    def fileno(self) -> int | None:
        return None

    def poll(self) -> list[Change]:
        try:
            version = self._data_version()
            if version == self._version:
                return []
            self._version = version
            rows = self._conn.execute(_NEW_EVENTS, (self._last_id,)).fetchall()
        except sqlite3.Error as error:
            raise _lost(
                dberrors.classify_driver(error, self._label, self._file, doing=_LOST)
            ) from None
        if rows:
            self._last_id = rows[-1][0]
            if len(rows) == 1000:
                self._version = -1  # more to read: make the next poll read again
        return [Change(*row) for row in rows]

    def close(self) -> None:
        self._conn.close()

    def _failed(self, error: sqlite3.Error, doing: str) -> Exception:
        return dberrors.classify_driver(error, self._label, self._file, doing=doing)

    def _data_version(self) -> int:
        value: int = self._conn.execute("PRAGMA data_version").fetchone()[0]
        return value


class PostgresListener(ChangeListener):
    def __init__(self, db: Database) -> None:
        self._label = db.label
        conninfo = db.url.set(drivername="postgresql").render_as_string(hide_password=False)
        try:
            self._conn = psycopg.connect(conninfo, autocommit=True, **_LINK_OPTIONS)
        except psycopg.Error as error:
            raise self._failed(error) from None
        try:
            schema = self._conn.execute("SELECT current_schema()").fetchone()
            channel = CHANNEL_PREFIX + (schema[0] if schema else "public")
            self._conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        except psycopg.Error as error:
            self._conn.close()
            raise self._failed(error) from None
        self._checked = time.monotonic()

    def fileno(self) -> int | None:
        return self._conn.fileno()

    def poll(self) -> list[Change]:
        try:
            if self._conn.closed or self._conn.broken:
                raise psycopg.OperationalError("the connection is closed")
            notices = list(self._conn.notifies(timeout=0))
            self._check_link()
        except psycopg.Error as error:
            raise _lost(self._failed(error, _LOST)) from None
        return [_parse(n.payload) for n in notices]

    def _check_link(self) -> None:
        # A link that died silently (a pulled cable) sends no reset: ask the server now and then.
        if time.monotonic() - self._checked >= LINK_CHECK_S:
            self._conn.execute("SELECT 1")
            self._checked = time.monotonic()

    def close(self) -> None:
        self._conn.close()

    def _failed(self, error: psycopg.Error, doing: str = "cannot watch the database") -> Exception:
        return dberrors.classify_driver(error, self._label, None, doing=doing)


def _lost(error: Exception) -> DatabaseUnavailable:
    """A failure while watching, as the DatabaseUnavailable that `poll` promises: a schema that
    vanished under a running app (a restore of an old backup) is a lost database to it."""
    return error if isinstance(error, DatabaseUnavailable) else DatabaseUnavailable(str(error))


def _parse(payload: str) -> Change:
    """A notification's payload. Any role may NOTIFY the channel with anything, so a payload is
    only a hint that something changed: one that cannot be read becomes a bare "unknown" change
    (listeners re-read the database) instead of an error that would stop them."""
    try:
        data: dict[str, Any] = json.loads(payload)
        return Change(
            int(data["id"]),
            str(data["kind"]),
            _text(data.get("ticket")),
            _number(data.get("counter")),
            _text(data.get("service")),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return Change(0, UNKNOWN_KIND)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
