"""The [display] settings: file values, command-line overrides, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from display_board import config
from display_board.config import DisplayConfig, DisplayConfigError
from display_board.speech import Reading

FULL = """
[office]
name = "ignored by the display"

[display]
orientation = "portrait"
languages = ["en", "id"]
number_reading = "whole"
volume = 0.5
mute = true
counters = "1-3,7"
services = ["a", "B"]
recent_calls = 4
info_folder = "/srv/info"
reading_distance_m = 5
screen_inches = 65
page_seconds = 6

[display.theme]
background = "#000000"
font_family = "DejaVu Sans"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "office.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_every_setting_of_the_display_table(tmp_path: Path) -> None:
    loaded = config.load(write(tmp_path, FULL))
    assert loaded.portrait
    assert loaded.languages == ("en", "id")
    assert loaded.number_reading is Reading.WHOLE
    assert loaded.volume == 0.5
    assert loaded.mute
    assert loaded.counters == {1, 2, 3, 7}
    assert loaded.services == {"A", "B"}
    assert loaded.recent_calls == 4
    assert loaded.info_folder == Path("/srv/info")
    assert (loaded.reading_distance_m, loaded.screen_inches, loaded.page_seconds) == (5, 65, 6)
    assert loaded.theme.background == "#000000"
    assert loaded.theme.text == "#FFFFFF"  # untouched keys keep the default theme


def test_no_file_and_no_table_give_the_defaults(tmp_path: Path) -> None:
    assert config.load(None) == DisplayConfig()
    assert config.load(write(tmp_path, "[office]\nname = 'x'\n")) == DisplayConfig()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("volume = 3", "display.volume: must be a number from 0 to 1, got 3"),
        ("languages = ['id', 'fr']", "display.languages: must be distinct languages"),
        (
            "counters = '5-2'",
            'display.counters: must be a rising range of counter numbers, got "5-2"',
        ),
        ("counters = 'x'", "display.counters: must be counter numbers"),
        (
            "orientation = 'sideways'",
            'display.orientation: must be one of "landscape", "portrait", got "sideways"',
        ),
        ("mute = 'yes'", 'display.mute: must be true or false, got "yes"'),
        ("recent_calls = 50", "display.recent_calls: must be a whole number from 0 to 20"),
        ("colour = 'red'", "display.colour: unknown key (allowed here: orientation, windowed,"),
        ("reading_distance_m = 0", "display.reading_distance_m: must be a number from 1 to 30"),
        (
            "screen_inches = '55'",
            'display.screen_inches: must be a number from 10 to 150, got "55"',
        ),
        (
            "[display.theme]\ntext = 'white'",
            'display.theme.text: must be a colour "#RRGGBB", got "white"',
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_the_key(tmp_path: Path, table: str, message: str) -> None:
    path = write(tmp_path, f"[display]\n{table}\n")
    with pytest.raises(DisplayConfigError) as caught:
        config.load(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: {message}")
    assert "\n" not in text


def test_a_file_that_is_not_toml_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "[display\n")
    with pytest.raises(DisplayConfigError, match="TOML syntax error at line 1") as caught:
        config.load(path)
    assert caught.value.path == str(path)
    with pytest.raises(DisplayConfigError, match=r"missing\.toml: file not found"):
        config.load(tmp_path / "missing.toml")


def test_flags_override_the_file_and_absent_flags_do_not() -> None:
    base = DisplayConfig(mute=True, languages=("en",))
    merged = config.with_overrides(base, mute=None, languages=("id", "en"), windowed=True)
    assert merged.mute
    assert merged.languages == ("id", "en")
    assert merged.windowed


def test_counter_lists_take_ranges_numbers_and_lists() -> None:
    assert config.parse_counters("1-3, 5") == {1, 2, 3, 5}
    assert config.parse_counters([2, "4-5"]) == {2, 4, 5}
    assert config.parse_counters(7) == {7}
    with pytest.raises(DisplayConfigError) as caught:
        config.parse_counters("0", "--counters")
    assert str(caught.value) == '--counters: must be a rising range of counter numbers, got "0"'
