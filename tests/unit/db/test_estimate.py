"""The shown wait range: rounded outwards, never "0 minutes" with people ahead, and monotone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from db.rules.workload import Line
from db.views.estimate import wait_from, wait_range
from tests.unit.db.test_workload import counter_sets, office

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


@given(expected=minutes, more=minutes, ahead=st.integers(min_value=0, max_value=500))
def test_a_longer_expected_wait_never_lowers_either_end_of_the_range(
    expected: float, more: float, ahead: int
) -> None:
    shorter, longer = wait_range(expected, ahead), wait_range(expected + more, ahead)
    assert shorter.low_minutes <= longer.low_minutes
    assert shorter.high_minutes <= longer.high_minutes


@given(expected=minutes, ahead=st.integers(min_value=0, max_value=500))
def test_the_range_is_in_steps_of_5_minutes_below_5_only_at_its_start(
    expected: float, ahead: int
) -> None:
    wait = wait_range(expected, ahead)
    assert wait.high_minutes % 5 == 0
    assert wait.low_minutes % 5 == 0 or wait.low_minutes == 1


@given(
    waiting=st.integers(0, 50),
    booked=st.integers(0, 20),
    ahead=st.integers(0, 50),
    more=st.integers(1, 50),
    counters=counter_sets,
)
def test_more_people_ahead_never_lowers_the_range_and_nobody_ahead_gives_the_smallest(
    waiting: int, booked: int, ahead: int, more: int, counters: tuple[frozenset[Line], ...]
) -> None:
    load = office(waiting, 0, booked, counters)
    nobody, fewer, most = (wait_from(load, 1, n) for n in (0, ahead, ahead + more))
    if nobody is None:  # no open counter serves the first step: no figure at all
        assert fewer is most is None
        return
    assert fewer is not None
    assert most is not None
    assert nobody.low_minutes <= fewer.low_minutes <= most.low_minutes
    assert nobody.high_minutes <= fewer.high_minutes <= most.high_minutes
