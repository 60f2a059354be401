"""`walkin appointments import` and `walkin checkin`: counts, line numbers, JSON, exit codes."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.unit.walkin.conftest import run


def booking_file(folder: Path, *extra_rows: str) -> Path:
    """Today's list (office-local) with a session open right now, plus `extra_rows`."""
    now = datetime.now(ZoneInfo("Asia/Jakarta"))
    start = max(now - timedelta(minutes=30), now.replace(hour=0, minute=0))
    end = min(now + timedelta(minutes=30), now.replace(hour=23, minute=59))
    rows = [
        "booking_code,date,session_start,session_end,service,nama",
        f"MP-1001,{now:%Y-%m-%d},{start:%H:%M},{end:%H:%M},A,Budi",
        *extra_rows,
    ]
    path = folder / "bookings.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_import_reports_counts_and_rejected_lines_and_exits_5(
    demo_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = booking_file(tmp_path, "MP-1002,2026-13-01,09:00,10:00,A,Siti")
    code, out, err = run(capsys, "--db", demo_url, "appointments", "import", str(path))
    assert code == 5
    assert "1 added" in out
    assert "ignored columns (never stored): nama" in out
    assert "line 3: date '2026-13-01' is not YYYY-MM-DD" in err
    code, out, _ = run(capsys, "--db", demo_url, "appointments", "import", str(path))
    assert "0 added, 0 updated, 1 unchanged" in out


def test_strict_import_loads_nothing_and_says_why(
    demo_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = booking_file(tmp_path, "MP-1002,2026-12-01,09:00,10:00,Q,Siti")
    code, _, err = run(capsys, "--db", demo_url, "appointments", "import", "--strict", str(path))
    assert code == 1
    assert "nothing loaded (--strict): line 3: service 'Q'" in err


def test_checkin_prints_the_ticket_and_its_session_as_json(
    demo_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "--db", demo_url, "appointments", "import", str(booking_file(tmp_path)))
    code, out, _ = run(capsys, "--db", demo_url, "checkin", "mp-1001", "--json")
    assert code == 0
    done = json.loads(out)
    assert (done["number"], done["service"], done["people_ahead"]) == ("A001", "A", 0)
    assert done["status"] == "on_time"
    assert time.fromisoformat(done["appointment"]["start"]) < time.fromisoformat(
        done["appointment"]["end"]
    )
    code, out, _ = run(capsys, "--db", demo_url, "checkin", "MP-1001", "--json")
    assert (json.loads(out)["number"], json.loads(out)["repeated"]) == ("A001", True)


def test_an_unknown_code_is_one_clear_line(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", demo_url, "checkin", "MP-0000")
    assert (code, out) == (1, "")
    assert err == (
        "walkin: booking MP-0000 is not on today's list: please go to the information desk\n"
    )


def test_a_missing_file_is_one_clear_line(
    demo_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "--db", demo_url, "appointments", "import", str(tmp_path / "none.csv")
    )
    assert code == 1
    assert err.startswith("walkin: cannot read ")
