"""No display: found before Qt starts, said in words a person can act on, never exit 134."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qtshared.screen import NoDisplay, display_problem, require_display
from tests.helpers import databases
from walkin.doctor import qt_screen

WITHOUT_SCREEN = {
    key: value
    for key, value in os.environ.items()
    if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
}
NOWHERE = ":4242"  # no X server listens on display 4242 on a test machine


def test_nothing_set_means_no_display_without_starting_qt() -> None:
    problem = display_problem(WITHOUT_SCREEN)
    assert problem == "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    with pytest.raises(NoDisplay, match=r"DISPLAY=:0 .* QT_QPA_PLATFORM=offscreen for tests"):
        require_display(WITHOUT_SCREEN)


def test_the_offscreen_platform_needs_no_display() -> None:
    assert display_problem({**WITHOUT_SCREEN, "QT_QPA_PLATFORM": "offscreen"}) is None


def test_a_display_that_does_not_answer_is_named() -> None:
    problem = display_problem({**WITHOUT_SCREEN, "DISPLAY": NOWHERE})
    assert problem == f"no display found: cannot connect to X display {NOWHERE}"


def test_doctor_says_qt_has_no_screen_when_it_has_none() -> None:
    check = qt_screen(WITHOUT_SCREEN)
    assert not check.ok
    assert check.name == "Qt on a screen"
    assert check.line().startswith("FAIL  Qt on a screen: no display found")
    assert "DISPLAY=:0" in check.fix
    assert qt_screen({**WITHOUT_SCREEN, "DISPLAY": NOWHERE}).detail.endswith(NOWHERE)
    assert qt_screen({**WITHOUT_SCREEN, "QT_QPA_PLATFORM": "offscreen"}).ok


@pytest.mark.parametrize("app", ["kiosk", "display", "counter"])
def test_the_apps_stop_with_a_message_not_an_abort(
    app: str, sqlite_template: Path, tmp_path: Path
) -> None:
    url = databases.sqlite_url(sqlite_template, tmp_path)
    extra = ["--printer", "none"] if app == "kiosk" else []
    done = subprocess.run(
        [sys.executable, "-m", "walkin", "--db", url, app, *extra],
        capture_output=True,
        text=True,
        env=WITHOUT_SCREEN,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("walkin: no display found"), done.stderr
    assert "DISPLAY=:0" in done.stderr
    assert "Traceback" not in done.stderr
    assert "xcb" not in done.stderr
