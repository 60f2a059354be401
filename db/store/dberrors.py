"""What a database driver's error means for the person at the PC, told by its code.

The one place that reads driver errors, for both backends: PostgreSQL errors carry a SQLSTATE
(psycopg's `sqlstate`) and SQLite errors (Python 3.11+) an extended result code
(`sqlite_errorcode`). Both are stable across versions and locales, unlike the message text,
which is read in one case only (`_names_missing_table`). SQLAlchemy wraps either driver's error
in a DBAPIError (`classify`); the change notifier meets them bare (`classify_driver`).
"""

from __future__ import annotations

import enum
from pathlib import Path

from sqlalchemy import exc

from db.errors import (
    DatabaseCorrupt,
    DatabaseReadOnly,
    DatabaseUnavailable,
    SchemaOutOfDate,
    UserError,
)
from db.store.faults import RESTORE_HINT, access_problem


class Fault(enum.Enum):
    """A kind of database failure that the user is told about in its own words."""

    SCHEMA_MISSING = enum.auto()  # no queue tables: `walkin init`
    CORRUPT = enum.auto()  # a damaged file or page: restore the backup
    READ_ONLY = enum.auto()  # the file, disk or session refuses writes
    NO_ACCESS = enum.auto()  # SQLite cannot open or write the file (permissions, no folder)
    BUSY = enum.auto()  # another connection held a lock for longer than we wait
    CONFLICT = enum.auto()  # PostgreSQL cancelled a transaction that crossed another
    UNREACHABLE = enum.auto()  # no link: refused, timed out, server restarting, connection cut


# SQLite primary result codes (the low byte of the extended code).
SQLITE_ERROR = 1
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_CORRUPT = 11
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
_SQLITE_FAULTS = {
    SQLITE_PERM: Fault.NO_ACCESS,
    SQLITE_BUSY: Fault.BUSY,
    SQLITE_LOCKED: Fault.BUSY,
    SQLITE_READONLY: Fault.READ_ONLY,
    SQLITE_CORRUPT: Fault.CORRUPT,
    SQLITE_CANTOPEN: Fault.NO_ACCESS,
    SQLITE_NOTADB: Fault.CORRUPT,
}

# PostgreSQL SQLSTATEs, and whole classes of them (the first two characters).
PG_UNDEFINED_TABLE = "42P01"
PG_READ_ONLY_TRANSACTION = "25006"
PG_SERIALIZATION_FAILURE = "40001"
PG_DEADLOCK_DETECTED = "40P01"
PG_LOCK_NOT_AVAILABLE = "55P03"
_PG_FAULTS = {
    PG_UNDEFINED_TABLE: Fault.SCHEMA_MISSING,
    "XX001": Fault.CORRUPT,  # data_corrupted
    "XX002": Fault.CORRUPT,  # index_corrupted
    PG_READ_ONLY_TRANSACTION: Fault.READ_ONLY,
    PG_SERIALIZATION_FAILURE: Fault.CONFLICT,
    PG_DEADLOCK_DETECTED: Fault.CONFLICT,
    PG_LOCK_NOT_AVAILABLE: Fault.BUSY,
    "57P01": Fault.UNREACHABLE,  # admin_shutdown: the server is stopping
    "57P02": Fault.UNREACHABLE,  # crash_shutdown
    "57P03": Fault.UNREACHABLE,  # cannot_connect_now: the server is starting
    "53300": Fault.UNREACHABLE,  # too_many_connections
}
_PG_CLASS_FAULTS = {"08": Fault.UNREACHABLE}  # connection_exception


def fault_of(error: BaseException | None) -> Fault | None:
    """The fault a driver's error (sqlite3 or psycopg) stands for; None: none of ours (a bug,
    a constraint, or a failure without a code, which callers report as it is)."""
    if error is None:
        return None
    state = getattr(error, "sqlstate", None)
    if isinstance(state, str):
        return _PG_FAULTS.get(state) or _PG_CLASS_FAULTS.get(state[:2])
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        if code & 0xFF == SQLITE_ERROR and _names_missing_table(error):
            return Fault.SCHEMA_MISSING
        return _SQLITE_FAULTS.get(code & 0xFF)
    return Fault.UNREACHABLE if _failed_before_the_server_answered(error) else None


def _names_missing_table(error: BaseException) -> bool:
    # SQLite gives a missing table only the generic SQLITE_ERROR, shared with every SQL mistake:
    # its message is all that tells them apart.
    return "no such table" in str(error)


def _failed_before_the_server_answered(error: BaseException) -> bool:
    # libpq's own failures (connection refused, timed out, cut) have no SQLSTATE: psycopg raises
    # them as OperationalError with `sqlstate` None. Any psycopg error has the attribute, so an
    # error without it is another driver's, and psycopg is imported only when one of its own is.
    if not hasattr(error, "sqlstate"):
        return False
    import psycopg

    return isinstance(error, psycopg.OperationalError)


def first_line(error: BaseException) -> str:
    """The driver's message, first line only (PostgreSQL adds DETAIL and HINT lines)."""
    orig = error.orig if isinstance(error, exc.DBAPIError) else error
    lines = str(orig if orig is not None else error).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def user_error(
    fault: Fault | None, label: str, message: str, sqlite_file: Path | None
) -> UserError | None:
    """What to tell the user about a fault of the database `label`; None when the caller words
    it (no fault, or a lost link: the caller knows what it was doing)."""
    if fault is Fault.SCHEMA_MISSING:
        return SchemaOutOfDate(f"the database {label} has no queue tables: run `walkin init`")
    if fault is Fault.CORRUPT:
        return DatabaseCorrupt(f"the database {label} is damaged ({message}): {RESTORE_HINT}")
    if fault in (Fault.READ_ONLY, Fault.NO_ACCESS) and sqlite_file is not None:
        problem = access_problem(sqlite_file)
        if problem is not None:
            return DatabaseReadOnly(problem)
    if fault is Fault.READ_ONLY:
        return DatabaseReadOnly(f"the database {label} is read-only: {message}")
    if fault is Fault.BUSY:
        return DatabaseUnavailable(
            f"the database {label} is busy: another program holds a lock ({message}); try again"
        )
    if fault is Fault.CONFLICT:
        return DatabaseUnavailable(
            f"the database {label} cancelled a change that crossed another ({message}); try again"
        )
    return None


def classify(error: exc.DBAPIError, label: str, sqlite_file: Path | None) -> Exception:
    """The user-facing error a SQLAlchemy-wrapped driver error means, or the error itself (a bug,
    a constraint)."""
    fault = fault_of(error.orig)
    found = user_error(fault, label, first_line(error), sqlite_file)
    if found is not None:
        return found
    if fault is None and isinstance(
        error, exc.ProgrammingError | exc.IntegrityError | exc.DataError
    ):
        return error
    return DatabaseUnavailable(f"cannot use the database {label}: {first_line(error)}")


def classify_driver(
    error: Exception, label: str, sqlite_file: Path | None, *, doing: str
) -> UserError:
    """The user-facing error of a bare driver error; `doing` words the rest, e.g. "cannot
    watch the database" (followed by the label and the driver's message)."""
    found = user_error(fault_of(error), label, first_line(error), sqlite_file)
    return found or DatabaseUnavailable(f"{doing} {label}: {first_line(error)}")
