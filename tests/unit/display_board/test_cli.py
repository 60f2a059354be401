"""`walkin display` and `python -m display_board`: flags, errors, and no Qt for `walkin --help`."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from display_board import cli
from display_board.speech import Reading

REPO_ROOT = Path(__file__).resolve().parents[3]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="walkin")
    parser.add_argument("--db")
    cli.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_flags_become_the_display_settings(tmp_path: Path) -> None:
    config_file = tmp_path / "office.toml"
    config_file.write_text('[display]\nnumber_reading = "whole"\nmute = false\n', encoding="utf-8")
    args = parse(
        "--db", "sqlite:///x", "display", "--counters", "1-5", "--services", "A,b",
        "--portrait", "--lang", "en,id", "--mute", "--config", str(config_file),
    )  # fmt: skip
    settings = cli.settings(args)
    assert args.handler is cli.run
    assert settings.counters == {1, 2, 3, 4, 5}
    assert settings.services == {"A", "B"}
    assert settings.portrait
    assert settings.languages == ("en", "id")
    assert settings.mute
    assert settings.number_reading is Reading.WHOLE
    assert not settings.windowed


def test_no_flags_keep_the_defaults() -> None:
    settings = cli.settings(parse("display"))
    assert settings.counters is None
    assert settings.languages == ("id",)
    assert not settings.mute


def test_a_bad_flag_value_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", "sqlite:///unused.sqlite3", "--counters", "9-2"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("display: --counters: must be a rising range")
    assert err.count("\n") == 1


def test_a_bad_database_url_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", "mysql://nobody/none"]) == 1
    assert capsys.readouterr().err.startswith("display: unsupported database URL")


def test_walkin_help_lists_display_without_loading_qt() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from walkin.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "print('display' in out.getvalue(), any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False"]
