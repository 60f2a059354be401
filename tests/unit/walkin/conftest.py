"""Shared by the command-line tests: run `walkin` in-process, and a database with the demo."""

from __future__ import annotations

import pytest

from walkin.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`walkin ARGV...` in this process: (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_url(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    """A fresh database on each backend with the demo office (`walkin init --demo`)."""
    assert run(capsys, "--db", db_url, "init", "--demo")[0] == 0
    return db_url
