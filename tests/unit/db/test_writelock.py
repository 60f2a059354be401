"""The SQLite write lock excludes other processes while a write transaction runs, and lets
waiting writers in the order they came."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from db.store import engine
from db.store.writelock import SLOTS, WriteLock

# Run in another process: queue for the lock; print "got" once it is held, or "busy" if it is
# not held within the timeout. With an output file, append the name given once the lock is
# held, then let go.
WRITER = """
import sys, threading
from pathlib import Path
from db.store.writelock import WriteLock
database, name, timeout, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
got = threading.Event()
def write():
    with WriteLock(Path(database)).held():
        if out:  # before `got`: the process may end as soon as it is set
            with open(out, "a") as file:
                file.write(name + "\\n")
        got.set()
threading.Thread(target=write, daemon=True).start()
print("got" if got.wait(timeout) else "busy", flush=True)
"""


def writer(database: Path, name: str = "", timeout: float = 0.5, out: str = "") -> list[str]:
    return [sys.executable, "-c", WRITER, str(database), name, str(timeout), out]


def probe(database: Path) -> str:
    result = subprocess.run(writer(database), capture_output=True, text=True, check=True)
    return result.stdout.strip()


def turns_taken(database: Path) -> int:
    raw = database.with_name(database.name + ".writelock").read_bytes()[:8]
    return int.from_bytes(raw.ljust(8, b"\0"), "little")


def test_another_process_cannot_write_while_a_transaction_runs(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    db = engine.open_database(f"sqlite:///{path}")
    with engine.write(db):
        assert probe(path) == "busy"
    assert probe(path) == "got"
    with engine.read(db):
        assert probe(path) == "got"
    db.dispose()


HOLDER = """
import sys
from pathlib import Path
from db.store.writelock import WriteLock
with WriteLock(Path(sys.argv[1])).held():
    print("held", flush=True)
    sys.stdin.readline()
"""


def holder(database: Path) -> subprocess.Popen[str]:
    """A process that holds the lock until a line reaches its input (or it is killed)."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"
    return process


def test_waiting_writers_get_the_lock_in_the_order_they_came(tmp_path: Path) -> None:
    # This process only watches: opening the lock file in a process that holds a record lock
    # on it would drop that lock.
    path = tmp_path / "q.sqlite3"
    out = tmp_path / "order.txt"
    names = [f"w{n}" for n in range(6)]
    first = holder(path)
    writers = []
    for name in names:
        before = turns_taken(path)
        writers.append(subprocess.Popen(writer(path, name, 30, str(out)), stdout=subprocess.PIPE))
        deadline = time.monotonic() + 30
        while turns_taken(path) == before:  # queued: the next one comes after it
            assert time.monotonic() < deadline, f"{name} never queued"
            time.sleep(0.01)
    assert not out.exists()
    first.communicate("go\n", timeout=30)
    for process in writers:
        assert process.communicate(timeout=30)[0].strip() == b"got"
    assert out.read_text().split() == names


def test_a_writer_that_dies_holding_the_lock_lets_the_next_one_in(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    first = holder(path)
    assert probe(path) == "busy"
    first.kill()
    first.communicate(timeout=30)
    assert probe(path) == "got"


def test_two_write_locks_of_one_process_on_one_file_exclude_each_other(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    first, second = WriteLock(path), WriteLock(path)
    inside: list[str] = []
    with first.held():
        thread = threading.Thread(target=lambda: _enter(second, inside))
        thread.start()
        thread.join(0.3)
        assert inside == []
        assert probe(path) == "busy"
    thread.join(30)
    assert inside == ["second"]
    assert probe(path) == "got"


def _enter(lock: WriteLock, inside: list[str]) -> None:
    with lock.held():
        inside.append("second")


@pytest.mark.parametrize("turn", [0, SLOTS - 1, 2**63 - 1])
def test_turns_wrap_around_without_meeting(tmp_path: Path, turn: int) -> None:
    path = tmp_path / "q.sqlite3"
    path.with_name(path.name + ".writelock").write_bytes(turn.to_bytes(8, "little"))
    lock = WriteLock(path)
    for _ in range(3):
        with lock.held():
            assert probe(path) == "busy"
    assert probe(path) == "got"


def test_postgres_needs_no_lock_file() -> None:
    assert engine.open_database("postgresql://u@h/d").write_lock is None
