"""Render the kiosk screens of the demo office to PNG: `python -m kiosk.screenshots OUTDIR`.

Runs offscreen (QT_QPA_PLATFORM=offscreen) on a temporary SQLite database.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from db.office_config import DEFAULT_SERVICE_COLOUR
from db.ops.setup import load_demo
from db.rules.clock import DEFAULT_TIMEZONE
from db.services.appointments import import_bookings
from db.services.checkin import check_in
from db.services.tickets import issue_ticket
from db.store import schema
from db.store.engine import Database, open_database
from kiosk.config import KioskConfig
from kiosk.jobs import Issued, booking_lines
from kiosk.window import KioskWindow
from ticket_printer import preview
from ticket_printer.job import Outcome, PaperState, PrinterError, PrintResult, PrintSettings
from ticket_printer.target import parse_printer_url
from ticket_printer.ticket import Paper, ticket_content

LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
PHONE_LINK = "http://192.168.1.20:8080/t/{token}"  # as an office's LAN address would read


def demo_database(folder: Path) -> Database:
    db = open_database(f"sqlite:///{folder / 'demo.sqlite3'}")
    schema.upgrade(db)
    load_demo(db)
    for code in "AAABBD":
        issue_ticket(db, code)
    for _ in range(20):
        issue_ticket(db, "C")  # the lost-passport quota (20) is used up
    return db


def grab(app: QApplication, window: KioskWindow, size: tuple[int, int], path: Path) -> None:
    window.set_portrait(size[1] > size[0])
    window.setFixedSize(*size)
    window.show()
    app.processEvents()
    window.grab().save(str(path))


def render_all(out: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = demo_database(Path(folder))
        window = KioskWindow(db, KioskConfig(), PrintSettings(parse_printer_url("none")))
        window.refresh()
        window.live.settle()  # read off the GUI thread
        shots = _shots(app, window, db, out)
        window.stop()
        window.close()
        db.dispose()
    return shots


def _shots(app: QApplication, window: KioskWindow, db: Database, out: Path) -> list[Path]:
    shots: list[Path] = []

    def shot(name: str, size: tuple[int, int]) -> None:
        shots.append(out / f"kiosk-{name}.png")
        grab(app, window, size, shots[-1])

    shot("home-landscape", LANDSCAPE)
    shot("home-portrait", PORTRAIT)
    window.show_screen(window.priority_screen)
    shot("priority", LANDSCAPE)
    window.set_priority("lansia")  # the home screen waits for the service, counting down
    shot("priority-chosen-portrait", PORTRAIT)
    issued = issue_ticket(db, "A", priority="lansia")
    content = ticket_content(
        issued, "Kantor Imigrasi", DEFAULT_TIMEZONE, qr_template=PHONE_LINK, footer="Terima kasih"
    )
    window._on_issued(Issued(issued, content, DEFAULT_SERVICE_COLOUR))
    window._on_printed(PrintResult(Outcome.CONFIRMED, PaperState.OK))
    shot("confirmation", LANDSCAPE)
    shot("confirmation-portrait", PORTRAIT)
    window._on_print_failed(PrinterError("printer tcp://10.0.0.9:9100 did not confirm the ticket"))
    shot("printer-fault", LANDSCAPE)
    window.reset()
    shot("printer-fault-home-portrait", PORTRAIT)
    window._on_connection_lost("database unreachable")
    shot("out-of-service", LANDSCAPE)
    ticket = out / "ticket-80mm.png"
    preview.save(content, Paper.MM80, ticket)
    return [*shots, ticket, *_booking_shots(app, window, db, out)]


def _booking_shots(app: QApplication, window: KioskWindow, db: Database, out: Path) -> list[Path]:
    """The keypad with a code typed, and an early check-in, in both orientations."""
    paths = []
    window.refresh()
    window.live.settle()  # read off the GUI thread
    window.booking.show_keypad()
    for key in "MP-2611-0042":
        window.booking.keypad.press(key)
    for name, size in (("landscape", LANDSCAPE), ("portrait", PORTRAIT)):
        paths.append(out / f"kiosk-checkin-keypad-{name}.png")
        grab(app, window, size, paths[-1])
    # An applicant booked for 09:00 arrives at 08:20: the ticket waits for the session.
    day = datetime.now(ZoneInfo(DEFAULT_TIMEZONE)).date()
    early = datetime.combine(day, time(8, 20), ZoneInfo(DEFAULT_TIMEZONE))
    header = "booking_code,date,session_start,session_end,service\n"
    import_bookings(db, f"{header}MP-2611-0042,{day},09:00,10:00,A\n", now=early)
    done = check_in(db, "MP-2611-0042", now=early)
    content = ticket_content(
        done.issued, "Kantor Imigrasi", DEFAULT_TIMEZONE, **booking_lines(done)
    )
    window._on_issued(Issued(done.issued, content, DEFAULT_SERVICE_COLOUR, done))
    paths.append(out / "ticket-checkin-early-80mm.png")
    preview.save(content, Paper.MM80, paths[-1])
    window._on_printed(PrintResult(Outcome.CONFIRMED, PaperState.OK))
    for name, size in (("landscape", LANDSCAPE), ("portrait", PORTRAIT)):
        paths.append(out / f"kiosk-checkin-early-{name}.png")
        grab(app, window, size, paths[-1])
    window.booking.message.show_refusal("unknown", {})
    window.show_screen(window.booking.message)
    paths.append(out / "kiosk-checkin-refused.png")
    grab(app, window, LANDSCAPE, paths[-1])
    return paths


if __name__ == "__main__":
    for shot in render_all(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screens")):
        sys.stdout.write(f"{shot}\n")
