"""Render the counter app's screens to PNG: `python -m counter_app.screenshots OUTDIR`.

Uses a throw-away demo office in a temporary SQLite file, a morning's worth of tickets, and the
offscreen Qt platform, so it runs on a machine without a display.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication

from counter_app import style
from counter_app.front_desk.config import FrontDeskConfig
from counter_app.window import CounterWindow
from db.demo_office import DEMO_PIN
from db.ops.setup import load_demo
from db.rules.clock import utcnow
from db.services import calls, counters, devices
from db.services.appointments import import_bookings
from db.services.tickets import issue_ticket
from db.store import schema
from db.store.engine import Database, open_database
from db.views.queries import office_info
from qtshared.i18n import Translations
from ticket_printer.job import PrintSettings
from ticket_printer.target import parse_printer_url

SIZES = ((1366, 768), (1280, 720), (1920, 1080))
OFFICE = "Kantor Imigrasi Kelas I TPI Polonia (Demo)"
MORNING = (
    ("A", None, 52),
    ("B", None, 47),
    ("A", "lansia", 41),
    ("C", None, 33),
    ("A", None, 29),
    ("B", "ibu_hamil", 22),
    ("A", None, 18),
    ("B", None, 12),
    ("C", None, 9),
    ("A", None, 4),
    ("D", None, 3),
    ("E", None, 2),
)


DEVICES = (
    ("kiosk@pc-entrance", "kiosk", {"printer": "ok", "paper": "low"}, 12),
    ("display@tv-hall", "display", {"audio": "ok"}, 20),
    ("display@tv-upstairs", "display", {"audio": "no device"}, 600),
)


def demo_morning(db: Database) -> None:
    """The demo office at mid-morning: tickets waiting, counters busy, one idle."""
    schema.upgrade(db)
    load_demo(db)
    now = utcnow()
    for code, priority, ago in MORNING:
        issue_ticket(db, code, priority=priority, now=now - timedelta(minutes=ago))
    for counter, login in ((1, "budi"), (2, "siti"), (4, "andi"), (5, "dewi")):
        counters.sign_in_at_counter(db, counter, login, now=now - timedelta(minutes=60))
    calls.call_specific(db, 1, "A001", now=now - timedelta(minutes=20))
    calls.finish(db, 1, now=now - timedelta(minutes=14))
    calls.call_specific(db, 2, "B001", now=now - timedelta(minutes=6))
    calls.start_serving(db, 2, now=now - timedelta(minutes=5))
    calls.call_specific(db, 4, "C001", now=now - timedelta(minutes=3))
    calls.call_specific(db, 1, "A002", now=now - timedelta(minutes=4))
    calls.start_serving(db, 1, now=now - timedelta(minutes=3, seconds=12))
    for name, kind, health, ago in DEVICES:
        devices.heartbeat(db, name, kind, health, now=now - timedelta(seconds=ago))


def sign_in(window: CounterWindow, login: str) -> None:
    window.signin.login.setText(login)
    window.signin.pin.setText(DEMO_PIN)
    window.signin.attempt()
    _read(window)


def _read(window: CounterWindow) -> None:
    """Wait for the desk's snapshot (it is read off the GUI thread)."""
    if window.controller is not None:
        window.controller.live.settle()


def grab(window: CounterWindow, folder: Path, name: str) -> list[Path]:
    saved = []
    for width, height in SIZES:
        for _ in range(3):  # the number's font follows the card: let it settle at this size
            window.resize(width, height)
            QApplication.processEvents()
        path = folder / f"counter-{name}-{width}x{height}.png"
        window.grab().save(str(path))
        saved.append(path)
    return saved


def render(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    style.apply(app)
    translations = Translations("counter")  # the office's language, as `walkin counter` starts
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/demo.sqlite3")
        demo_morning(db)
        saved = _render_all(db, folder)
        db.dispose()
    translations.close()
    return saved


def _window(db: Database, counter: int) -> CounterWindow:
    window = CounterWindow(db, counter=counter, office_name=OFFICE)
    window.show()
    window.start()
    return window


def _render_all(db: Database, folder: Path) -> list[Path]:
    officer = _window(db, 1)
    saved = grab(officer, folder, "signin")
    sign_in(officer, "budi")
    saved += grab(officer, folder, "main")
    officer.close()
    # A fresh window: one grown to 1920x1080 keeps its large number's minimum size.
    officer = _window(db, 1)
    sign_in(officer, "budi")
    saved.append(_outcomes(officer, folder))
    saved.append(_confirm_no_show(officer, folder))
    saved.append(_offline(officer, folder))
    officer.close()
    boss = _window(db, 3)
    sign_in(boss, "kepala")
    assert boss.page is not None
    boss.page.tabs.setCurrentIndex(1)
    saved += grab(boss, folder, "supervisor")
    boss.close()
    return saved + _front_desk(db, folder)


def _front_desk(db: Database, folder: Path) -> list[Path]:
    """The front desk: a lansia ticket just issued for someone, then a looked-up ticket."""
    _book_sessions_to_come(db)
    with tempfile.TemporaryDirectory() as tickets:
        # A preview "printer": the tickets become PNG files in a folder thrown away after.
        own = PrintSettings(parse_printer_url(f"preview://{tickets}"))
        return _front_desk_shots(db, folder, FrontDeskConfig(own=own))


def _front_desk_shots(db: Database, folder: Path, config: FrontDeskConfig) -> list[Path]:
    desk = CounterWindow(db, counter=1, office_name=OFFICE, front_desk=config)
    desk.show()
    desk.start()
    sign_in(desk, "rina")
    page = desk.front_desk
    assert page is not None
    form = page.form
    form.service.setCurrentIndex(form.service.findData("A"))
    form.priority.setCurrentIndex(form.priority.findData("lansia"))
    form.reason.setText("KTP: 74 tahun, kursi roda")
    form.issue()
    page.printing.wait()  # the job reports through the event loop: let it say its outcome
    QApplication.processEvents()
    saved = [_grab_at(desk, folder, "counter-front-desk-issued", 1366, 768)]
    page.lookup.look_up("B002")
    saved.append(_grab_at(desk, folder, "counter-front-desk-lookup", 1366, 768))
    saved.append(_grab_at(desk, folder, "counter-front-desk-lookup", 1280, 720))
    desk.close()
    return saved


def _book_sessions_to_come(db: Database) -> None:
    """M-Paspor bookings in the next two hourly sessions, nobody checked in yet."""
    local = utcnow().astimezone(ZoneInfo(office_info(db).timezone))
    first = local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    rows = ["booking_code,date,session_start,session_end,service"]
    for n, (hours, service) in enumerate(((0, "A"), (0, "A"), (0, "B"), (1, "A"), (1, "C"))):
        start = first + timedelta(hours=hours)
        end = start + timedelta(hours=1)
        rows.append(f"MP-DEMO{n},{start:%Y-%m-%d},{start:%H:%M},{end:%H:%M},{service}")
    import_bookings(db, "\n".join(rows) + "\n")


def _grab_at(window: CounterWindow, folder: Path, name: str, width: int, height: int) -> Path:
    for _ in range(3):
        window.resize(width, height)
        QApplication.processEvents()
    path = folder / f"{name}-{width}x{height}.png"
    window.grab().save(str(path))
    return path


def _outcomes(window: CounterWindow, folder: Path) -> Path:
    """A002 finished its first step and is called again for its second: Finish and outcomes."""
    page = window.page
    assert page is not None
    page.action_panel.buttons["finish"].click()
    _read(window)
    page.controller.run(lambda: page.controller.desk.call_specific("A002"))
    _read(window)
    page.action_panel.buttons["recall"].click()  # its message names the ticket
    _read(window)
    _settle(window, 1366, 768)
    path = folder / "counter-outcomes-1366x768.png"
    window.grab().save(str(path))
    return path


def _confirm_no_show(window: CounterWindow, folder: Path) -> Path:
    """The No-show confirmation over the window, as the officer sees it after F6."""
    assert window.page is not None
    window.page.action_panel.buttons["no_show"].click()
    dialog = window.page.dialog
    assert dialog is not None
    _settle(window, 1366, 768)
    shot = window.grab()
    painter = QPainter(shot)
    dialog.adjustSize()
    corner = QPoint((shot.width() - dialog.width()) // 2, (shot.height() - dialog.height()) // 3)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 90))  # the window dimmed behind its dialog
    painter.drawPixmap(corner, dialog.grab())
    painter.end()
    dialog.reject()
    path = folder / "counter-confirm-1366x768.png"
    shot.save(str(path))
    return path


def _offline(window: CounterWindow, folder: Path) -> Path:
    """The database lost: the banner, actions off, and what became of the action in flight."""
    assert window.page is not None
    window.notifier.connection_lost.emit("the database server does not answer")
    desk = window.page.controller.desk
    window.page.controller.run(desk.recall)  # F3 pressed anyway: refused, with a message
    _settle(window, 1280, 720)
    path = folder / "counter-offline-1280x720.png"
    window.grab().save(str(path))
    window.notifier.connection_restored.emit()
    _read(window)
    return path


def _settle(window: CounterWindow, width: int, height: int) -> None:
    for _ in range(3):
        window.resize(width, height)
        QApplication.processEvents()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "docs/screens")
    for path in render(folder):
        print(path)  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
