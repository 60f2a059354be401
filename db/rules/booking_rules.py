"""When an appointment holder may check in: pure rules on office-local times, no database.

A booking is for a session (e.g. 08:00-10:00) on one day. Relative to it, an arrival is
- too early: before the early window opens (`early` minutes before the session): come back later;
- early: inside the early window: a ticket is issued that waits until the session opens;
- on time: from the session's start to its end;
- late: after the end but within the grace: still served as an appointment;
- too late: after the grace: the office's late rule applies (refuse, or a walk-in ticket).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


class Arrival(enum.StrEnum):
    TOO_EARLY = "too_early"
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    TOO_LATE = "too_late"


@dataclass(frozen=True)
class Window:
    """The office's check-in window around a session, in minutes."""

    early_minutes: int = 60
    grace_minutes: int = 30


def arrival(local_now: datetime, day: date, start: time, end: time, window: Window) -> Arrival:
    """How `local_now` (office-local, aware) relates to the session `start`-`end` on `day`."""
    opens = datetime.combine(day, start, local_now.tzinfo)
    closes = datetime.combine(day, end, local_now.tzinfo)
    if local_now < opens - timedelta(minutes=window.early_minutes):
        return Arrival.TOO_EARLY
    if local_now < opens:
        return Arrival.EARLY
    if local_now <= closes:
        return Arrival.ON_TIME
    if local_now <= closes + timedelta(minutes=window.grace_minutes):
        return Arrival.LATE
    return Arrival.TOO_LATE


def earliest_check_in(day: date, start: time, window: Window) -> datetime:
    """The first moment (naive office-local) the booking may check in."""
    return datetime.combine(day, start) - timedelta(minutes=window.early_minutes)


def release_due(local_now: datetime, release_at: time | None) -> bool:
    """Whether the office's cut-off for unused bookings has passed today."""
    return release_at is not None and local_now.time() >= release_at
