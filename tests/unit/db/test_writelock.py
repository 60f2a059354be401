"""The fair SQLite write lock excludes other processes while a write transaction runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from db.store import engine

PROBE = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    print("busy")
else:
    print("free")
"""


def probe(lock_file: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(lock_file)], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_another_process_cannot_write_while_a_transaction_runs(tmp_path: Path) -> None:
    db = engine.open_database(f"sqlite:///{tmp_path}/q.sqlite3")
    lock_file = tmp_path / "q.sqlite3.writelock"
    with engine.write(db):
        assert probe(lock_file) == "busy"
    assert probe(lock_file) == "free"
    with engine.read(db):
        assert probe(lock_file) == "free"
    db.dispose()


def test_postgres_needs_no_lock_file() -> None:
    assert engine.open_database("postgresql://u@h/d").write_lock is None
