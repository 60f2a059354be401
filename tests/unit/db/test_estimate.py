"""The shown wait range: rounded outwards, and never "0 minutes" with people ahead."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from db.views.estimate import wait_range

minutes = st.floats(min_value=0, max_value=1000, allow_nan=False)


@given(expected=minutes, ahead=st.integers(min_value=1, max_value=500))
def test_with_people_ahead_the_range_never_starts_at_zero(expected: float, ahead: int) -> None:
    wait = wait_range(expected, ahead)
    assert wait.low_minutes >= 1
    assert wait.low_minutes <= wait.high_minutes
    assert wait.high_minutes >= expected  # the top of the range is never too optimistic
    assert wait.low_minutes <= max(expected, 5)


@given(expected=minutes)
def test_with_nobody_ahead_the_range_may_start_at_zero_and_ends_at_5_or_more(
    expected: float,
) -> None:
    wait = wait_range(expected, 0)
    assert 0 <= wait.low_minutes <= expected
    assert wait.high_minutes >= max(expected, 5)


def test_the_simulated_morning_of_41_ahead_at_6_minutes_over_4_counters() -> None:
    wait = wait_range(41 * 6 / 4, 41)
    assert (wait.low_minutes, wait.high_minutes) == (45, 85)
