"""The field types of the configuration files: each checks a value and explains a wrong one.

Each is pydantic metadata for `Annotated[...]`: the JSON Schema constraints an editor shows, then
a check that raises ValueError with the fix ("must be ..., got ...") before pydantic's own one.
pydantic itself is imported only when a file is validated (by then the apps have started): the
dataclasses carrying these types are imported by code that never reads a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from annotated_types import GroupedMetadata

from db.config_schema.show import quoted, show
from db.rules.clock import DEFAULT_TIMEZONE

if TYPE_CHECKING:
    from pydantic import ConfigDict

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


class Table:
    """The base of a dataclass that is a TOML table: a key it does not list is an error."""

    __pydantic_config__: ClassVar[ConfigDict] = {"extra": "forbid"}


def _before(check: Callable[..., Any], **schema: Any) -> Iterator[object]:
    """pydantic metadata: the `Field` keywords of the JSON Schema, then `check` on the raw value."""
    from pydantic import BeforeValidator, Field

    if schema:
        yield Field(**schema)
    yield BeforeValidator(check)


def _must(expected: str, value: object) -> ValueError:
    return ValueError(f"must be {expected}, got {show(value)}")


def _within(number: float, low: float | None, high: float | None) -> bool:
    return (low is None or number >= low) and (high is None or number <= high)


@dataclass(frozen=True)
class Whole(GroupedMetadata):
    """A whole number from `low` (to `high`); true/false and 2.5 are not whole numbers."""

    low: int = 1
    high: int | None = None
    unit: str = ""  # "minutes": "a whole number of minutes from 0 to 1440"

    def __iter__(self) -> Iterator[object]:
        return _before(self.check, ge=self.low, le=self.high)

    def check(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _must(self.expected, value)
        if not _within(value, self.low, self.high):
            raise _must(self.expected, value)
        return value

    @property
    def expected(self) -> str:
        noun = f"a whole number of {self.unit}" if self.unit else "a whole number"
        if self.high is not None:
            return f"{noun} from {self.low} to {self.high}"
        return "a positive whole number" if self.low == 1 else f"{noun} of at least {self.low}"


@dataclass(frozen=True)
class Number(GroupedMetadata):
    """A number (whole or not) from `low` to `high`, read as a float."""

    low: float | None = None
    high: float | None = None

    def __iter__(self) -> Iterator[object]:
        return _before(self.check, ge=self.low, le=self.high)

    def check(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _must(self.expected, value)
        if not _within(value, self.low, self.high):
            raise _must(self.expected, value)
        return float(value)

    @property
    def expected(self) -> str:
        if self.low is None or self.high is None:
            return "a number"
        return f"a number from {self.low:g} to {self.high:g}"


@dataclass(frozen=True)
class OneOf(GroupedMetadata):
    """One of a few values, written exactly so."""

    options: tuple[object, ...]

    def __iter__(self) -> Iterator[object]:
        return _before(self.check, json_schema_extra={"enum": list(self.options)})

    def check(self, value: object) -> object:
        if isinstance(value, bool) or value not in self.options:
            raise _must(f"one of {quoted(self.options)}", value)
        return value


@dataclass(frozen=True)
class Matching(GroupedMetadata):
    """A text string matching `pattern` in full; `wanted` says what that means."""

    pattern: str
    wanted: str

    def __iter__(self) -> Iterator[object]:
        return _before(self.check, pattern=f"^{self.pattern}$")

    def check(self, value: object) -> object:
        if not isinstance(value, str) or not re.fullmatch(self.pattern, value):
            raise _must(self.wanted, value)
        return value


def checked(
    check: Callable[..., Any], schema: dict[str, Any] | None = None, **constraints: Any
) -> GroupedMetadata:
    """Metadata of a value checked by `check`: its JSON Schema is `schema` when the file writes
    it differently from the code's type (else the type's), narrowed by `Field` `constraints`."""
    return _Checked(check, schema, tuple(constraints.items()))


@dataclass(frozen=True, eq=False)  # hashed by identity: typing hashes metadata in a union
class _Checked(GroupedMetadata):
    check: Callable[..., Any]  # (value) or, to see the fields before it, (value, ValidationInfo)
    schema: dict[str, Any] | None
    constraints: tuple[tuple[str, Any], ...]

    def __iter__(self) -> Iterator[object]:
        yield from _before(self.check, **dict(self.constraints))
        if self.schema is not None:
            yield Schema(self.schema)


@dataclass(frozen=True, eq=False)
class After(GroupedMetadata):
    """A check of the validated value (e.g. of a whole array: no code used twice)."""

    check: Callable[[Any], Any]

    def __iter__(self) -> Iterator[object]:
        from pydantic import AfterValidator

        yield AfterValidator(self.check)


@dataclass(frozen=True, eq=False)
class Schema(GroupedMetadata):
    """The whole JSON Schema of a value the file writes differently from the code's type."""

    schema: dict[str, Any]

    def __iter__(self) -> Iterator[object]:
        from pydantic import WithJsonSchema

        yield WithJsonSchema(self.schema)


def text(value: object) -> str:
    if not isinstance(value, str):
        raise _must("a text string", value)
    return value


def flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _must("true or false", value)
    return value


def one_line(value: object) -> str:
    """A name: one line of text, not empty; the spaces around it are dropped."""
    name = text(value)
    if not name.strip():
        raise ValueError("must not be empty")
    if "\n" in name or "\r" in name:
        raise _must("one line", name)
    return name.strip()


def clock(value: object) -> time:
    """A time of day: "HH:MM" (24-hour clock) or a TOML local time."""
    if isinstance(value, time) and value.tzinfo is None:
        return value
    found = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        raise _must('a time "HH:MM" (24-hour clock)', value)
    return time(int(found[1]), int(found[2]))


def time_zone(value: object) -> str:
    zone = one_line(value)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f'is not a known time zone (e.g. "{DEFAULT_TIMEZONE}"), got {show(zone)}'
        ) from None
    return zone


def public_url(value: object) -> str:
    """An http(s) address phones can open: scheme and host, optionally a port and a path."""
    url = one_line(value)
    wanted = 'an address such as "http://10.0.0.5:8080"'
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError:
        raise _must(wanted, url) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _must(wanted, url)
    if parts.query or parts.fragment or " " in url:
        raise ValueError(f"must have no query, fragment or spaces, got {show(url)}")
    return url.rstrip("/")


Text = checked(text)
Flag = checked(flag)
OneLine = checked(one_line, min_length=1)
Clock = checked(clock, {"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "examples": ["08:00"]})
TimeZone = checked(time_zone, examples=[DEFAULT_TIMEZONE])
PublicUrl = checked(public_url, pattern="^https?://")
Colour = Matching("#[0-9A-Fa-f]{6}", 'a colour "#RRGGBB"')
