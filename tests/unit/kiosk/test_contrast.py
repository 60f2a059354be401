"""Contrast of every visible text, read from the live widgets in every state, in both modes.

The high-contrast mode needs at least 7:1 (WCAG 2 AAA) for every text; the normal mode keeps
the project's floor of 4.5:1. The lowest ratios of both modes are printed (run with -s).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.services.tickets import issue_ticket
from db.store.engine import Database
from kiosk import contrast, style
from kiosk.config import KioskConfig
from kiosk.contrast import TextContrast, text_contrasts
from kiosk.window import KioskWindow
from qtshared.voice.player import SilentPlayer
from tests.helpers.kiosk_states import kiosk_states
from tests.helpers.screen_fit import misfits
from tests.unit.kiosk.windows import FAST
from ticket_printer.job import PrintSettings
from ticket_printer.target import parse_printer_url

QWIDGETSIZE_MAX = (1 << 24) - 1

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def kiosk(qtbot: QtBot, db: Database) -> Iterator[KioskWindow]:
    for _ in range(5):
        issue_ticket(db, "A")  # A's quota (5) is used up: its button shows the closed colours
    printing = PrintSettings(parse_printer_url("none"))
    window = KioskWindow(db, KioskConfig(), printing, timings=FAST, voice_player=SilentPlayer())
    qtbot.addWidget(window)
    window.show()
    window.start()
    yield window
    window.stop()
    window.translations.close()


def measure(window: KioskWindow, db: Database) -> dict[str, list[TextContrast]]:
    found = {}
    for state in kiosk_states(window, db):
        QApplication.processEvents()
        found[state] = text_contrasts(window)
        assert found[state], state
    return found


def lowest(found: dict[str, list[TextContrast]]) -> TextContrast:
    return min((t for texts in found.values() for t in texts), key=lambda t: t.ratio)


def report(mode: str, found: dict[str, list[TextContrast]]) -> None:
    sys.stdout.write(f"\n{mode}: lowest contrast per state\n")
    for state, texts in found.items():
        worst = min(texts, key=lambda t: t.ratio)
        sys.stdout.write(f"  {worst.ratio:5.2f}:1  {state}: {worst.text[:40]!r} ({worst.widget})\n")


def test_every_text_of_the_high_contrast_mode_reaches_seven_to_one(
    kiosk: KioskWindow, db: Database
) -> None:
    kiosk.access.set_high_contrast(True)
    found = measure(kiosk, db)
    report("high contrast", found)
    failing = [
        (state, t) for state, texts in found.items() for t in texts if t.ratio < contrast.MIN_RATIO
    ]
    assert failing == []
    assert lowest(found).ratio >= 7
    states = set(found)
    assert {"voice guide menu, portrait", "out of service, landscape"} <= states


def test_the_normal_mode_keeps_four_and_a_half_to_one(kiosk: KioskWindow, db: Database) -> None:
    found = measure(kiosk, db)
    report("normal", found)
    assert lowest(found).ratio >= 4.5


def test_the_measure_sees_a_text_that_would_fail(kiosk: KioskWindow, db: Database) -> None:
    kiosk.access.set_high_contrast(True)
    kiosk.home.title.setStyleSheet(f"color: {style.MUTED};")  # grey on black
    QApplication.processEvents()
    title = next(t for t in text_contrasts(kiosk) if t.widget.endswith("Title"))
    assert title.background == "#000000"
    assert title.ratio < contrast.MIN_RATIO


def test_the_mode_makes_small_texts_large_and_leaves_large_ones() -> None:
    assert contrast.larger(24) == 34
    assert contrast.larger(30) == 40
    assert contrast.larger(230) == 230
    sheet = contrast.high_contrast_sheet("#Hint { font-size: 28px; color: #4A5560; }")
    assert sheet.endswith("#Hint { font-size: 39px; color: #FFFFFF; }")


def test_the_bar_leaves_every_screen_its_height_in_both_modes(
    kiosk: KioskWindow, db: Database
) -> None:
    """The accessibility bar goes below a screen only where the screen keeps its full height."""
    for high in (False, True):
        kiosk.access.set_high_contrast(high)
        for state in kiosk_states(kiosk, db):
            QApplication.processEvents()
            kiosk.access.fit_bar()
            screen = kiosk.current_screen()
            assert screen is not None
            bar = kiosk.access.bar
            used = screen.minimumSizeHint().height()
            if bar.isVisible():
                used += bar.minimumSizeHint().height()
            assert used <= kiosk.height(), (high, state)
            if state.startswith("home, "):
                assert bar.isVisible(), (high, state)


def test_every_state_of_the_high_contrast_mode_fits_the_screen(
    kiosk: KioskWindow, db: Database
) -> None:
    kiosk.access.set_high_contrast(True)
    problems = {}
    for state in kiosk_states(kiosk, db):
        QApplication.processEvents()
        size = kiosk.size()
        kiosk.setMinimumSize(0, 0)
        kiosk.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)
        found = misfits(kiosk, size)
        if found:
            problems[state] = found
        kiosk.setFixedSize(size)
    assert problems == {}
