"""The counter window fits the office's screens in every state, banner and dialogs included.

The demo office at mid-morning (the screenshots' data) is walked through sign-in, a wrong PIN,
serving, a visit's second step with its outcome buttons, a lost database, the No-show
confirmation, a paused counter, a priority ticket and the supervisor's tab; at each step the
window (and an open dialog) is laid out at each screen size and nothing may lie outside it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from counter_app.desk_page import DeskPage
from counter_app.screenshots import demo_morning
from counter_app.window import CounterWindow
from db.demo_office import DEMO_PIN
from db.store.engine import Database
from tests.helpers.screen_fit import misfits
from tests.unit.counter_app.conftest import OFFSCREEN_NOISE, MakeWindow, settle, sign_in

pytestmark = [OFFSCREEN_NOISE, pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]

# Largest first: a window laid out on a big screen must shrink back to a small one.
SCREENS = (QSize(1920, 1080), QSize(1366, 768), QSize(1280, 720))


class FitLog:
    """Collects every misfit of every state, so one run names them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.states: list[str] = []

    def check(self, state: str, window: CounterWindow, dialog: QDialog | None = None) -> None:
        self.states.append(state)
        window.show()
        for screen in SCREENS:
            size = f"{screen.width()}x{screen.height()}"
            found = misfits(window, screen)
            if dialog is not None:
                found += [f"dialog: {problem}" for problem in misfits(dialog, screen)]
            self.problems += [f"{state} @ {size}: {problem}" for problem in found]


def page_of(window: CounterWindow) -> DeskPage:
    assert window.page is not None
    return window.page


def press(window: CounterWindow, key: str) -> None:
    page_of(window).action_panel.buttons[key].click()
    settle(window)


@pytest.fixture
def morning(empty_db: Database) -> Database:
    demo_morning(empty_db)
    return empty_db


def test_every_state_of_the_officer_s_window_fits(
    morning: Database, make_window: MakeWindow, qtbot: QtBot
) -> None:
    log = FitLog()
    window = make_window(morning, 1)
    log.check("sign-in", window)
    sign_in(window, "budi", "0000")
    assert window.signin.error.text().startswith("Wrong PIN")
    log.check("sign-in, wrong PIN", window)
    sign_in(window, "budi", DEMO_PIN)
    page = page_of(window)
    log.check("serving", window)
    press(window, "finish")
    desk = page.controller.desk
    page.controller.run(lambda: desk.call_specific("A002"))  # its second step
    settle(window)
    press(window, "recall")
    assert page.outcomes.isVisibleTo(page)
    assert page.ticket_card.step.isVisibleTo(page)
    log.check("called, second step, outcomes", window)
    window.notifier.connection_lost.emit("the database server does not answer")
    press_anyway: Callable[[], object] = desk.recall
    page.controller.run(press_anyway)  # refused while offline, with a message
    assert window.banner.isVisibleTo(window)
    log.check("offline: banner, message, actions off", window)
    window.notifier.connection_restored.emit()
    qtbot.waitUntil(lambda: not window.banner.isVisibleTo(window))
    press(window, "no_show")
    assert page.dialog is not None
    log.check("No-show confirmation", window, page.dialog)
    page.dialog.accept()
    settle(window)
    assert page.message.text() == "A002 marked as no-show."
    log.check("idle, success message", window)
    press(window, "pause")
    log.check("paused", window)
    press(window, "pause")
    press(window, "call_next")
    log.check("called, next ticket", window)
    assert log.problems == []


def test_every_state_of_the_supervisor_s_window_fits(
    morning: Database, make_window: MakeWindow
) -> None:
    log = FitLog()
    window = make_window(morning, 3)
    sign_in(window, "kepala", DEMO_PIN)
    page = page_of(window)
    log.check("supervisor, counter tab", window)
    page.tabs.setCurrentIndex(1)
    log.check("supervisor tab", window)
    window.notifier.connection_lost.emit("the database server does not answer")
    log.check("supervisor tab, offline banner", window)
    window.notifier.connection_restored.emit()
    settle(window)
    panel = page.supervisor
    assert panel is not None
    panel.toggle_service.click()
    assert panel.dialog is not None
    log.check("Close service confirmation", window, panel.dialog)
    panel.dialog.reject()
    assert log.problems == []
