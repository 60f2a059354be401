"""The `walkin` parser loads no command's libraries: each command loads what it uses when it runs.

Each case runs in a fresh interpreter and lists the modules of note it ended up with.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.walkin.conftest import run
from walkin.cli import build_parser
from walkin.dispatch import Handler

REPO_ROOT = Path(__file__).resolve().parents[3]
# What the parser must never load: the report's charts, the printer library, the migrations'
# tool and Qt; --help not even the database layer.
HEAVY = ("matplotlib", "escpos", "alembic", "PySide6")
PARSER_ONLY = (*HEAVY, "sqlalchemy", "psycopg")
PROBE = (
    "import runpy, sys\n"
    "sys.argv = ['walkin', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('walkin', run_name='__main__')\n"
    "except SystemExit as done:\n"
    "    print('exit', done.code, file=sys.stderr)\n"
    "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
)


def _loaded(*argv: str, code: str = PROBE, db_url: str | None = None) -> set[str]:
    """The top-level packages imported by `python -c CODE ARGV...` (`walkin ARGV...` by default)."""
    env = {**os.environ, "WALKIN_DB": db_url or "sqlite:///unused.sqlite3"}
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


def test_importing_the_command_line_loads_no_library_of_a_command() -> None:
    code = "import sys, walkin.cli\nprint(' '.join({n.split('.')[0] for n in sys.modules}))\n"
    assert _loaded(code=code) & set(PARSER_ONLY) == set()


@pytest.mark.parametrize("argv", [["--help"], ["report", "--help"], ["kiosk", "--help"]])
def test_help_loads_no_library_of_a_command(argv: list[str]) -> None:
    assert _loaded(*argv) & set(PARSER_ONLY) == set()


def test_the_probe_sees_a_library_that_a_command_loads(demo_url: str) -> None:
    # `walkin status` needs the database layer: the probe must see it, or the tests above
    # would pass whatever the parser imported.
    assert {"sqlalchemy", "walkin"} <= _loaded("status", db_url=demo_url)


@pytest.mark.parametrize("argv", [["status"], ["status", "--json"], ["ticket", "A001"]])
def test_a_plain_command_loads_neither_charts_printer_migrations_nor_qt(
    demo_url: str, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", demo_url, "issue", "A")[0] == 0
    assert _loaded(*argv, db_url=demo_url) & set(HEAVY) == set()


def _handlers(parser: argparse.ArgumentParser) -> Iterator[Handler]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                handler = sub.get_default("handler")
                if isinstance(handler, Handler):
                    yield handler
                yield from _handlers(sub)


def test_every_named_handler_is_a_function_of_its_module() -> None:
    handlers = list(_handlers(build_parser()))
    targets = {handler.target for handler in handlers}
    assert {"walkin.status:show", "walkin.issuing:issue", "walkin.report:run"} <= targets
    for handler in handlers:
        module, _, name = handler.target.partition(":")
        assert callable(getattr(importlib.import_module(module), name, None)), handler.target
