"""The Qt heartbeat writes at once and on its timer, and survives a lost database."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from db.services import devices
from db.store import engine
from qtshared.heartbeat import Heartbeat


def test_beats_at_start_and_on_its_timer(db: engine.Database, qtbot: QtBot) -> None:
    health = {"audio": "ok"}
    beat = Heartbeat(db, "display@test", "display", lambda: dict(health), interval_ms=50)
    beat.start()
    [status] = devices.device_statuses(db)
    assert status.health == {"audio": "ok"}
    health["audio"] = "no device"
    qtbot.waitUntil(lambda: devices.device_statuses(db)[0].health == {"audio": "no device"})
    beat.stop()


def test_a_lost_database_skips_beats_without_raising(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    lost = engine.open_database("postgresql://postgres@127.0.0.1:1/test")
    beat = Heartbeat(lost, "kiosk@test", "kiosk", dict, interval_ms=50)
    beat.start()
    beat.beat()
    beat.stop()
    assert sum("not recorded" in r.message for r in caplog.records) == 1
    lost.dispose()
