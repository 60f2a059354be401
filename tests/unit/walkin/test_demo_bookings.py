"""The demo's generated booking list, and the simulated morning that checks bookings in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from db.ops.setup import load_demo
from db.rules.booking_file import parse_bookings
from db.store import schema
from db.store.engine import Database, open_database
from tests.helpers.databases import sqlite_template, sqlite_url
from walkin.demo_bookings import PER_SESSION, booking_list, import_demo_bookings
from walkin.simulate import Simulator

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def demo_db(tmp_path: Path) -> Database:
    db = open_database(sqlite_url(sqlite_template(tmp_path), tmp_path))
    schema.upgrade(db)
    load_demo(db)
    return db


def test_the_list_parses_cleanly_with_hourly_sessions_around_now() -> None:
    now = datetime(2026, 11, 27, 10, 20, tzinfo=WIB)
    parsed = parse_bookings(booking_list(now), ("A", "B", "C"))
    assert parsed.problems == ()
    starts = sorted({b.session_start.hour for b in parsed.bookings})
    assert starts == [8, 9, 10, 11, 12, 13]
    assert len(parsed.bookings) == 6 * PER_SESSION
    assert {b.day for b in parsed.bookings} == {now.date()}


def test_just_after_midnight_no_session_starts_the_day_before() -> None:
    now = datetime(2026, 11, 27, 0, 30, tzinfo=WIB)
    parsed = parse_bookings(booking_list(now), ("A", "B", "C"))
    assert parsed.problems == ()
    assert sorted({b.session_start.hour for b in parsed.bookings}) == [0, 1, 2, 3]


def test_the_demo_writes_the_file_and_imports_it_idempotently(
    demo_db: Database, tmp_path: Path
) -> None:
    now = datetime.now(WIB)
    first = import_demo_bookings(demo_db, tmp_path, now)
    again = import_demo_bookings(demo_db, tmp_path, now)
    assert first.added > 0
    assert (again.added, again.unchanged) == (0, first.added)
    assert (tmp_path / f"bookings-{now:%Y-%m-%d}.csv").read_text().startswith("booking_code,")


def test_the_simulated_morning_mixes_bookings_and_walk_ins(
    demo_db: Database, tmp_path: Path
) -> None:
    import_demo_bookings(demo_db, tmp_path, datetime.now(WIB))
    simulator = Simulator(demo_db, [2, 3, 4, 5], speed=3000, seed=3, log=lambda _line: None)
    stats = simulator.run(duration=2.0)
    assert stats.checked_in > 0
    assert stats.issued - stats.checked_in > 0
