"""The Qt heartbeat writes at once and on its timer, off the GUI thread, and survives a lost
database."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from db.services import devices
from db.store import engine
from qtshared import heartbeat
from qtshared.heartbeat import Heartbeat


def test_beats_at_start_and_on_its_timer(db: engine.Database, qtbot: QtBot) -> None:
    health = {"audio": "ok"}
    beat = Heartbeat(db, "display@test", "display", lambda: dict(health), interval_ms=50)
    with qtbot.waitSignal(beat.written) as first:
        beat.start()
    assert first.args == [True]
    [status] = devices.device_statuses(db)
    assert status.health == {"audio": "ok"}
    health["audio"] = "no device"
    qtbot.waitUntil(lambda: devices.device_statuses(db)[0].health == {"audio": "no device"})
    beat.stop()


def test_the_heartbeat_is_written_off_the_gui_thread(
    db: engine.Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    writers: list[threading.Thread] = []
    write = heartbeat.heartbeat

    def spy(*args: object, **kwargs: object) -> None:
        writers.append(threading.current_thread())
        write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(heartbeat, "heartbeat", spy)
    beat = Heartbeat(db, "kiosk@test", "kiosk", dict)
    with qtbot.waitSignal(beat.written):
        beat.start()
    beat.stop()
    assert writers
    assert threading.main_thread() not in writers


def test_a_lost_database_skips_beats_without_raising(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    lost = engine.open_database("postgresql://postgres@127.0.0.1:1/test")
    beat = Heartbeat(lost, "kiosk@test", "kiosk", dict, interval_ms=50)
    with qtbot.waitSignal(beat.written, timeout=10_000) as first:
        beat.start()
    with qtbot.waitSignal(beat.written, timeout=10_000) as second:
        beat.beat()
    beat.stop()
    assert first.args == second.args == [False]
    assert sum("not recorded" in r.message for r in caplog.records) == 1
    lost.dispose()
