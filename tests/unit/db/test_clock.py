"""The office clock: real time, or a simulation's faster time that every process shares."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from db.rules import clock
from db.rules.clock import ClockSettingError, FastClock

ANCHOR = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def real_time_afterwards() -> Iterator[None]:
    yield
    clock.use_office_clock(None)


def test_a_fast_clock_runs_speed_times_faster_from_its_anchor() -> None:
    fast = FastClock(ANCHOR, 20)
    assert fast.at(ANCHOR) == ANCHOR
    assert fast.at(ANCHOR + timedelta(seconds=18)) == ANCHOR + timedelta(minutes=6)


def test_another_process_reads_the_same_clock_from_its_description() -> None:
    fast = FastClock(ANCHOR, 12.5)
    assert FastClock.parse(fast.describe()) == fast


@pytest.mark.parametrize("text", ["x20", "2026-11-30T01:00:00 x20", f"{ANCHOR.isoformat()} x0"])
def test_a_bad_clock_setting_says_what_is_expected(text: str) -> None:
    with pytest.raises(ClockSettingError, match="WALKIN_OFFICE_CLOCK must be"):
        FastClock.parse(text)


def test_utcnow_follows_the_office_clock_of_the_process() -> None:
    clock.use_office_clock(FastClock(clock.utcnow(), 3600))  # an office hour per real second
    first = clock.utcnow()
    second = clock.utcnow()
    assert second >= first
    clock.use_office_clock(None)
    assert abs(clock.utcnow() - datetime.now(UTC)) < timedelta(seconds=5)


def test_the_environment_sets_the_clock_of_a_started_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    far = FastClock(datetime.now(UTC) - timedelta(days=1), 3)  # three days in one: 2 ahead
    monkeypatch.setenv(clock.OFFICE_CLOCK_ENV, far.describe())
    monkeypatch.setattr(clock, "_office", [])  # as in a fresh process
    assert clock.utcnow() - datetime.now(UTC) > timedelta(days=1.9)
