"""The idle timer, and the kiosk going back to its resting state for the next person."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from pytestqt.qtbot import QtBot

from db.store.engine import Database
from kiosk.config import KioskConfigError, load_kiosk_config
from kiosk.idle import IdleTimer
from kiosk.window import KioskWindow
from tests.unit.kiosk.windows import kiosk_windows
from ticket_printer.job import PrintSettings
from ticket_printer.target import parse_printer_url

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def kiosk(qtbot: QtBot, db: Database) -> Iterator[KioskWindow]:
    with kiosk_windows(qtbot) as make:
        yield make(db, PrintSettings(parse_printer_url("none")), (1080, 1920))


def press() -> QMouseEvent:
    return QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def test_the_timer_counts_down_and_expires(qtbot: QtBot) -> None:
    timer = IdleTimer()
    shown: list[int] = []
    timer.countdown.connect(shown.append)
    timer.set_patience(0.1)  # 3 s become 0.3 s
    with qtbot.waitSignal(timer.expired, timeout=3000):
        timer.start(3)
    assert shown[0] == 1  # whole seconds, rounded up
    assert not timer.running


def test_patience_lengthens_every_period_and_must_be_positive() -> None:
    timer = IdleTimer()
    timer.start(30)
    assert timer.period_ms() == 30_000
    timer.set_patience(3.0)
    assert timer.period_ms() == 90_000
    assert timer.remaining_ms() > 60_000  # the running period is counted again, longer
    for wrong in (0.0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="patience"):
            timer.set_patience(wrong)
    timer.stop()


def test_input_restarts_a_running_period_only(qtbot: QtBot) -> None:
    timer = IdleTimer()
    target = QObject()
    assert not timer.eventFilter(target, press())  # watched, never swallowed
    assert not timer.running  # at rest, input starts nothing
    timer.start(1)
    qtbot.waitUntil(lambda: timer.remaining_ms() < 800, timeout=3000)
    timer.eventFilter(target, press())
    assert timer.remaining_ms() > 800
    timer.stop()


def test_a_chosen_priority_and_english_do_not_stay_for_the_next_person(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    assert kiosk.at_rest()
    assert not kiosk.idle.running
    kiosk.toggle_language()
    kiosk.home.priority_entry.click()
    assert kiosk.footer.countdown.isVisibleTo(kiosk)
    assert kiosk.footer.countdown.text().startswith("Back to the start screen in 30 s")
    kiosk.priority_screen.buttons["lansia"].click()
    assert kiosk.idle.running  # the home screen with a priority waits for a decision too
    kiosk.idle.set_patience(0.01)  # 30 s become 0.3 s
    qtbot.waitUntil(kiosk.at_rest, timeout=5000)
    assert kiosk.priority is None
    assert kiosk.translations.language == "id"
    assert kiosk.home.title.text() == "Silakan pilih layanan"
    assert not kiosk.footer.countdown.isVisibleTo(kiosk)


def test_the_countdown_shows_on_the_keypad_and_a_touch_restarts_it(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    kiosk.home.booking_entry.click()
    assert kiosk.footer.countdown.text().startswith("Kembali ke layar awal dalam 30 detik")
    kiosk.idle.set_patience(0.05)  # 30 s become 1.5 s
    qtbot.waitUntil(lambda: kiosk.idle.remaining_ms() < 1000, timeout=5000)
    qtbot.mouseClick(kiosk.booking.keypad.keys["7"], Qt.MouseButton.LeftButton)
    assert kiosk.idle.remaining_ms() > 1000
    assert kiosk.booking.keypad.text == "7"
    qtbot.waitUntil(kiosk.at_rest, timeout=5000)
    assert kiosk._stack.currentWidget() is kiosk.home


def test_leaving_the_confirmation_resets_the_language(qtbot: QtBot, kiosk: KioskWindow) -> None:
    kiosk.toggle_language()
    kiosk.home.buttons["A"].click()
    qtbot.waitUntil(lambda: kiosk._stack.currentWidget() is kiosk.confirm, timeout=5000)
    qtbot.waitUntil(lambda: not kiosk.job_running, timeout=5000)
    assert kiosk.idle.period_ms() == kiosk.config.return_seconds * 1000
    kiosk.confirm.done.click()
    assert kiosk.at_rest()
    assert kiosk.home.title.text() == "Silakan pilih layanan"


def test_the_out_of_service_screen_has_no_countdown(kiosk: KioskWindow) -> None:
    kiosk.home.priority_entry.click()
    kiosk._on_connection_lost("database unreachable")
    assert not kiosk.idle.running
    assert not kiosk.footer.countdown.isVisibleTo(kiosk)


def test_the_idle_time_is_a_kiosk_setting_of_at_least_10_seconds(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[kiosk]\nidle_seconds = 45\n")
    assert load_kiosk_config(path).idle_seconds == 45
    assert load_kiosk_config(None).idle_seconds == 30
    for wrong in ("5", "true", "20.5"):
        path.write_text(f"[kiosk]\nidle_seconds = {wrong}\n")
        with pytest.raises(KioskConfigError, match="idle_seconds: must be a whole number"):
            load_kiosk_config(path)
