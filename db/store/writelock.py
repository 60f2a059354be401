"""A fair write lock for SQLite, shared by every process on the PC.

SQLite's busy handler waits for its write lock by sleeping and retrying with growing pauses,
with no queue: under load one kiosk could wait seconds while another wins again and again.
Waiting on `flock` beside the database file instead lets the kernel wake writers in turn;
`BEGIN IMMEDIATE` and the busy timeout stay as the safety net (e.g. for other tools).
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WriteLock:
    """Serialises writers across processes (flock) and across threads (a mutex)."""

    def __init__(self, database_file: Path) -> None:
        self._path = database_file.with_name(database_file.name + ".writelock")
        self._mutex = threading.Lock()
        self._fd: int | None = None
        self._pid = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._mutex:
            fd = self._descriptor()
            if fd is None:  # the folder is read-only: fall back on SQLite's own waiting
                yield
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def _descriptor(self) -> int | None:
        # A child process must not share its parent's open file: flock would let both in.
        if self._fd is None or self._pid != os.getpid():
            try:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            except OSError:
                return None
            self._pid = os.getpid()
        return self._fd
