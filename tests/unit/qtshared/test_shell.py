"""run_app: a log file in the platform's log folder, Ctrl+C quits cleanly, then everything stops."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from db.services import devices
from db.store.engine import Database
from qtshared.shell import logging_to

REPO_ROOT = Path(__file__).resolve().parents[3]
APP = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from db.store.engine import open_database
from qtshared.shell import AppInfo, run_app

class App:
    def __init__(self):
        self.window = QWidget()
        self.window.show()
        QTimer.singleShot(0, lambda: print("running", flush=True))

    def health(self):
        return {"printer": "ok"}

    def stop(self):
        print("stopped", flush=True)

info = AppInfo("kiosk", "Kiosk antrean", "kiosk@test", "kiosk")
print(run_app(info, open_database(sys.argv[1]), lambda app: App()))
"""


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setattr(platformdirs, "user_log_dir", lambda *_, **__: str(folder))
    return folder


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


def test_ctrl_c_quits_the_app_and_everything_stops(db: Database, tmp_path: Path) -> None:
    # A child process: Ctrl+C is a real signal, and Qt's application ends with it.
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)}
    url = db.url.render_as_string(hide_password=False)
    child = subprocess.Popen(
        [sys.executable, "-c", APP, url],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "running"
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 0, err
    assert out.split() == ["stopped", "0"]
    [status] = devices.device_statuses(db)
    assert (status.name, status.health) == ("kiosk@test", {"printer": "ok"})
    log = (tmp_path / "walkin" / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert "kiosk starting" in log
    assert "kiosk stopped" in log
    assert "kiosk stopped" in err  # and on stderr too
