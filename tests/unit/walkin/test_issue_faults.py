"""`walkin issue` on a failing database: a lost answer is retried with the same key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.errors import DatabaseCorrupt, DatabaseUnavailable
from db.results import IssuedTicket
from db.services.tickets import issue_ticket
from db.store import engine, faults
from db.store.models import Ticket
from tests.helpers.damage import damage_table, filled_sqlite
from walkin import issuing
from walkin.cli import main


@pytest.fixture
def demo_url(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--db", db_url, "init", "--demo"]) == 0
    capsys.readouterr()
    return db_url


@pytest.fixture(autouse=True)
def no_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(faults, "RETRY_DELAYS_S", (0.0, 0.0, 0.0))


def _tickets(url: str) -> int:
    db = engine.open_database(url)
    try:
        with engine.read(db) as session:
            return session.scalar(select(func.count()).select_from(Ticket)) or 0
    finally:
        db.dispose()


def _failing(monkeypatch: pytest.MonkeyPatch, first: Exception, *, after: bool) -> list[str]:
    """Make the first issue_ticket fail (after its commit when `after`); the keys of each try."""
    keys: list[str] = []

    def flaky(*args: Any, **kwargs: Any) -> IssuedTicket:
        keys.append(kwargs["idempotency_key"])
        if len(keys) == 1 and not after:
            raise first
        issued = issue_ticket(*args, **kwargs)
        if len(keys) == 1:
            raise first  # committed, but the answer never arrives
        return issued

    monkeypatch.setattr(issuing, "issue_ticket", flaky)
    return keys


def test_an_answer_lost_after_the_commit_is_retried_without_a_second_ticket(
    demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lost = DatabaseUnavailable("cannot use the database: server closed the connection")
    keys = _failing(monkeypatch, lost, after=True)
    assert main(["--db", demo_url, "issue", "A", "--json"]) == 0
    out, err = capsys.readouterr()
    assert len(keys) == 2
    assert keys[0] == keys[1]
    assert "trying again" in err
    assert json.loads(out)["number"] == "A001"
    assert json.loads(out)["repeated"] is True
    assert _tickets(demo_url) == 1


def test_a_lasting_fault_is_not_retried(
    demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = _failing(monkeypatch, DatabaseCorrupt("the database is damaged"), after=False)
    assert main(["--db", demo_url, "issue", "A"]) == 1
    assert capsys.readouterr().err == "walkin: the database is damaged\n"
    assert len(keys) == 1
    assert _tickets(demo_url) == 0


def test_retries_give_up_and_say_so(
    demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def down(*_args: Any, **_kwargs: Any) -> IssuedTicket:
        raise DatabaseUnavailable("cannot use the database: connection refused")

    monkeypatch.setattr(issuing, "issue_ticket", down)
    assert main(["--db", demo_url, "issue", "A"]) == 1
    err = capsys.readouterr().err
    assert err.count("trying again") == 3
    assert err.endswith("walkin: cannot use the database: connection refused\n")


def test_the_same_key_twice_gives_one_ticket(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", demo_url, "issue", "B", "--key", "phone-7"]) == 0
    assert main(["--db", demo_url, "issue", "B", "--key", "phone-7"]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first.startswith("B001")
    assert "earlier" not in first
    assert second.startswith("B001")
    assert "[issued earlier with this key]" in second
    assert _tickets(demo_url) == 1


def test_issue_refuses_a_damaged_sqlite_file(
    sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = filled_sqlite(sqlite_template, tmp_path)
    damage_table(path, "events")  # issuing alone would not read the damaged page
    assert main(["--db", f"sqlite:///{path}", "issue", "B"]) == 1
    err = capsys.readouterr().err
    assert "is damaged" in err
    assert "walkin restore" in err
