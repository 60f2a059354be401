"""What a driver error means for the person at the PC, told by its code rather than its text.

PostgreSQL errors carry a SQLSTATE and SQLite errors (Python 3.11+) an extended result code;
both are stable across versions and locales, unlike the message text. The one exception is
SQLite's "no such table", which shares the generic SQLITE_ERROR code with every SQL mistake.
"""

from __future__ import annotations

import getpass
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from sqlalchemy import exc

from db.errors import DatabaseCorrupt, DatabaseReadOnly, DatabaseUnavailable, SchemaOutOfDate

# SQLite primary result codes (the low byte of the extended code).
SQLITE_PERM = 3
SQLITE_READONLY = 8
SQLITE_CORRUPT = 11
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
_SQLITE_CORRUPT_CODES = {SQLITE_CORRUPT, SQLITE_NOTADB}
_SQLITE_ACCESS_CODES = {SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN}

# PostgreSQL SQLSTATEs.
PG_UNDEFINED_TABLE = "42P01"
PG_READ_ONLY_TRANSACTION = "25006"
PG_CORRUPT_STATES = {"XX001", "XX002"}  # data_corrupted, index_corrupted

RESTORE_HINT = (
    "stop the apps, then restore the last backup: `walkin restore BACKUP --force` "
    "(docs/deployment.md, Backups)"
)

Access = Callable[[Path, int], bool]


def sqlite_code(error: exc.DBAPIError) -> int | None:
    """SQLite's primary result code of the error, or None (another driver, or no code)."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def sqlstate(error: exc.DBAPIError) -> str | None:
    state = getattr(error.orig, "sqlstate", None)
    return state if isinstance(state, str) else None


def first_line(error: exc.DBAPIError) -> str:
    text = str(error.orig) if error.orig is not None else str(error)
    lines = text.strip().splitlines()
    return lines[0] if lines else type(error.orig).__name__


def check_summary(rows: Sequence[object], limit: int = 160) -> str:
    """SQLite's integrity check answer as one short line (its rows may hold newlines)."""
    parts = [part.strip() for row in rows for part in str(row).splitlines()]
    text = "; ".join(part for part in parts if part and not part.startswith("***"))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def classify(error: exc.DBAPIError, label: str, sqlite_file: Path | None) -> Exception:
    """The user-facing error a driver error means, or the error itself (a bug, a constraint)."""
    message = first_line(error)
    code, state = sqlite_code(error), sqlstate(error)
    if state == PG_UNDEFINED_TABLE or (code is not None and "no such table" in message):
        return SchemaOutOfDate(f"the database {label} has no queue tables: run `walkin init`")
    if code in _SQLITE_CORRUPT_CODES or state in PG_CORRUPT_STATES:
        return DatabaseCorrupt(f"the database {label} is damaged ({message}): {RESTORE_HINT}")
    if code in _SQLITE_ACCESS_CODES and sqlite_file is not None:
        problem = access_problem(sqlite_file)
        if problem is not None:
            return DatabaseReadOnly(problem)
    if code == SQLITE_READONLY or state == PG_READ_ONLY_TRANSACTION:
        return DatabaseReadOnly(f"the database {label} is read-only: {message}")
    if isinstance(error, exc.ProgrammingError | exc.IntegrityError | exc.DataError):
        return error
    return DatabaseUnavailable(f"cannot use the database {label}: {message}")


def access_problem(path: Path, access: Access | None = None) -> str | None:
    """What keeps this user from writing the SQLite file `path`, with the fix; None if nothing.

    WAL mode needs to write the file and to create `-wal` and `-shm` beside it, so the folder
    must be writable too. `os.access` asks the kernel with the real user's rights: for root it
    only fails where root cannot write either (a read-only mount, `chattr +i`), which is the
    truth for root.
    """
    allowed: Access = access or (lambda p, mode: os.access(p, mode))
    user = _user()
    folder = path.parent
    if not allowed(folder, os.W_OK | os.X_OK):
        return (
            f"the folder {folder} is read-only for user {user}; SQLite must create "
            f"{path.name}-wal and {path.name}-shm there: make the folder writable for {user} "
            f"(chown/chmod, or a disk mounted read-write)"
        )
    for companion in (path, _beside(path, "-wal"), _beside(path, "-shm")):
        if companion.exists() and not allowed(companion, os.R_OK | os.W_OK):
            return (
                f"the database file {companion} is read-only for user {user}: make it "
                f"writable for {user} (chown/chmod)"
            )
    return None


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return f"uid {os.getuid()}"


# --- retrying a lost answer -------------------------------------------------------------------

RETRY_DELAYS_S = (0.5, 1.0, 2.0, 4.0)

_T = TypeVar("_T")


def retrying(
    action: Callable[[], _T],
    delays: Sequence[float] | None = None,
    *,
    sleep: Callable[[float], None] | None = None,
    on_retry: Callable[[DatabaseUnavailable, float], None] | None = None,
) -> _T:
    """Run `action`; after a transient database failure wait and run it again, once per delay.

    Only for idempotent actions (an issue with an idempotency key): the failure may have come
    after the commit, and the retry must then return what was done, not do it twice. Domain
    errors (a full quota) and lasting faults (a damaged or read-only file) are raised at once.
    `delays`: the pauses between attempts (default RETRY_DELAYS_S, read at call time).
    """
    pause = sleep or time.sleep
    for delay in RETRY_DELAYS_S if delays is None else delays:
        try:
            return action()
        except DatabaseUnavailable as error:
            if not error.transient:
                raise
            if on_retry is not None:
                on_retry(error, delay)
            pause(delay)
    return action()
