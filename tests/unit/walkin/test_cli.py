"""The `walkin` command line: JSON output, exit codes, and one-line errors."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from db.services.tickets import issue_ticket
from db.store.engine import open_database
from tests.helpers import printers
from tests.unit.walkin.conftest import run

ROOT = Path(__file__).resolve().parents[3]


def test_issue_and_call_print_json_for_scripts(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", demo_url, "issue", "A", "--json")
    assert code == 0
    issued = json.loads(out)
    assert (issued["number"], issued["service"], issued["people_ahead"]) == ("A001", "A", 0)
    # The demo office's public URL is the demo's own `walkin web`.
    assert re.fullmatch(r"http://localhost:8080/t/[A-Za-z0-9_-]{22}", issued["url"])
    code, out, _ = run(capsys, "--db", demo_url, "call", "1", "--officer", "budi", "--json")
    assert code == 0
    assert (json.loads(out)["number"], json.loads(out)["counter"]) == ("A001", 1)


def test_call_with_nobody_waiting_exits_3(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", demo_url, "call", "1")
    assert (code, out) == (3, "")
    assert err == "walkin: nobody is waiting for counter 1\n"


def test_finish_and_status(demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--db", demo_url, "issue", "B", "--priority", "lansia")
    run(capsys, "--db", demo_url, "call", "1")
    code, out, _ = run(capsys, "--db", demo_url, "finish", "1")
    assert code == 0
    assert out == "B001  waiting  (Passport renewal, step 2 of 2: Photo & interview)\n"
    run(capsys, "--db", demo_url, "call", "3")
    code, out, _ = run(capsys, "--db", demo_url, "finish", "3", "--outcome", "selesai")
    assert code == 0
    assert out.startswith("B001  finished at counter 3")
    code, out, _ = run(capsys, "--db", demo_url, "status", "--json")
    services = {s["code"]: s for s in json.loads(out)["services"]}
    assert (services["B"]["issued"], services["B"]["quota_left"]) == (1, 99)


def test_finish_takes_an_outcome_that_can_end_the_visit(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", demo_url, "issue", "A")
    run(capsys, "--db", demo_url, "call", "2")
    code, _, err = run(capsys, "--db", demo_url, "finish", "2", "--outcome", "hilang")
    assert (code, err) == (
        1,
        "walkin: there is no outcome 'hilang' (known: selesai, berkas_kurang, ditunda)\n",
    )
    code, out, _ = run(
        capsys, "--db", demo_url, "finish", "2", "--outcome", "berkas_kurang", "--json"
    )
    assert (json.loads(out)["status"], json.loads(out)["step"]) == ("finished", 1)


def test_user_errors_are_one_line_with_exit_1(
    demo_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "--db", demo_url, "issue", "Z")[2] == "walkin: there is no service 'Z'\n"
    bad = tmp_path / "office.toml"
    bad.write_text('[office]\nname = "X"\n[[services]]\ncode = "a1"\n')
    code, _, err = run(capsys, "--db", demo_url, "init", "--config", str(bad))
    assert code == 1
    assert err.startswith(f"walkin: {bad}: services[0].code")
    assert err.count("\n") == 1


def test_an_office_config_applies_idempotently(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    example = ROOT / "db" / "data" / "example_office.toml"
    for _ in range(2):
        code, out, _ = run(capsys, "--db", db_url, "init", "--config", str(example))
        assert code == 0
    assert "0 retired" in out


def test_officer_pin_from_stdin(
    demo_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "--db", demo_url, "officer", "add", "rina", "--name", "Rina")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("2468\n"))
    code, out, _ = run(capsys, "--db", demo_url, "officer", "set-pin", "rina", "--pin-stdin")
    assert (code, out) == (0, "PIN set for rina\n")


def test_an_unreachable_database_is_one_line_without_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "walkin", "--db", "postgresql://u:pw@127.0.0.1:1/x", "status"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("walkin: cannot use the database postgresql+psycopg://u:***@")
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.fixture
def sqlite_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'queue.db'}"
    assert run(capsys, "--db", url, "init", "--demo")[0] == 0
    return url


@pytest.mark.parametrize(
    "mode", [None, printers.Mode.BLACK_HOLE, printers.Mode.RESET_MID_JOB, printers.Mode.PAPER_OUT]
)
def test_issue_print_on_a_failing_printer_exits_4_and_keeps_the_ticket(
    sqlite_demo: str, capsys: pytest.CaptureFixture[str], mode: printers.Mode | None
) -> None:
    with contextlib.ExitStack() as stack:
        url = printers.refused_url()
        if mode is not None:
            url = stack.enter_context(printers.fake_printer(mode)).url
        code, out, err = run(capsys, "--db", sqlite_demo, "issue", "A", "--print", "--printer", url)
    assert code == 4
    assert out.startswith("A001")
    assert err.startswith("walkin: ticket A001 exists; only printing failed: printer tcp://")
    assert "`walkin reprint A001`" in err
    _, out, _ = run(capsys, "--db", sqlite_demo, "status", "--json")
    assert {s["code"]: s["issued"] for s in json.loads(out)["services"]}["A"] == 1


def test_reprint_sends_the_same_ticket_to_a_confirming_printer(
    sqlite_demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", sqlite_demo, "issue", "B")
    with printers.fake_printer() as printer:
        code, out, err = run(
            capsys, "--db", sqlite_demo, "reprint", "b001", "--printer", printer.url
        )
        assert code == 0, err
    assert b"B001" in printer.jobs[0]
    assert (out, err) == ("", "")
    code, _, err = run(capsys, "--db", sqlite_demo, "reprint", "B009", "--printer", "none")
    assert (code, err) == (1, "walkin: there is no ticket 'B009' today\n")


def test_a_file_printer_is_reported_sent_but_unconfirmed(
    sqlite_demo: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "lp0"
    code, _, err = run(
        capsys, "--db", sqlite_demo, "issue", "A", "--print", "--printer", f"file://{target}"
    )
    assert code == 0
    assert err.startswith(f"ticket A001 sent to file://{target}, unconfirmed: this printer")
    assert b"A001" in target.read_bytes()


def test_a_report_whose_end_is_before_its_start_is_one_clear_line(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "--db", demo_url, "report", "--from", "2026-11-30", "--to", "2026-11-01"
    )
    assert (code, out) == (1, "")
    assert err == "walkin: --to 2026-11-01 is before --from 2026-11-30: swap them\n"


def test_status_says_a_service_with_its_quota_used_up_is_full(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(demo_url)
    try:
        for _ in range(20):  # the demo's quota of service C
            issue_ticket(db, "C")
    finally:
        db.dispose()
    _, out, _ = run(capsys, "--db", demo_url, "status")
    line = next(text for text in out.splitlines() if text.startswith("C "))
    assert line.endswith("full (walk-in quota used up; bookings still check in)")
    _, out, _ = run(capsys, "--db", demo_url, "status", "--json")
    services = {s["code"]: s for s in json.loads(out)["services"]}
    assert (services["C"]["open"], services["C"]["closed_reason"]) == (False, "quota")
    assert (services["A"]["open"], services["A"]["closed_reason"]) == (True, None)
