"""Whether a service issues tickets at a given office-local moment, and why not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum


class ClosedReason(StrEnum):
    INACTIVE = "inactive"  # closed by configuration or a supervisor
    NOT_TODAY = "not_today"  # no opening hours on this weekday
    NOT_YET_OPEN = "not_yet_open"
    ISSUING_ENDED = "issuing_ended"
    CAPACITY = "capacity"  # the waiting queue would not be served before closing time


@dataclass(frozen=True)
class DayHours:
    weekday: int
    opens: time
    issue_until: time
    closes: time
    quota: int | None


@dataclass(frozen=True)
class Availability:
    open: bool
    reason: ClosedReason | None = None
    opens: time | None = None
    issue_until: time | None = None  # None: no cut-off today (the service has no hours)
    quota: int | None = None  # today's quota before any supervisor override
    closes: time | None = None  # None: no closing time today (the service has no hours)


def availability(
    active: bool, default_quota: int | None, hours: Sequence[DayHours], local: datetime
) -> Availability:
    """Availability of a service at the office-local moment `local` (no hours: always open)."""
    if not active:
        return Availability(False, ClosedReason.INACTIVE, quota=default_quota)
    if not hours:
        return Availability(True, quota=default_quota)
    today = next((h for h in hours if h.weekday == local.weekday()), None)
    if today is None:
        return Availability(False, ClosedReason.NOT_TODAY, quota=default_quota)
    quota = today.quota if today.quota is not None else default_quota
    now = local.time()
    if now < today.opens:
        reason: ClosedReason | None = ClosedReason.NOT_YET_OPEN
    elif now >= today.issue_until:
        reason = ClosedReason.ISSUING_ENDED
    else:
        reason = None
    return Availability(
        reason is None, reason, today.opens, today.issue_until, quota, closes=today.closes
    )


def past_closing(local: datetime, closes: time, queue: timedelta) -> bool:
    """Whether a queue taking `queue` from the office-local moment `local` ends after `closes`."""
    closing = datetime.combine(local.date(), closes, tzinfo=local.tzinfo)
    return local + queue > closing
