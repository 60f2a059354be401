"""Full-screen windows fill a real X screen, with a window manager and without one (Xvfb).

Without a window manager `showFullScreen()` alone leaves a window at its own size in a corner
with no keyboard focus; `qtshared.fullscreen.fill_screen` must not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIZES = ((1366, 768), (1920, 1080), (1080, 1920))
# Shows a small window through fill_screen, then reports where X put it and whether it has the
# keyboard; first full screen, then maximized (the counter app's way).
PROBE = """
import json, sys
from PySide6.QtCore import QElapsedTimer
from PySide6.QtWidgets import QApplication, QWidget
from qtshared.fullscreen import fill_screen

app = QApplication([])
found = {}
for mode in ("full", "maximized"):
    window = QWidget()
    window.resize(458, 424)
    fill_screen(window, full_screen=mode == "full")
    clock = QElapsedTimer()
    clock.start()
    # A window manager takes its time on a loaded machine: wait for the end state, not the
    # first resize (a decorated frame comes before the full-screen one).
    screen = app.primaryScreen().geometry()
    def settled():
        frame = window.frameGeometry()
        wide = frame == screen if mode == "full" else frame.width() == screen.width()
        return window.isActiveWindow() and wide
    while clock.elapsed() < 15000 and not settled():
        app.processEvents()
    app.processEvents()
    frame = window.frameGeometry()
    found[mode] = [frame.x(), frame.y(), frame.width(), frame.height(), window.isActiveWindow()]
    window.close()
    app.processEvents()
print(json.dumps(found))
"""


def _needs(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.fail(f"{program} is missing: see .ci/debian-packages.txt")
    return path


@contextmanager
def x_server(width: int, height: int) -> Iterator[str]:
    """A fresh Xvfb on a free display number; yields its DISPLAY."""
    read, write = os.pipe()
    server = subprocess.Popen(
        [_needs("Xvfb"), "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as answer:
            number = answer.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def window_manager(display: str) -> Iterator[None]:
    manager = subprocess.Popen(
        [_needs("openbox"), "--sm-disable"],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)  # let it take the screen over before the window maps
    try:
        yield
    finally:
        manager.terminate()
        manager.wait(timeout=10)


def shown(display: str) -> dict[str, list[int]]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=90
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, list[int]] = json.loads(done.stdout.splitlines()[-1])
    return result


@pytest.mark.slow
@pytest.mark.parametrize("managed", [False, True], ids=["bare-x", "openbox"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_windows_fill_the_screen_and_get_the_keyboard(
    width: int, height: int, managed: bool
) -> None:
    # Under heavy load openbox may still be starting when the window maps (it is ready within
    # 0.1 s on a quiet machine): a managed case gets up to three fresh X servers and is judged
    # on the first whose full-screen window filled it. Before fill_screen asked for the state
    # first, openbox framed the window 7 times in 12 even on a quiet machine.
    for _attempt in range(3 if managed else 1):
        with x_server(width, height) as display:
            if managed:
                with window_manager(display):
                    found = shown(display)
            else:
                found = shown(display)
        if found["full"] == [0, 0, width, height, True]:
            break
    assert found["full"] == [0, 0, width, height, True]
    x, y, frame_width, frame_height, active = found["maximized"]
    assert active
    assert (x, y, frame_width) == (0, 0, width)
    # A window manager keeps its title bar (and panels) on screen: the frame still fits.
    assert height - 80 <= frame_height <= height
