"""When a booking may check in: the pure rules, exhaustively over a day's minutes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from db.rules.booking_rules import Arrival, Window, arrival, earliest_check_in, release_due

DAY = date(2026, 11, 27)
WIB = ZoneInfo("Asia/Jakarta")
ORDER = [Arrival.TOO_EARLY, Arrival.EARLY, Arrival.ON_TIME, Arrival.LATE, Arrival.TOO_LATE]


def at(clock: str) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(DAY, time(hours, minutes), WIB)


def test_a_session_has_five_phases_at_the_configured_edges() -> None:
    window = Window(early_minutes=60, grace_minutes=30)
    phases = {
        clock: arrival(at(clock), DAY, time(9), time(10), window)
        for clock in ("07:59", "08:00", "08:59", "09:00", "10:00", "10:01", "10:30", "10:31")
    }
    assert phases == {
        "07:59": Arrival.TOO_EARLY,
        "08:00": Arrival.EARLY,
        "08:59": Arrival.EARLY,
        "09:00": Arrival.ON_TIME,
        "10:00": Arrival.ON_TIME,
        "10:01": Arrival.LATE,
        "10:30": Arrival.LATE,
        "10:31": Arrival.TOO_LATE,
    }


def test_no_early_window_and_no_grace_leave_only_the_session() -> None:
    window = Window(early_minutes=0, grace_minutes=0)
    assert arrival(at("08:59"), DAY, time(9), time(10), window) is Arrival.TOO_EARLY
    assert arrival(at("10:01"), DAY, time(9), time(10), window) is Arrival.TOO_LATE


@given(
    start=st.integers(min_value=0, max_value=22 * 60),
    length=st.integers(min_value=1, max_value=120),
    early=st.integers(min_value=0, max_value=240),
    grace=st.integers(min_value=0, max_value=240),
    first=st.integers(min_value=0, max_value=24 * 60 - 1),
    step=st.integers(min_value=1, max_value=300),
)
def test_phases_only_ever_move_forward_as_time_passes(
    start: int, length: int, early: int, grace: int, first: int, step: int
) -> None:
    opens = time(start // 60, start % 60)
    end_minute = min(start + length, 24 * 60 - 1)
    closes = time(end_minute // 60, end_minute % 60)
    window = Window(early, grace)
    midnight = datetime.combine(DAY, time(0), WIB)
    earlier = arrival(midnight + timedelta(minutes=first), DAY, opens, closes, window)
    later = arrival(midnight + timedelta(minutes=first + step), DAY, opens, closes, window)
    assert ORDER.index(earlier) <= ORDER.index(later)


def test_the_earliest_check_in_is_the_start_less_the_early_window() -> None:
    assert earliest_check_in(DAY, time(9), Window(45, 30)) == datetime(2026, 11, 27, 8, 15)


def test_release_is_due_from_the_cut_off_and_never_without_one() -> None:
    assert not release_due(at("10:59"), time(11))
    assert release_due(at("11:00"), time(11))
    assert not release_due(at("23:59"), None)
