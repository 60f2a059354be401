"""`walkin ticket CODE [--json]`: the front desk's lookup on the command line."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from db.services import calls
from db.services.tickets import issue_ticket
from db.store.engine import Database
from walkin.cli import main
from walkin.ticket_lookup import EXIT_UNKNOWN_TICKET

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(db: Database, capsys: pytest.CaptureFixture[str]) -> Run:
    """`walkin ticket ARGS` on the test database: its exit code, stdout and stderr."""

    def go(*args: str) -> tuple[int, str, str]:
        url = db.url.render_as_string(hide_password=False)
        code = main(["--db", url, "ticket", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return go


def test_json_gives_number_status_service_and_people_ahead(db: Database, run: Run) -> None:
    for _ in range(3):
        issue_ticket(db, "A")
    code, out, err = run("a003", "--json")
    assert (code, err) == (0, "")
    found = json.loads(out)
    assert (found["number"], found["status"], found["service"]) == ("A003", "waiting", "A")
    assert found["people_ahead"] == 2
    assert found["counter"] is None
    assert found["estimated_wait_minutes"] is None  # no history: no made-up estimate


def test_a_called_ticket_names_its_counter(db: Database, run: Run) -> None:
    issue_ticket(db, "B")
    calls.call_next(db, 2)
    code, out, _ = run("B001")
    assert code == 0
    assert "B001  called at counter 2" in out
    found = json.loads(run("B001", "--json")[1])
    assert (found["status"], found["counter"], found["people_ahead"]) == ("called", 2, None)


def test_an_unknown_code_says_so_with_its_own_exit_code(db: Database, run: Run) -> None:
    code, out, err = run("z999", "--json")
    assert (code, out) == (EXIT_UNKNOWN_TICKET, "")
    assert "there is no ticket 'Z999' today" in err
