"""Office-local time: business dates come from the office time zone, never from UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC)


def business_date(moment: datetime, timezone: str) -> date:
    """The office-local calendar day of an aware moment."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def local_time(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))
