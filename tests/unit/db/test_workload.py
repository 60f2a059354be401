"""The office's workload model: pure, so its promises are checked over many random offices."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.rules.workload import Line, OfficeLoad, ServiceLoad, first_call_minutes, queue_end_minutes

A1, A2 = Line(1, 1), Line(1, 2)


def office(
    waiting1: int = 0,
    waiting2: int = 0,
    booked: int = 0,
    counters: tuple[frozenset[Line], ...] = (frozenset({A1}),),
    medians: dict[Line, float] | None = None,
) -> OfficeLoad:
    return OfficeLoad(
        services={1: ServiceLoad(steps=2, waiting={1: waiting1, 2: waiting2}, booked=booked)},
        medians={A1: 10.0, A2: 20.0} if medians is None else medians,
        counters=counters,
    )


def test_dedicated_counters_share_a_line_evenly() -> None:
    load = office(waiting1=6, counters=(frozenset({A1}), frozenset({A1}), frozenset({A2})))
    assert first_call_minutes(load, 1, ahead=6) == pytest.approx(6 * 10 / 2)


def test_booked_applicants_still_to_come_count_as_ahead() -> None:
    load = office(waiting1=2, booked=4, counters=(frozenset({A1}), frozenset({A2})))
    assert first_call_minutes(load, 1, ahead=2) == pytest.approx(60.0)


def test_a_counter_doing_both_steps_gives_the_first_its_share_of_the_work() -> None:
    both = frozenset({A1, A2})
    # Step 1: 3 waiting x 10 min = 30; step 2: those 3 + 3 more x 20 min = 120 of work.
    load = office(waiting1=3, waiting2=3, counters=(both,))
    assert first_call_minutes(load, 1, ahead=3) == pytest.approx(30 / (30 / 150))


def test_no_median_or_no_counter_gives_no_figure() -> None:
    assert first_call_minutes(office(medians={}), 1, ahead=3) is None
    assert first_call_minutes(office(counters=()), 1, ahead=3) is None
    assert queue_end_minutes(office(counters=(frozenset({A1}),)), 1) is None  # step 2 unserved


def test_the_queue_ends_when_the_slowest_step_clears() -> None:
    load = office(waiting1=4, waiting2=1, counters=(frozenset({A1}), frozenset({A2})))
    # Step 1: 4 x 10 = 40 min; step 2: (4 + 1) x 20 = 100 min.
    assert queue_end_minutes(load, 1) == pytest.approx(100.0)
    assert queue_end_minutes(load, 1, extra_visits=1) == pytest.approx(120.0)


lines = st.sampled_from([A1, A2])
counter_sets = st.lists(st.frozensets(lines, min_size=1), min_size=1, max_size=4).map(tuple)


@given(
    waiting1=st.integers(0, 50),
    waiting2=st.integers(0, 50),
    booked=st.integers(0, 20),
    ahead=st.integers(0, 50),
    counters=counter_sets,
    more=st.integers(1, 30),
)
def test_more_work_on_a_shared_counter_never_shortens_the_wait(
    waiting1: int,
    waiting2: int,
    booked: int,
    ahead: int,
    counters: tuple[frozenset[Line], ...],
    more: int,
) -> None:
    before = first_call_minutes(office(waiting1, waiting2, booked, counters), 1, ahead)
    after = first_call_minutes(office(waiting1, waiting2 + more, booked, counters), 1, ahead)
    if before is not None and after is not None:
        assert after >= before - 1e-9


@given(
    waiting1=st.integers(0, 50),
    waiting2=st.integers(0, 50),
    ahead=st.integers(0, 50),
    counters=counter_sets,
    extra=st.frozensets(lines, min_size=1),
)
def test_another_counter_never_lengthens_the_wait_or_the_day(
    waiting1: int,
    waiting2: int,
    ahead: int,
    counters: tuple[frozenset[Line], ...],
    extra: frozenset[Line],
) -> None:
    fewer = office(waiting1, waiting2, 0, counters)
    more = office(waiting1, waiting2, 0, (*counters, extra))
    wait_fewer, wait_more = first_call_minutes(fewer, 1, ahead), first_call_minutes(more, 1, ahead)
    if wait_fewer is not None:
        assert wait_more is not None
        assert wait_more <= wait_fewer + 1e-9
    end_fewer, end_more = queue_end_minutes(fewer, 1, 1), queue_end_minutes(more, 1, 1)
    if end_fewer is not None:
        assert end_more is not None
        assert end_more <= end_fewer + 1e-9
