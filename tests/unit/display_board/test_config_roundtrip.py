"""Any valid [display] table, written out as a settings file, reads back as the same settings."""

from __future__ import annotations

import string
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from display_board import config
from display_board.config import DisplayConfig, Theme
from display_board.speech import LANGUAGES, Reading
from tests.helpers.office_toml import table

colours = st.from_regex(r"#[0-9A-Fa-f]{6}", fullmatch=True)
themes = st.builds(Theme, **{f.name: colours for f in fields(Theme) if f.name != "font_family"})
folders = st.none() | st.sampled_from([Path("/srv/display/info"), Path("/media/usb/voice")])
codes = st.text(string.ascii_uppercase, min_size=1, max_size=3)
display_configs = st.builds(
    DisplayConfig,
    orientation=st.sampled_from(["landscape", "portrait"]),
    windowed=st.booleans(),
    languages=st.lists(st.sampled_from(LANGUAGES), min_size=1, unique=True).map(tuple),
    number_reading=st.sampled_from(Reading),
    volume=st.floats(0, 1),
    mute=st.booleans(),
    counters=st.none() | st.frozensets(st.integers(1, 99), min_size=1),
    services=st.none() | st.frozensets(codes, min_size=1),
    recent_calls=st.integers(0, 20),
    highlight_seconds=st.floats(0, 60),
    info_folder=folders,
    info_seconds=st.floats(2, 600),
    voice_folder=folders,
    reading_distance_m=st.floats(1, 30),
    screen_inches=st.floats(10, 150),
    page_seconds=st.floats(2, 120),
    theme=themes,
)


def written(display: DisplayConfig) -> str:
    values: dict[str, Any] = {key.name: getattr(display, key.name) for key in fields(display)}
    theme = values.pop("theme")
    values["number_reading"] = display.number_reading.value
    for key in ("counters", "services"):
        values[key] = sorted(values[key]) if values[key] is not None else None
    for key in ("info_folder", "voice_folder"):
        values[key] = str(values[key]) if values[key] is not None else None
    return table("[display]", values) + table("[display.theme]", vars(theme))


@given(display_configs)
@settings(max_examples=40, deadline=None)
def test_valid_display_settings_written_to_toml_read_back_unchanged(display: DisplayConfig) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "display.toml"
        path.write_text(written(display), encoding="utf-8")
        assert config.load(path) == display
