"""run_app: a log file in the platform's log folder, Ctrl+C quits cleanly, then everything stops."""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from db import devices
from db.engine import Database
from qtshared.shell import AppInfo, logging_to, run_app

INFO = AppInfo("kiosk", "Kiosk antrean", "kiosk@test", "kiosk")


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setattr(platformdirs, "user_log_dir", lambda *_, **__: str(folder))
    return folder


class FakeApp:
    """A shown window that presses Ctrl+C as soon as the event loop runs."""

    def __init__(self, qtbot: QtBot) -> None:
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.window.show()
        self.stopped = 0
        QTimer.singleShot(0, lambda: os.kill(os.getpid(), signal.SIGINT))

    def health(self) -> dict[str, Any]:
        return {"printer": "ok"}

    def stop(self) -> None:
        self.stopped += 1


def test_logs_go_to_a_rotating_file_in_the_platform_log_folder(log_dir: Path) -> None:
    with logging_to("counter") as path:
        logging.getLogger("counter_app.test").info("officer signed in")
    logging.getLogger("counter_app.test").info("after the app ended")
    assert path == log_dir / "counter.log"
    text = path.read_text(encoding="utf-8")
    assert "INFO counter_app.test: officer signed in" in text
    assert "after the app ended" not in text


def test_an_unwritable_log_folder_leaves_the_log_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "taken").write_text("a file, not a folder")
    monkeypatch.setattr(platformdirs, "user_log_dir", lambda *_, **__: str(tmp_path / "taken"))
    with logging_to("display") as path:
        logging.getLogger("display_board.test").warning("still said")
    assert path is None
    assert "still said" in capsys.readouterr().err


def test_ctrl_c_quits_the_app_and_everything_stops(
    db: Database, qtbot: QtBot, log_dir: Path
) -> None:
    made: list[FakeApp] = []

    def build(app: QApplication) -> FakeApp:
        made.append(FakeApp(qtbot))
        return made[-1]

    assert run_app(INFO, db, build) == 0
    [app] = made
    assert app.stopped == 1
    [status] = devices.device_statuses(db)
    assert (status.name, status.health) == ("kiosk@test", {"printer": "ok"})
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    text = (log_dir / "kiosk.log").read_text(encoding="utf-8")
    assert "kiosk starting" in text
    assert "kiosk stopped" in text
    assert QApplication.applicationName() == "walkin-kiosk"
