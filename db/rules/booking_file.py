"""Reading the day's booking list exported by the booking system (CSV): pure, no database.

The header names the columns (in any order); `booking_code,date,session_start,session_end,service`
are required and `priority` is optional. Any other column (a name, a NIK, a phone number) is
never read, so nothing personal can reach the database. Each bad row is reported with its line
number; the good rows are still returned.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, time

from db.errors import BookingFileError
from db.office_config import PRIORITY_CATEGORIES

REQUIRED = ("booking_code", "date", "session_start", "session_end", "service")
OPTIONAL = ("priority",)
_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{3,31}")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class Booking:
    line: int
    code: str
    day: date
    session_start: time
    session_end: time
    service: str
    priority: str | None


@dataclass(frozen=True)
class RowProblem:
    line: int
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


@dataclass(frozen=True)
class BookingList:
    bookings: tuple[Booking, ...]
    problems: tuple[RowProblem, ...]
    ignored_columns: tuple[str, ...]  # never read: whatever they hold stays out


def parse_bookings(text: str, services: Collection[str]) -> BookingList:
    """Parse the CSV `text`; `services`: the office's service codes."""
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(rows, None)
    columns = _columns(header)
    bookings: list[Booking] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            booking = _booking(number, row, columns, services)
        except ValueError as error:
            problems.append(RowProblem(number, str(error)))
            continue
        if booking.code in seen:
            problems.append(
                RowProblem(
                    number, f"booking {booking.code} is already on line {seen[booking.code]}"
                )
            )
            continue
        seen[booking.code] = number
        bookings.append(booking)
    ignored = tuple(name for name in columns if name not in REQUIRED + OPTIONAL)
    return BookingList(tuple(bookings), tuple(problems), ignored)


def _columns(header: list[str] | None) -> dict[str, int]:
    if header is None:
        raise BookingFileError("the file is empty: expected a header row " + ",".join(REQUIRED))
    columns = {name.strip().lower(): index for index, name in enumerate(header)}
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise BookingFileError(
            f"the header row lacks {', '.join(missing)}: expected {','.join(REQUIRED)}"
            " (and optionally priority)"
        )
    return columns


def _booking(
    line: int, row: list[str], columns: dict[str, int], services: Collection[str]
) -> Booking:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    start = _time(cell("session_start"), "session_start")
    end = _time(cell("session_end"), "session_end")
    if end <= start:
        raise ValueError(f"session_end {end:%H:%M} is not after session_start {start:%H:%M}")
    return Booking(
        line=line,
        code=_code(cell("booking_code")),
        day=_date(cell("date")),
        session_start=start,
        session_end=end,
        service=_service(cell("service"), services),
        priority=_priority(cell("priority")),
    )


def _code(value: str) -> str:
    code = value.upper()
    if not _CODE.fullmatch(code):
        raise ValueError(f"booking_code {value!r} is not 4-32 letters, digits or '-'")
    return code


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value) if len(value) == 10 else date.fromisoformat("x")
    except ValueError:
        raise ValueError(f"date {value!r} is not YYYY-MM-DD") from None


def _time(value: str, name: str) -> time:
    found = _CLOCK.fullmatch(value)
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        raise ValueError(f"{name} {value!r} is not HH:MM")
    return time(int(found[1]), int(found[2]))


def _service(value: str, services: Collection[str]) -> str:
    code = value.upper()
    if code not in services:
        raise ValueError(f"service {value!r} is not one of {', '.join(sorted(services))}")
    return code


def _priority(value: str) -> str | None:
    if not value:
        return None
    category = value.lower()
    if category not in PRIORITY_CATEGORIES:
        raise ValueError(f"priority {value!r} is not one of {', '.join(PRIORITY_CATEGORIES)}")
    return category
