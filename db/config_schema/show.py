"""How a wrong value is quoted in an error: short, on one line, as the file would write it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import time


def show(value: object) -> str:
    """A short one-line rendering of a TOML value for an error message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(shown, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def quoted(options: tuple[object, ...]) -> str:
    """'"a", "b"' for texts, "58, 80" for numbers."""
    return ", ".join(show(option) for option in options)
