"""Damaged and filled SQLite files for the tests of database faults."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from db.ops.setup import apply_config
from db.services.tickets import issue_ticket
from db.store import engine
from tests.conftest import SMALL_OFFICE


def filled_sqlite(sqlite_template: Path, folder: Path, tickets_count: int = 300) -> Path:
    url = f"sqlite:///{folder / 'office.sqlite3'}"
    shutil.copyfile(sqlite_template, folder / "office.sqlite3")
    db = engine.open_database(url)
    apply_config(db, SMALL_OFFICE)
    for _ in range(tickets_count):
        issue_ticket(db, "B")
    db.dispose()  # the last connection checkpoints the WAL into the file
    return folder / "office.sqlite3"


def damage_table(path: Path, table: str) -> None:
    """Write garbage over the root page of `table`, as a failing disk or a torn copy would."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        page = root.fetchone()[0]
    with path.open("r+b") as file:
        file.seek(page_size * (page - 1))
        file.write(b"\xde\xad\xbe\xef" * (page_size // 4))


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """`chattr +i`: even root cannot write, so the real check can be tested as root."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not possible here: {done.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
