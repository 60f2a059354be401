"""`walkin central` and `walkin report --central`: usage errors say what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from walkin.cli import main


def test_office_without_central_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "--from", "2026-11-01", "--to", "2026-11-30", "--office", "MDN"])
    assert code == 1
    assert "add --central" in capsys.readouterr().err


def test_a_sqlite_central_database_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert main(["central", "init", "--db", url]) == 1
    assert "the central database is PostgreSQL" in capsys.readouterr().err


def test_publishing_needs_an_office_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["central", "publish"])
    assert "--office" in capsys.readouterr().err
