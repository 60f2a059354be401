"""Every kiosk state, in both languages, fits the office's portrait and landscape screens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.ops.setup import load_demo
from db.rules.hours import Availability, ClosedReason
from db.services.appointments import import_bookings
from db.services.checkin import check_in
from db.services.tickets import issue_ticket
from db.store.engine import Database, open_database
from kiosk.booking_screens import MAX_CODE
from kiosk.jobs import Issued
from kiosk.window import KioskWindow
from tests.helpers import databases
from tests.helpers.screen_fit import misfits
from tests.unit.kiosk.windows import kiosk_windows
from ticket_printer.job import Outcome, PaperState, PrinterError, PrintResult, PrintSettings
from ticket_printer.target import parse_printer_url
from ticket_printer.ticket import ticket_content

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SCREENS = {"portrait": QSize(1080, 1920), "landscape": QSize(1920, 1080)}
ZONE = ZoneInfo("Asia/Jakarta")
LONG_OFFICE = "Kantor Imigrasi Kelas I Tempat Pemeriksaan Imigrasi Polonia Medan"
State = Callable[[KioskWindow, Database], None]


@pytest.fixture
def demo_db(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """The demo office (its long service names) on SQLite: the layout does not depend on it."""
    db = open_database(databases.sqlite_url(sqlite_template, tmp_path))
    load_demo(db)
    yield db
    db.dispose()


def _issued(kiosk: KioskWindow, db: Database, result: Callable[[KioskWindow], None]) -> None:
    issued = issue_ticket(db, "C", priority="disabilitas")
    content = ticket_content(issued, LONG_OFFICE, "Asia/Jakarta", footer="Terima kasih")
    kiosk._on_issued(Issued(issued, content, "#1F5FA8"))
    result(kiosk)


def idle(kiosk: KioskWindow, db: Database) -> None:
    kiosk.show_home()


def priority_choice(kiosk: KioskWindow, db: Database) -> None:
    kiosk.home.priority_entry.click()


def priority_chosen(kiosk: KioskWindow, db: Database) -> None:
    kiosk.set_priority("balita")


def confirmation(kiosk: KioskWindow, db: Database) -> None:
    _issued(kiosk, db, lambda k: k._on_printed(PrintResult(Outcome.CONFIRMED, PaperState.OK)))


def printer_fault_confirmation(kiosk: KioskWindow, db: Database) -> None:
    failure = PrinterError("printer tcp://10.0.0.9:9100 did not confirm the ticket")
    _issued(kiosk, db, lambda k: k._on_print_failed(failure))


def printer_fault_home(kiosk: KioskWindow, db: Database) -> None:
    printer_fault_confirmation(kiosk, db)
    kiosk.printer.paper = PaperState.LOW
    kiosk.show_home()


def keypad(kiosk: KioskWindow, db: Database) -> None:
    kiosk.home.booking_entry.click()
    for key in ("MP-2611-0042-" * 3)[:MAX_CODE]:
        kiosk.booking.keypad.press(key)


def checkin_early(kiosk: KioskWindow, db: Database) -> None:
    day = datetime.now(ZONE).date()
    early = datetime.combine(day, time(8, 20), ZONE)
    rows = f"booking_code,date,session_start,session_end,service\nMP-1,{day},09:00,10:00,A\n"
    import_bookings(db, rows, now=early)
    done = check_in(db, "MP-1", now=early)
    content = ticket_content(done.issued, LONG_OFFICE, "Asia/Jakarta")
    kiosk._on_issued(Issued(done.issued, content, "#1F5FA8", done))
    kiosk._on_printed(PrintResult(Outcome.CONFIRMED, PaperState.OK))


def checkin_refused(kiosk: KioskWindow, db: Database) -> None:
    kiosk.booking.message.show_refusal("quota", {})
    kiosk.show_screen(kiosk.booking.message)


def out_of_service(kiosk: KioskWindow, db: Database) -> None:
    kiosk._on_connection_lost("database unreachable")


def closed_services(kiosk: KioskWindow, db: Database) -> None:
    """Every reason a service cannot be chosen, each with its longest wording (the last state:
    it changes the kiosk's copy of the service states)."""
    reasons = [
        Availability(False, ClosedReason.CAPACITY, closes=time(15, 45)),
        Availability(False, ClosedReason.ISSUING_ENDED, issue_until=time(15, 0)),
        Availability(False, ClosedReason.NOT_YET_OPEN, opens=time(8, 0)),
        Availability(False, ClosedReason.NOT_TODAY),
        Availability(False, ClosedReason.INACTIVE),  # closed by a supervisor: "Tutup"
    ]
    statuses = list(kiosk.statuses)
    for index, reason in enumerate(reasons):
        statuses[index] = replace(statuses[index], availability=reason)
    kiosk.statuses = tuple(statuses)
    kiosk._show_services()


STATES: dict[str, State] = {
    "idle": idle,
    "priority-choice": priority_choice,
    "priority-chosen": priority_chosen,
    "confirmation": confirmation,
    "printer-fault-confirmation": printer_fault_confirmation,
    "printer-fault-home": printer_fault_home,
    "checkin-keypad": keypad,
    "checkin-early": checkin_early,
    "checkin-refused": checkin_refused,
    "out-of-service": out_of_service,
    "closed-services": closed_services,
}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_state_fits_the_screen(
    qtbot: QtBot, demo_db: Database, screen: str, language: str
) -> None:
    size = SCREENS[screen]
    problems: dict[str, list[str]] = {}
    with kiosk_windows(qtbot) as make:
        printing = PrintSettings(parse_printer_url("none"))
        kiosk = make(demo_db, printing, (size.width(), size.height()))
        assert kiosk.office is not None
        kiosk.office = replace(kiosk.office, name=LONG_OFFICE)
        for name, state in STATES.items():
            kiosk.reset()
            if language != kiosk.translations.language:
                kiosk.toggle_language()
            state(kiosk, demo_db)
            QApplication.processEvents()  # the layouts settle, as in the running event loop
            found = misfits(kiosk, size)
            if found:
                problems[name] = found
    assert problems == {}
