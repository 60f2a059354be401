"""Display settings: the `[display]` table of a TOML file, then command-line flags (no Qt).

```toml
[display]
orientation = "landscape"        # or "portrait"
languages = ["id", "en"]         # spoken in this order; the first also labels the screen
number_reading = "digits"        # "digits" (A nol nol satu) or "whole" (A seratus dua puluh tiga)
volume = 0.8                     # 0 to 1
mute = false
counters = "1-5"                 # or [1, 2, 3]; default: every counter
services = ["A", "B"]            # default: every service
recent_calls = 6
highlight_seconds = 8
info_folder = "/srv/display/info"  # images (PNG/JPG) shown in turn; optional
info_seconds = 12
voice_folder = "/srv/display/voice"  # the office's own recordings, same names as the clip set
reading_distance_m = 8           # the farthest seat: every text applicants read is sized for it
screen_inches = 55               # the panel's diagonal (a 55-inch 1080p pixel is 0.63 mm)
page_seconds = 8                 # what does not fit at that size is shown in pages, in turn

[display.theme]
background = "#0B1D33"
...
font_family = "DejaVu Sans"
```
A bad value is one line naming the key: `display.volume: must be a number from 0 to 1, got 3`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from db.errors import UserError
from display_board.speech import LANGUAGES, Reading

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


class DisplayConfigError(UserError):
    """The display configuration (file or flags) has a bad value."""


@dataclass(frozen=True)
class Theme:
    background: str = "#0B1D33"
    panel: str = "#132C4C"
    text: str = "#FFFFFF"
    muted: str = "#B8C7DB"
    accent: str = "#FFD23F"
    highlight: str = "#FFD23F"
    highlight_text: str = "#0B1D33"
    closed: str = "#7A8CA3"
    ticker_background: str = "#FFD23F"
    ticker_text: str = "#0B1D33"
    font_family: str = "DejaVu Sans"


@dataclass(frozen=True)
class DisplayConfig:
    orientation: str = "landscape"
    windowed: bool = False
    languages: tuple[str, ...] = ("id",)
    number_reading: Reading = Reading.DIGITS
    volume: float = 0.8
    mute: bool = False
    counters: frozenset[int] | None = None
    services: frozenset[str] | None = None
    recent_calls: int = 6
    highlight_seconds: float = 8.0
    info_folder: Path | None = None
    info_seconds: float = 12.0
    voice_folder: Path | None = None
    reading_distance_m: float = 8.0
    screen_inches: float = 55.0
    page_seconds: float = 8.0
    theme: Theme = field(default_factory=Theme)

    @property
    def portrait(self) -> bool:
        return self.orientation == "portrait"


def parse_counters(value: object, key: str = "display.counters") -> frozenset[int]:
    """`"1-5,8"`, `[1, 2]` or `3` -> the set of counter numbers."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not value:
        raise _bad(key, "must be counter numbers like 1-5,8", value)
    numbers: set[int] = set()
    for part in value:
        numbers |= _counter_part(part, key)
    return frozenset(numbers)


def _counter_part(part: object, key: str) -> set[int]:
    if isinstance(part, int) and not isinstance(part, bool) and part > 0:
        return {part}
    match = _RANGE.match(part) if isinstance(part, str) else None
    if match is None:
        raise _bad(key, "must be counter numbers like 1-5,8", part)
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if low < 1 or high < low:
        raise _bad(key, "must be a rising range of counter numbers", part)
    return set(range(low, high + 1))


def parse_services(value: object, key: str = "display.services") -> frozenset[str]:
    """`"A,B"` or `["A", "B"]` -> {"A", "B"}."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not value:
        raise _bad(key, "must be service codes like A,B", value)
    codes = [str(v).strip().upper() for v in value]
    if not all(c.isalpha() and len(c) <= 3 for c in codes):
        raise _bad(key, "must be service codes like A,B", value)
    return frozenset(codes)


def parse_languages(value: object, key: str = "display.languages") -> tuple[str, ...]:
    """`"id,en"` or `["id", "en"]` -> ("id", "en"), in the order given."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not value:
        raise _bad(key, f"must be a list of {'/'.join(LANGUAGES)}", value)
    langs = tuple(str(v).strip().lower() for v in value)
    if any(lang not in LANGUAGES for lang in langs) or len(set(langs)) != len(langs):
        raise _bad(key, f"must be distinct languages out of {', '.join(LANGUAGES)}", value)
    return langs


def load(path: Path | None) -> DisplayConfig:
    """The settings of the `[display]` table of a TOML file (defaults without a file)."""
    if path is None:
        return DisplayConfig()
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise DisplayConfigError(f"{path}: cannot read it: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise DisplayConfigError(f"{path}: not valid TOML: {error}") from None
    table = data.get("display", {})
    try:
        return from_table(table)
    except DisplayConfigError as error:
        raise DisplayConfigError(f"{path}: {error}") from None


def from_table(table: object) -> DisplayConfig:
    """Validate a `[display]` table; unknown keys are errors (a typo must not pass silently)."""
    if not isinstance(table, dict):
        raise _bad("display", "must be a table", table)
    values: dict[str, Any] = {}
    for key, raw in table.items():
        if key == "theme":
            values["theme"] = _theme(raw)
        elif key in _PARSERS:
            values[key] = _PARSERS[key](raw, f"display.{key}")
        else:
            raise DisplayConfigError(f"display.{key}: unknown setting")
    return DisplayConfig(**values)


def with_overrides(config: DisplayConfig, **overrides: Any) -> DisplayConfig:
    """The config with the command-line values that were given (None means "not given")."""
    given = {key: value for key, value in overrides.items() if value is not None}
    return replace(config, **given)


def _theme(raw: object) -> Theme:
    if not isinstance(raw, dict):
        raise _bad("display.theme", "must be a table", raw)
    known = {f.name for f in fields(Theme)}
    for key, value in raw.items():
        if key not in known:
            raise DisplayConfigError(f"display.theme.{key}: unknown setting")
        if not isinstance(value, str):
            raise _bad(f"display.theme.{key}", "must be a string", value)
        if key != "font_family" and not _COLOR.match(value):
            raise _bad(f"display.theme.{key}", "must be a colour like #1A2B3C", value)
    return Theme(**raw)


def _choice(*allowed: str) -> Callable[[object, str], str]:
    def parse(value: object, key: str) -> str:
        if value not in allowed:
            raise _bad(key, f"must be one of {', '.join(allowed)}", value)
        return str(value)

    return parse


def _number(low: float, high: float) -> Callable[[object, str], float]:
    def parse(value: object, key: str) -> float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not low <= float(value) <= high:  # type: ignore[arg-type]
            raise _bad(key, f"must be a number from {low:g} to {high:g}", value)
        return float(value)  # type: ignore[arg-type]

    return parse


def _whole(low: int, high: int) -> Callable[[object, str], int]:
    def parse(value: object, key: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise _bad(key, f"must be a whole number from {low} to {high}", value)
        return value

    return parse


def _flag(value: object, key: str) -> bool:
    if not isinstance(value, bool):
        raise _bad(key, "must be true or false", value)
    return value


def _folder(value: object, key: str) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise _bad(key, "must be a folder path", value)
    return Path(value).expanduser()


def _reading(value: object, key: str) -> Reading:
    return Reading(_choice(*(r.value for r in Reading))(value, key))


_PARSERS: Mapping[str, Callable[[object, str], Any]] = {
    "orientation": _choice("landscape", "portrait"),
    "windowed": _flag,
    "languages": parse_languages,
    "number_reading": _reading,
    "volume": _number(0, 1),
    "mute": _flag,
    "counters": parse_counters,
    "services": parse_services,
    "recent_calls": _whole(0, 20),
    "highlight_seconds": _number(0, 60),
    "info_folder": _folder,
    "info_seconds": _number(2, 600),
    "voice_folder": _folder,
    "reading_distance_m": _number(1, 30),
    "screen_inches": _number(10, 150),
    "page_seconds": _number(2, 120),
}


def _bad(key: str, rule: str, value: object) -> DisplayConfigError:
    return DisplayConfigError(f"{key}: {rule}, got {value!r}")
