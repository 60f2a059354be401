"""Database faults a person can fix: a SQLite file or folder this user cannot write, a damaged
file (the restore hint), and retrying an action after a lost answer.

What a driver's error means is read from its code in `db.store.dberrors`.
"""

from __future__ import annotations

import getpass
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from db.errors import DatabaseUnavailable

RESTORE_HINT = (
    "stop the apps, then restore the last backup: `walkin restore BACKUP --force` "
    "(docs/deployment.md, Backups)"
)

Access = Callable[[Path, int], bool]


def check_summary(rows: Sequence[object], limit: int = 160) -> str:
    """SQLite's integrity check answer as one short line (its rows may hold newlines)."""
    parts = [part.strip() for row in rows for part in str(row).splitlines()]
    text = "; ".join(part for part in parts if part and not part.startswith("***"))
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
