"""The settings file and the command line are checked (the catalogues: tests/unit/qtshared)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.config import KioskConfig, KioskConfigError, load_kiosk_config, printer_url


def test_settings_file_is_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nprinter = "tcp://10.0.0.5"\npaper = 58\nreturn_seconds = 15\n')
    config = load_kiosk_config(path)
    assert (config.printer, config.paper, config.return_seconds) == ("tcp://10.0.0.5", 58, 15)
    assert load_kiosk_config(None) == KioskConfig()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("return_seconds = 5", "kiosk.return_seconds: must be a whole number of at least 10"),
        ("paper = 76", "kiosk.paper: must be one of 58, 80, got 76"),
        ("hide_cursor = 1", "kiosk.hide_cursor: must be true or false, got 1"),
        ('code_page = "utf8"', "kiosk.code_page: must be one of"),
        ("colour = 1", r"kiosk.colour: unknown key \(allowed here: printer, paper,"),
    ],
)
def test_bad_settings_are_one_clear_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(f"[kiosk]\n{line}\n")
    with pytest.raises(KioskConfigError, match=problem):
        load_kiosk_config(path)


def test_printer_comes_from_the_flag_then_the_environment_then_the_file() -> None:
    config = KioskConfig(printer="file:///dev/usb/lp0")
    env = {"WALKIN_PRINTER": "tcp://p"}
    assert printer_url("none", env, config) == "none"
    assert printer_url(None, env, config) == "tcp://p"
    assert printer_url(None, {}, config) == "file:///dev/usb/lp0"


def test_walkin_kiosk_is_registered_without_loading_qt() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["--db", "sqlite:///x", "kiosk", "--windowed", "--printer", "none"])
    assert (args.command, args.windowed, args.printer, args.handler) == (
        "kiosk",
        True,
        "none",
        cli.run,
    )
