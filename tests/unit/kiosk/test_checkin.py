"""Checking in M-Paspor bookings at the kiosk, offscreen: scanner, keypad, results, refusals."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db.office_config import AppointmentsConfig
from db.ops.setup import apply_config
from db.services.appointments import import_bookings
from db.services.tickets import issue_ticket
from db.store.engine import Database
from kiosk.booking_screens import BACKSPACE
from kiosk.scanner import ScanBuffer, ScannerFilter
from kiosk.window import KioskWindow
from tests.conftest import SMALL_OFFICE
from tests.unit.kiosk.windows import kiosk_windows, tickets
from ticket_printer.job import PrintSettings
from ticket_printer.target import parse_printer_url

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

DAY = date(2026, 11, 27)
LIST = (
    "booking_code,date,session_start,session_end,service,priority\n"
    "MP-0001,2026-11-27,09:00,10:00,A,\n"
    "MP-0002,2026-11-27,09:00,10:00,A,\n"
    "MP-0004,2026-11-28,09:00,10:00,A,\n"
)
DESK = "Silakan ke meja informasi"
MakeWindow = Callable[..., KioskWindow]


def wib(clock: str) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(DAY, time(hours, minutes), ZoneInfo("Asia/Jakarta"))


def book(db: Database, **rules: object) -> None:
    rules = {"late_rule": "refuse", "release_at": time(11), **rules}
    apply_config(db, replace(SMALL_OFFICE, appointments=replace(AppointmentsConfig(), **rules)))
    if not rules.get("trust_unlisted"):
        import_bookings(db, LIST, now=wib("07:00"))


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[MakeWindow]:
    with kiosk_windows(qtbot) as windows:

        def make(db: Database, clock: str) -> KioskWindow:
            printing = PrintSettings(parse_printer_url("none"))
            return windows(db, printing, (1080, 1920), lambda: wib(clock))

        yield make


def scan(qtbot: QtBot, target: QWidget, code: str) -> None:
    """A scanner: the code's keys at once, then Enter, into whatever has the keyboard."""
    qtbot.keyClicks(target, code)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def shown(qtbot: QtBot, kiosk: KioskWindow, screen: QWidget) -> None:
    qtbot.waitUntil(lambda: kiosk._stack.currentWidget() is screen, timeout=5000)
    qtbot.waitUntil(lambda: not kiosk.job_running, timeout=5000)
    kiosk.jobs.wait()


def test_a_scan_on_the_home_screen_checks_in_without_a_tap(
    qtbot: QtBot, db: Database, make_window: MakeWindow
) -> None:
    book(db)
    kiosk = make_window(db, "09:10")
    scan(qtbot, kiosk, "mp-0001")
    shown(qtbot, kiosk, kiosk.confirm)
    assert kiosk.confirm.number.text() == "A001"
    assert kiosk.confirm.booking.text() == "Jadwal Anda pukul 09:00-10:00"
    assert tickets(db) == 1
    assert kiosk.last is not None  # the printed ticket has the session, on time: no early line
    assert (kiosk.last.content.session, kiosk.last.content.early) == ((time(9), time(10)), False)


def test_a_scan_on_another_screen_checks_in_too(
    qtbot: QtBot, db: Database, make_window: MakeWindow
) -> None:
    book(db)
    kiosk = make_window(db, "09:10")
    qtbot.mouseClick(kiosk.home.priority_entry, Qt.MouseButton.LeftButton)
    assert kiosk._stack.currentWidget() is kiosk.priority_screen
    scan(qtbot, kiosk.priority_screen.back_button, "MP-0002")
    shown(qtbot, kiosk, kiosk.confirm)
    assert kiosk.confirm.number.text() == "A001"


def test_the_keypad_types_the_code_and_ok_checks_it_in(
    qtbot: QtBot, db: Database, make_window: MakeWindow
) -> None:
    book(db)
    kiosk = make_window(db, "09:10")
    qtbot.mouseClick(kiosk.home.booking_entry, Qt.MouseButton.LeftButton)
    keypad = kiosk.booking.keypad
    assert kiosk._stack.currentWidget() is keypad
    assert not keypad.ok_button.isEnabled()
    for key in ["M", "P", "-", "0", "0", "0", "9", BACKSPACE, "1"]:
        qtbot.mouseClick(keypad.keys[key], Qt.MouseButton.LeftButton)
    assert keypad.code.text() == "MP-0001"
    qtbot.mouseClick(keypad.ok_button, Qt.MouseButton.LeftButton)
    shown(qtbot, kiosk, kiosk.confirm)
    assert kiosk.confirm.number.text() == "A001"


def test_an_early_booking_is_told_when_its_number_is_called(
    qtbot: QtBot, db: Database, make_window: MakeWindow
) -> None:
    book(db)
    kiosk = make_window(db, "08:20")
    scan(qtbot, kiosk, "MP-0001")
    shown(qtbot, kiosk, kiosk.confirm)
    assert "Datang lebih awal: nomor Anda dipanggil mulai pukul 09:00" in (
        kiosk.confirm.booking.text()
    )
    assert kiosk.last is not None  # and the printed ticket says it too
    assert kiosk.last.content.session == (time(9), time(10))
    assert kiosk.last.content.early


def test_a_second_scan_shows_the_same_ticket_and_says_so(
    qtbot: QtBot, db: Database, make_window: MakeWindow
) -> None:
    book(db)
    kiosk = make_window(db, "09:10")
    scan(qtbot, kiosk, "MP-0001")
    shown(qtbot, kiosk, kiosk.confirm)
    kiosk.show_home()
    scan(qtbot, kiosk, "MP-0001")
    shown(qtbot, kiosk, kiosk.confirm)
    assert kiosk.confirm.number.text() == "A001"
    assert kiosk.confirm.status.text().startswith("Booking ini sudah check-in")
    assert tickets(db) == 1


@pytest.mark.parametrize(
    ("code", "clock", "rules", "message"),
    [
        ("M?", "09:10", {}, "Ini bukan kode booking."),
        ("MP-9999", "09:10", {}, "Kode ini tidak ada dalam daftar hari ini."),
        ("MP-0004", "09:10", {}, "Jadwal booking ini tanggal 28-11-2026, bukan hari ini."),
        ("MP-0001", "07:30", {}, "Terlalu awal: check-in dibuka pukul 08:00."),
        ("MP-0001", "10:40", {}, "Jadwal booking ini sudah berakhir."),
        (
            "MP-0001",
            "10:40",
            {"late_rule": "walk_in"},
            "Jadwal Anda sudah berakhir dan kuota antrean hari ini sudah penuh.",
        ),
    ],
)
def test_each_refusal_has_its_own_message_and_sends_to_the_desk(
    qtbot: QtBot,
    db: Database,
    make_window: MakeWindow,
    code: str,
    clock: str,
    rules: dict[str, object],
    message: str,
) -> None:
    book(db, **rules)
    for _ in range(5):
        issue_ticket(db, "A", now=wib("07:50"))  # service A's walk-in quota is used up
    kiosk = make_window(db, clock)
    kiosk.booking.check_in(code)
    screen = kiosk.booking.message
    shown(qtbot, kiosk, screen)
    assert (screen.message.text(), screen.desk.text()) == (message, DESK)
    assert tickets(db) == 5
    kiosk.toggle_language()
    assert screen.desk.text() == "Please go to the information desk"


def test_a_trusted_code_asks_for_its_service_then_checks_in(
    qtbot: QtBot, db: Database, make_window: MakeWindow
) -> None:
    book(db, trust_unlisted=True)
    kiosk = make_window(db, "09:10")
    scan(qtbot, kiosk, "XY-1234")
    qtbot.waitUntil(lambda: kiosk.home.banner.isVisibleTo(kiosk.home), timeout=5000)
    assert kiosk.home.banner.text() == "Booking XY-1234: pilih layanan yang Anda pesan"
    qtbot.mouseClick(kiosk.home.buttons["B"], Qt.MouseButton.LeftButton)
    shown(qtbot, kiosk, kiosk.confirm)
    assert kiosk.confirm.number.text() == "B001"
    assert kiosk.last is not None
    assert kiosk.last.content.session is None  # no list, no session to print


def test_a_trusted_code_typed_on_the_keypad_keeps_waiting_for_its_service(
    qtbot: QtBot, db: Database, make_window: MakeWindow
) -> None:
    book(db, trust_unlisted=True)
    kiosk = make_window(db, "09:10")
    kiosk.booking.show_keypad()
    for key in "XY-1234":
        kiosk.booking.keypad.press(key)
    qtbot.mouseClick(kiosk.booking.keypad.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk._stack.currentWidget() is kiosk.home, timeout=5000)
    assert kiosk.home.banner.text() == "Booking XY-1234: pilih layanan yang Anda pesan"
    qtbot.mouseClick(kiosk.home.cancel, Qt.MouseButton.LeftButton)
    assert not kiosk.home.banner.isVisibleTo(kiosk.home)
    assert kiosk.booking.code is None


def test_released_bookings_show_as_walk_in_places(
    qtbot: QtBot, db: Database, make_window: MakeWindow
) -> None:
    book(db)
    for _ in range(5):
        issue_ticket(db, "A", now=wib("07:50"))
    kiosk = make_window(db, "11:05")
    # The kiosk released MP-0001 and MP-0002 when it started: two walk-in places for A.
    qtbot.waitUntil(lambda: kiosk.home.buttons["A"].isEnabled(), timeout=5000)
    status = next(s for s in kiosk.statuses if s.code == "A")
    assert status.quota_left == 2


def press(scanner: ScannerFilter, key: Qt.Key, text: str = "") -> None:
    scanner.feed(QKeyEvent(QKeyEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text))


def test_slow_typing_is_not_taken_for_a_scan(qtbot: QtBot) -> None:
    now = [0.0]
    scanner = ScannerFilter(clock=lambda: now[0])
    codes: list[str] = []
    scanner.scanned.connect(codes.append)
    for char in "MP-0001":
        now[0] += 200  # a person at a keyboard
        press(scanner, Qt.Key.Key_A, char)
    press(scanner, Qt.Key.Key_Return)
    for char in "MP-0002":
        now[0] += 8  # a scanner
        press(scanner, Qt.Key.Key_A, char)
    now[0] += 8
    press(scanner, Qt.Key.Key_Return)
    assert codes == ["MP-0002"]


def test_a_pause_starts_a_new_code_and_a_slow_enter_is_ignored() -> None:
    buffer = ScanBuffer(gap_ms=50)
    buffer.key("X", 0.0)
    buffer.key("X", 5.0)
    for at, char in enumerate("MP-0003"):
        buffer.key(char, 1000.0 + at * 5)  # a second after the stray keys
    assert buffer.enter(1035.0) == "MP-0003"
    for at, char in enumerate("MP-0004"):
        buffer.key(char, at * 5.0)
    assert buffer.enter(500) is None
