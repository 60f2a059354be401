"""Opening hours and cut-offs, over any day's hours: one open stretch, never past the cut-off.

The office's file is checked so that a day opens, stops issuing and closes in that order; from
any such hours a service is open exactly between its opening and its cut-off, and a ticket
issued while it is open, with nobody ahead, is never past closing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from db.office_config import parse_config
from db.rules.hours import Availability, ClosedReason, DayHours, availability, past_closing
from tests.unit.db.test_office_config import WEEKDAY_HOURS, rejection, with_service

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 11, 30)

clock = st.times().map(lambda t: t.replace(second=0, microsecond=0))
quotas = st.none() | st.integers(min_value=1, max_value=500)


@st.composite
def day_hours(draw: st.DrawFn, weekday: int) -> DayHours:
    opens, issue_until, closes = sorted(draw(st.lists(clock, min_size=3, max_size=3)))
    return DayHours(weekday, opens, issue_until, closes, draw(quotas))


@st.composite
def week(draw: st.DrawFn) -> list[DayHours]:
    """The hours of one to seven weekdays, one rule a day (as the office's file requires)."""
    days = draw(st.sets(st.integers(min_value=0, max_value=6), min_size=1, max_size=7))
    return [draw(day_hours(day)) for day in sorted(days)]


moments = st.builds(
    lambda days, minutes: (
        datetime.combine(MONDAY, time(), JAKARTA) + timedelta(days=days, minutes=minutes)
    ),
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=24 * 60 - 1),
)
queues = st.integers(min_value=0, max_value=24 * 60).map(lambda m: timedelta(minutes=m))


def at_minute(local: datetime, minute: int) -> datetime:
    return local.replace(hour=minute // 60, minute=minute % 60)


def state(hours: list[DayHours], local: datetime, default_quota: int | None = 7) -> Availability:
    return availability(True, default_quota, hours, local)


@given(hours=week(), local=moments)
def test_a_service_is_open_exactly_from_its_opening_until_its_cut_off(
    hours: list[DayHours], local: datetime
) -> None:
    today = next((h for h in hours if h.weekday == local.weekday()), None)
    found = state(hours, local)
    if today is None:
        assert (found.open, found.reason) == (False, ClosedReason.NOT_TODAY)
        return
    assert found.open == (today.opens <= local.time() < today.issue_until)
    assert (found.opens, found.issue_until, found.closes) == (
        today.opens,
        today.issue_until,
        today.closes,
    )
    assert found.quota == (7 if today.quota is None else today.quota)


@given(hours=week(), local=moments)
def test_closed_says_why_and_the_reason_matches_the_clock(
    hours: list[DayHours], local: datetime
) -> None:
    found = state(hours, local)
    assert (found.reason is None) == found.open
    if found.reason is ClosedReason.NOT_YET_OPEN:
        assert found.opens is not None
        assert local.time() < found.opens
    if found.reason is ClosedReason.ISSUING_ENDED:
        assert found.issue_until is not None
        assert local.time() >= found.issue_until


@given(hours=week(), local=moments)
def test_the_cut_off_is_never_after_closing_and_an_open_service_is_not_past_closing(
    hours: list[DayHours], local: datetime
) -> None:
    found = state(hours, local)
    if found.issue_until is not None and found.closes is not None:
        assert found.issue_until <= found.closes
    if found.open and found.closes is not None:
        assert not past_closing(local, found.closes, timedelta(0))


@given(
    hours=day_hours(0),
    minutes=st.lists(st.integers(min_value=0, max_value=24 * 60 - 1), min_size=3, max_size=3),
)
def test_a_day_has_one_open_stretch_and_issuing_once_ended_stays_ended(
    hours: DayHours, minutes: list[int]
) -> None:
    first, middle, last = (
        state([hours], at_minute(datetime.combine(MONDAY, time(), JAKARTA), m))
        for m in sorted(minutes)
    )
    if first.open and last.open:
        assert middle.open
    if first.reason is ClosedReason.ISSUING_ENDED:
        assert middle.reason is last.reason is ClosedReason.ISSUING_ENDED
    if last.reason is ClosedReason.NOT_YET_OPEN:
        assert first.reason is middle.reason is ClosedReason.NOT_YET_OPEN


@given(hours=week(), local=moments, default_quota=quotas)
def test_without_hours_or_when_inactive_the_clock_does_not_matter(
    hours: list[DayHours], local: datetime, default_quota: int | None
) -> None:
    assert availability(True, default_quota, [], local) == Availability(True, quota=default_quota)
    closed = availability(False, default_quota, hours, local)
    assert (closed.open, closed.reason, closed.quota) == (
        False,
        ClosedReason.INACTIVE,
        default_quota,
    )


@given(local=moments, closes=clock, shorter=queues, longer=queues, later=queues)
def test_a_longer_queue_or_a_later_moment_is_never_less_past_closing(
    local: datetime, closes: time, shorter: timedelta, longer: timedelta, later: timedelta
) -> None:
    shorter, longer = sorted((shorter, longer))
    same_day_later = min(local + later, local.replace(hour=23, minute=59))
    if past_closing(local, closes, shorter):
        assert past_closing(local, closes, longer)
        assert past_closing(same_day_later, closes, shorter)


@given(times=st.lists(clock, min_size=3, max_size=3))
def test_the_office_file_accepts_hours_only_in_the_order_open_cut_off_close(
    times: list[time],
) -> None:
    opens, issue_until, closes = (f"{t:%H:%M}" for t in times)
    rule = dict(WEEKDAY_HOURS, open=opens, issue_until=issue_until, close=closes)
    data = with_service(hours=[rule])
    if times == sorted(times):
        parsed = parse_config(data, "office.toml").services[0].hours[0]
        assert parsed.opens <= parsed.issue_until <= parsed.closes
    else:
        assert rejection(data).key.startswith("services[0].hours[0].")
