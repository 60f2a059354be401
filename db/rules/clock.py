"""Office-local time: business dates come from the office time zone, never from UTC.

`utcnow()` is the office clock every service function uses when it is given no `now`. It is
the real time, unless a simulation runs the office faster (`walkin demo --simulate --speed N`):
then every process of the demo is started with WALKIN_OFFICE_CLOCK="ANCHOR xSPEED" and reads
the same compressed day, so a six-minute service lasts six office minutes in the database (and
in the wait estimates made from it), not the eighteen real seconds it took at speed 20.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from db.errors import UserError

OFFICE_CLOCK_ENV = "WALKIN_OFFICE_CLOCK"
# The office time zone when a configuration names none (WIB); every app falls back to it.
DEFAULT_TIMEZONE = "Asia/Jakarta"


class ClockSettingError(UserError):
    """WALKIN_OFFICE_CLOCK is set but cannot be read."""


@dataclass(frozen=True)
class FastClock:
    """Office time that runs `speed` times faster than real time from the real moment `anchor`.

    It depends only on the real clock, so processes given the same anchor and speed agree.
    """

    anchor: datetime
    speed: float

    def at(self, real: datetime) -> datetime:
        return self.anchor + (real - self.anchor) * self.speed

    def describe(self) -> str:
        """The WALKIN_OFFICE_CLOCK value that gives another process this clock."""
        return f"{self.anchor.isoformat()} x{self.speed:g}"

    @classmethod
    def parse(cls, text: str) -> FastClock:
        """Read a WALKIN_OFFICE_CLOCK value; ClockSettingError names what is wrong."""
        anchor_text, _, speed_text = text.strip().partition(" x")
        try:
            anchor, speed = datetime.fromisoformat(anchor_text), float(speed_text)
        except ValueError:
            anchor, speed = None, 0.0
        if anchor is None or anchor.tzinfo is None or not speed > 0:
            raise ClockSettingError(
                f'{OFFICE_CLOCK_ENV} must be "ANCHOR xSPEED", an ISO time with its zone and a'
                f" positive speed (e.g. 2026-11-30T01:00:00+00:00 x20), got {text!r}"
            )
        return cls(anchor, speed)


_office: list[FastClock | None] = []  # empty until read from the environment


def office_clock() -> FastClock | None:
    """The running simulation's clock, or None for real time."""
    if not _office:
        value = os.environ.get(OFFICE_CLOCK_ENV, "")
        _office.append(FastClock.parse(value) if value else None)
    return _office[0]


def use_office_clock(clock: FastClock | None) -> None:
    """Run this process on `clock` (None: real time again)."""
    _office[:] = [clock]


def utcnow() -> datetime:
    real = datetime.now(UTC)
    clock = office_clock()
    return real if clock is None else clock.at(real)


def business_date(moment: datetime, timezone: str) -> date:
    """The office-local calendar day of an aware moment."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def local_time(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))
