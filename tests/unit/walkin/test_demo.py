"""`walkin demo` starts the kiosk, a counter app and the display, and stops them all."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from walkin.cli import main

ROOT = Path(__file__).resolve().parents[3]


def children_of(pid: int) -> list[int]:
    listing = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in listing.read_text().split()] if listing.exists() else []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


def wait_for(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def stop_by_sigterm(demo: subprocess.Popen[bytes]) -> None:
    demo.send_signal(signal.SIGTERM)


def stop_by_ctrl_c(demo: subprocess.Popen[bytes]) -> None:
    os.killpg(demo.pid, signal.SIGINT)  # what a terminal does: the whole foreground group


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("stop", [stop_by_sigterm, stop_by_ctrl_c])
def test_demo_runs_three_apps_and_the_phone_pages_and_stops_them_all(
    tmp_path: Path, stop: Callable[[subprocess.Popen[bytes]], None]
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path)}
    url = f"sqlite:///{tmp_path}/demo.sqlite3"
    port = free_port()
    demo = subprocess.Popen(
        [sys.executable, "-m", "walkin", "--db", url, "demo", "--web-port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, as in a terminal
    )
    try:
        assert wait_for(lambda: len(children_of(demo.pid)) == 4, 60)
        apps = children_of(demo.pid)
        assert wait_for(lambda: answers(f"http://127.0.0.1:{port}/"), 30)
        time.sleep(3)  # long enough for an app that fails at start-up to have exited
        assert all(alive(pid) for pid in apps), "an app exited at start-up"
        stop(demo)
        assert demo.wait(timeout=30) == 0
        assert wait_for(lambda: not any(alive(pid) for pid in apps), 10)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()


def test_demo_without_apps_prints_a_morning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", f"sqlite:///{tmp_path}/d.sqlite3", "demo", "--no-apps"]) == 0
    out = capsys.readouterr().out
    assert "kiosk    issued   A001" in out
    assert re.search(r"counter  called   A\d{3} to Loket \d \(step 1 of 2\)", out)
    assert re.search(r"counter  called   [ABC]\d{3} to Loket \d \(step 2 of 2\)", out)
