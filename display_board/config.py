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
A bad value is one line naming the file, the key and the fix:
`display.toml: display.volume: must be a number from 0 to 1, got 3`. The JSON Schema of the
table is shipped as ``assets/schema/display.schema.json`` (for editors).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, TypeVar

from db.config_schema.errors import ConfigError
from db.config_schema.files import table, validate
from db.config_schema.show import show
from db.config_schema.values import Colour, Flag, Number, OneOf, Table, Text, Whole, checked
from display_board.speech import LANGUAGES, Reading

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")
_T = TypeVar("_T")
TABLE = "display"


class DisplayConfigError(ConfigError):
    """The display configuration (file or flags) has a bad value."""


def _counters(value: object) -> frozenset[int]:
    """`"1-5,8"`, `[1, 2]` or `3` -> the set of counter numbers."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not value:
        raise ValueError(f"must be counter numbers like 1-5,8, got {show(value)}")
    numbers: set[int] = set()
    for part in value:
        numbers |= _counter_part(part)
    return frozenset(numbers)


def _counter_part(part: object) -> set[int]:
    if isinstance(part, int) and not isinstance(part, bool) and part > 0:
        return {part}
    match = _RANGE.match(part) if isinstance(part, str) else None
    if match is None:
        raise ValueError(f"must be counter numbers like 1-5,8, got {show(part)}")
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if low < 1 or high < low:
        raise ValueError(f"must be a rising range of counter numbers, got {show(part)}")
    return set(range(low, high + 1))


def _services(value: object) -> frozenset[str]:
    """`"A,B"` or `["A", "B"]` -> {"A", "B"}."""
    listed = value.split(",") if isinstance(value, str) else value
    codes = [str(v).strip().upper() for v in listed] if isinstance(listed, list) else []
    if not codes or not all(c.isalpha() and len(c) <= 3 for c in codes):
        raise ValueError(f"must be service codes like A,B, got {show(value)}")
    return frozenset(codes)


def _languages(value: object) -> tuple[str, ...]:
    """`"id,en"` or `["id", "en"]` -> ("id", "en"), in the order given."""
    listed = value.split(",") if isinstance(value, str) else value
    langs = tuple(str(v).strip().lower() for v in listed) if isinstance(listed, list) else ()
    if not langs or any(lang not in LANGUAGES for lang in langs) or len(set(langs)) < len(langs):
        known = ", ".join(LANGUAGES)
        raise ValueError(f"must be distinct languages out of {known}, got {show(value)}")
    return langs


def _folder(value: object) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a folder path, got {show(value)}")
    return Path(value).expanduser()


def _text_or_list(example: str) -> dict[str, Any]:
    """The JSON Schema of a list a file may also write as text, e.g. "1-5,8"."""
    return {"anyOf": [{"type": "string", "examples": [example]}, {"type": "array"}]}


Seconds = Annotated[float, Number(2, 600)]
ThemeColour = Annotated[str, Colour]
Folder = Annotated[Path, checked(_folder, {"type": "string"})]


@dataclass(frozen=True)
class Theme(Table):
    background: ThemeColour = "#0B1D33"
    panel: ThemeColour = "#132C4C"
    text: ThemeColour = "#FFFFFF"
    muted: ThemeColour = "#B8C7DB"
    accent: ThemeColour = "#FFD23F"
    highlight: ThemeColour = "#FFD23F"
    highlight_text: ThemeColour = "#0B1D33"
    closed: ThemeColour = "#7A8CA3"
    ticker_background: ThemeColour = "#FFD23F"
    ticker_text: ThemeColour = "#0B1D33"
    font_family: Annotated[str, Text] = "DejaVu Sans"


@dataclass(frozen=True)
class DisplayConfig(Table):
    """The `[display]` table of a display's settings file."""

    orientation: Annotated[str, OneOf(("landscape", "portrait"))] = "landscape"
    windowed: Annotated[bool, Flag] = False
    languages: Annotated[tuple[str, ...], checked(_languages, _text_or_list("id,en"))] = ("id",)
    number_reading: Annotated[Reading, OneOf(tuple(r.value for r in Reading))] = Reading.DIGITS
    volume: Annotated[float, Number(0, 1)] = 0.8
    mute: Annotated[bool, Flag] = False
    counters: Annotated[frozenset[int], checked(_counters, _text_or_list("1-5,8"))] | None = None
    services: Annotated[frozenset[str], checked(_services, _text_or_list("A,B"))] | None = None
    recent_calls: Annotated[int, Whole(0, 20)] = 6
    highlight_seconds: Annotated[float, Number(0, 60)] = 8.0
    info_folder: Folder | None = None
    info_seconds: Seconds = 12.0
    voice_folder: Folder | None = None
    reading_distance_m: Annotated[float, Number(1, 30)] = 8.0
    screen_inches: Annotated[float, Number(10, 150)] = 55.0
    page_seconds: Annotated[float, Number(2, 120)] = 8.0
    theme: Theme = field(default_factory=Theme)

    @property
    def portrait(self) -> bool:
        return self.orientation == "portrait"


def _flag_value(parse: Callable[[object], _T], value: object, key: str) -> _T:
    """A command-line value (or a file's, with its key) through the file's own check."""
    try:
        return parse(value)
    except ValueError as error:
        raise DisplayConfigError("", key, str(error)) from None


def parse_counters(value: object, key: str = "display.counters") -> frozenset[int]:
    return _flag_value(_counters, value, key)


def parse_services(value: object, key: str = "display.services") -> frozenset[str]:
    return _flag_value(_services, value, key)


def parse_languages(value: object, key: str = "display.languages") -> tuple[str, ...]:
    return _flag_value(_languages, value, key)


def load(path: Path | None) -> DisplayConfig:
    """The settings of the `[display]` table of a TOML file (defaults without a file)."""
    found = table(path, TABLE, DisplayConfigError)
    return validate(DisplayConfig, found, str(path or ""), DisplayConfigError, at=(TABLE,))


def with_overrides(config: DisplayConfig, **overrides: Any) -> DisplayConfig:
    """The config with the command-line values that were given (None means "not given")."""
    given = {key: value for key, value in overrides.items() if value is not None}
    return replace(config, **given)
