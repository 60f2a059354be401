"""Is there a screen to open a window on? Asked before any QApplication exists.

Without one, Qt aborts the whole process (exit 134) with a message about libxcb-cursor0 that
sends people hunting for a library that is installed. So the apps look first: no DISPLAY, no
WAYLAND_DISPLAY and no QT_QPA_PLATFORM means there is nothing to connect to; otherwise a child
process opens the display the way the app would, so a display that does not answer (a wrong
DISPLAY, an X server that stopped) is found without taking the app down. This module imports no
Qt: the child does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping

from db.errors import UserError

PROBE_TIMEOUT_S = 15.0
# Platforms that draw without a display server (tests, a frame buffer, a VNC server of Qt's own).
NO_SERVER_PLATFORMS = frozenset({"offscreen", "minimal", "eglfs", "linuxfb", "vnc", "vkkhrdisplay"})
HOW_TO_POINT = (
    "run it in the PC's screen session, or point it at a display: DISPLAY=:0 for X11 "
    "(WAYLAND_DISPLAY=wayland-0 for Wayland); QT_QPA_PLATFORM=offscreen for tests"
)

_PROBE = """
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
screen = app.primaryScreen()
size = screen.size() if screen is not None else None
print("SCREEN", app.platformName(), size.width() if size else 0, size.height() if size else 0)
"""


class NoDisplay(UserError):
    """No screen to show a window on; the message says how to point the app at one."""


def display_problem(env: Mapping[str, str] | None = None) -> str | None:
    """Why Qt cannot open a window here, or None when it can."""
    env = os.environ if env is None else env
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if platform in NO_SERVER_PLATFORMS:
        return None
    if not platform and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    return _probe(env)


def _probe(env: Mapping[str, str]) -> str | None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            env=dict(env),
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"no display found: {_where(env)} did not answer within {PROBE_TIMEOUT_S:g} s"
    if done.returncode == 0 and done.stdout.startswith("SCREEN"):
        return None
    if "could not connect to display" in done.stderr:
        return f"no display found: cannot connect to {_where(env)}"
    lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    reason = lines[0] if lines else f"exit status {done.returncode}"
    return f"Qt cannot open a window on {_where(env)}: {reason}"


def _where(env: Mapping[str, str]) -> str:
    if env.get("DISPLAY"):
        return f"X display {env['DISPLAY']}"
    if env.get("WAYLAND_DISPLAY"):
        return f"Wayland display {env['WAYLAND_DISPLAY']}"
    return "the display"


def require_display(env: Mapping[str, str] | None = None) -> None:
    """Raise NoDisplay, saying how to point the app at a display, when there is none."""
    problem = display_problem(env)
    if problem is not None:
        raise NoDisplay(f"{problem}: {HOW_TO_POINT}")
