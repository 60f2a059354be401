"""`walkin status` tells the time as the office reads its clock, date included."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from db.services import devices
from db.store.engine import open_database
from tests.unit.walkin.conftest import run

# 17:37 UTC on the 29th is 00:37 on the 30th in Jakarta (the demo office's zone, UTC+7).
LATE_UTC = datetime(2026, 11, 29, 17, 37, tzinfo=UTC)


def test_status_prints_a_device_s_last_heartbeat_in_office_time(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(demo_url)
    try:
        devices.heartbeat(db, "display@hall", "display", {"audio": "ok"}, now=LATE_UTC)
    finally:
        db.dispose()
    code, out, _ = run(capsys, "--db", demo_url, "status")
    assert code == 0
    line = next(text for text in out.splitlines() if text.startswith("display@hall"))
    assert "2026-11-30 00:37 WIB" in line
    assert "2026-11-29" not in line
    assert "last seen (office time)" in out
