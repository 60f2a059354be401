"""A fair write lock for SQLite, shared by every process on the PC: writers go in the order
they asked.

SQLite's busy handler waits for its write lock by sleeping and retrying with growing pauses,
with no queue: under load one kiosk could wait seconds while another wins again and again.
A plain `flock` is no fairer: its release wakes every waiter and whichever is scheduled first
wins, so with eight writers on two cores one of them lost 80 turns in a row (a 100 ms wait for
a lock held 1 ms at a time, `benchmarks.visit_bench`).

So the lock is a queue, kept in the kernel's record locks on one file beside the database:
- a writer takes a turn number from a counter stored in the file, under a short lock on byte
  0, and in the same breath locks the byte of its own turn;
- it then waits for the byte of the turn before it, which that writer holds until it is done;
- releasing its own byte hands the lock to the one writer waiting on it, and nobody else.
The kernel drops a dead process's locks, so a writer that crashes while it holds the lock
lets the next one in. One that dies while still waiting lets its successor in early: SQLite's
`BEGIN IMMEDIATE` and busy timeout, kept as the safety net, then serialise those two.

Record locks belong to a process, and closing any descriptor of the file drops them all: so a
process opens the lock file once, whatever number of WriteLocks it makes, and nothing else may
open it (a test reads the counter from a process that holds no lock).
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Turns wrap around this many bytes; a turn's byte is reused only after this many later
# writers have queued, far more than an office has processes.
SLOTS = 4096
_COUNTER = 8  # bytes: the next turn, little-endian, at the start of the file
_GUARD = 0  # the byte locked while a turn is taken
_FIRST_SLOT = 1


class WriteLock:
    """Serialises writers across processes (a queue of record locks) and across threads (a
    mutex: a process queues one writer at a time, so no two of its turns can meet)."""

    def __init__(self, database_file: Path) -> None:
        self._file = _lock_file(database_file.with_name(database_file.name + ".writelock"))

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._file.mutex:
            fd = self._file.descriptor()
            if fd is None:  # the folder is read-only: fall back on SQLite's own waiting
                yield
                return
            mine = _take_turn(fd)
            try:
                _wait_for(fd, _slot(mine - 1))
                yield
            finally:
                fcntl.lockf(fd, fcntl.LOCK_UN, 1, _slot(mine))


class _LockFile:
    """One lock file's descriptor and mutex, shared by every WriteLock of the process on it:
    record locks belong to the process, so two descriptors of one file would see each
    other's locks as their own (and closing either would drop both's)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.mutex = threading.Lock()
        self._fd: int | None = None
        self._pid = 0

    def descriptor(self) -> int | None:
        # A child process does not inherit its parent's record locks: it opens its own.
        if self._fd is None or self._pid != os.getpid():
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            except OSError:
                return None
            self._pid = os.getpid()
        return self._fd


_files: dict[str, _LockFile] = {}
_files_mutex = threading.Lock()


def _lock_file(path: Path) -> _LockFile:
    key = os.path.realpath(path)
    with _files_mutex:
        if key not in _files:
            _files[key] = _LockFile(path)
        return _files[key]


def _take_turn(fd: int) -> int:
    """The next turn, with its byte locked; the counter moves on for the next writer."""
    fcntl.lockf(fd, fcntl.LOCK_EX, 1, _GUARD)
    try:
        turn = int.from_bytes(os.pread(fd, _COUNTER, 0).ljust(_COUNTER, b"\0"), "little")
        fcntl.lockf(fd, fcntl.LOCK_EX, 1, _slot(turn))
        os.pwrite(fd, ((turn + 1) % 2**63).to_bytes(_COUNTER, "little"), 0)
        return turn
    finally:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _GUARD)


def _wait_for(fd: int, slot: int) -> None:
    """Block until the writer holding `slot` (the turn before ours) is done."""
    fcntl.lockf(fd, fcntl.LOCK_EX, 1, slot)
    fcntl.lockf(fd, fcntl.LOCK_UN, 1, slot)


def _slot(turn: int) -> int:
    # Byte 0 is the guard and bytes 0-7 the counter's value: record locks and file contents
    # do not interact, so the slots may overlap the counter's bytes.
    return _FIRST_SLOT + turn % SLOTS
