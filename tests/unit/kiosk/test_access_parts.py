"""The keypad's keys, patience with timers, the large ticket number and the new settings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from escpos.printer import Dummy
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from pytestqt.qtbot import QtBot

from kiosk.config import KioskConfigError, load_kiosk_config
from kiosk.keypad import keypad_key
from kiosk.patience import Patience
from ticket_printer.job import PrintSettings, write_ticket
from ticket_printer.target import parse_printer_url
from ticket_printer.ticket import Paper, Text, TicketContent, layout, number_scale

KEYPAD = Qt.KeyboardModifier.KeypadModifier


def key(code: Qt.Key, modifiers: Qt.KeyboardModifier = KEYPAD, text: str = "") -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, code, modifiers, text)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (Qt.Key.Key_7, "7"),
        (Qt.Key.Key_0, "0"),
        (Qt.Key.Key_Plus, "+"),
        (Qt.Key.Key_Minus, "-"),
        (Qt.Key.Key_End, "1"),  # Num Lock off: the key printed "1 End"
        (Qt.Key.Key_Clear, "5"),
        (Qt.Key.Key_PageUp, "9"),
        (Qt.Key.Key_Asterisk, None),
    ],
)
def test_keypad_keys_are_read_as_printed_on_them(code: Qt.Key, expected: str | None) -> None:
    assert keypad_key(key(code)) == expected


def test_the_main_keyboards_digits_are_not_keypad_keys() -> None:
    # A barcode scanner types these: they stay with the scanner.
    assert keypad_key(key(Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier, "1")) is None
    assert keypad_key(key(Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier, "+")) is None


def test_patience_lengthens_a_running_timer_and_restores_it(qtbot: QtBot) -> None:
    timer = QTimer()
    timer.setInterval(20_000)
    timer.start()
    told: list[float] = []
    patience = Patience(3.0)
    patience.add_timer(timer)
    patience.add_listener(told.append)
    patience.set_slow(True)
    assert timer.interval() == 60_000
    assert timer.isActive()
    assert timer.remainingTime() > 50_000  # restarted with the long period
    patience.set_slow(False)
    assert timer.interval() == 20_000
    assert told == [1.0, 3.0, 1.0]
    timer.stop()


def content(code: str = "A007", *, large: bool) -> TicketContent:
    return TicketContent(
        office_name="Kantor Uji",
        code=code,
        service_id="Paspor Baru",
        service_en="New passport",
        issued_local=datetime(2026, 11, 30, 9, 0),
        people_ahead=3,
        wait=None,
        priority=None,
        qr_payload="WALKIN|2026-11-30|A007",
        large_number=large,
    )


def test_the_large_number_fills_the_paper_and_still_fits() -> None:
    assert number_scale(content(large=False), Paper.MM80) == 4
    assert number_scale(content(large=True), Paper.MM80) == 8
    assert number_scale(content(large=True), Paper.MM58) == 7
    assert number_scale(content("AB1234", large=True), Paper.MM58) == 5
    for paper in Paper:
        scale = number_scale(content("AB1234", large=True), paper)
        assert len("AB1234") * scale <= paper.columns
    big = [e for e in layout(content(large=True), Paper.MM80) if isinstance(e, Text)]
    assert any(e.text == "A007" and e.scale == 8 for e in big)


def test_the_large_number_goes_to_the_printer_as_eight_times_magnified() -> None:
    device = Dummy()
    settings = PrintSettings(parse_printer_url("none"))
    write_ticket(device, settings, content(large=True))
    assert b"\x1d!\x77" in device.output  # GS ! : width 8, height 8
    normal = Dummy()
    write_ticket(normal, settings, content(large=False))
    assert b"\x1d!\x77" not in normal.output


def test_the_accessibility_settings_are_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        "[kiosk]\nhigh_contrast = true\nlarge_ticket_number = true\n"
        'voice_folder = "/srv/voice"\nvoice_volume = 0.8\nvoice_idle_factor = 4.0\n'
    )
    config = load_kiosk_config(path)
    assert config.high_contrast
    assert config.large_ticket_number
    assert (config.voice_folder, config.voice_volume, config.voice_idle_factor) == (
        "/srv/voice",
        0.8,
        4.0,
    )
    path.write_text("[kiosk]\nvoice_volume = 2\n")
    with pytest.raises(
        KioskConfigError, match=r"kiosk\.voice_volume: must be a number from 0 to 1, got 2"
    ):
        load_kiosk_config(path)
    path.write_text("[kiosk]\nvoice_idle_factor = 0.5\n")
    with pytest.raises(
        KioskConfigError, match=r"kiosk\.voice_idle_factor: must be a number from 1 to 10, got 0.5"
    ):
        load_kiosk_config(path)
