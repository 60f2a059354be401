"""Starting the kiosk: settings, printer, database, the Qt application and the window."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication

from db.services.devices import device_name
from db.store.engine import Database, check_connection, open_database
from db.store.schema import require_current
from kiosk.config import KioskConfig, load_kiosk_config, printer_url
from kiosk.keyguard import KeyGuard
from kiosk.window import KioskWindow
from qtshared.fullscreen import fill_screen
from qtshared.shell import AppInfo, run_app
from ticket_printer.job import PrintSettings
from ticket_printer.target import parse_printer_url
from ticket_printer.ticket import Paper


def print_settings(config: KioskConfig, url: str) -> PrintSettings:
    return PrintSettings(
        target=parse_printer_url(url),
        paper=Paper(config.paper),
        code_page=config.code_page,
        native_qr=config.native_qr,
        check_paper=config.check_paper,
    )


def run(db_url: str, *, printer: str | None, windowed: bool, config_file: str | None) -> int:
    """Run the kiosk until it is closed; bad settings fail before any window opens."""
    config = load_kiosk_config(Path(config_file) if config_file else None)
    printing = print_settings(config, printer_url(printer, dict(os.environ), config))
    db = open_database(db_url)
    check_connection(db)
    require_current(db)
    info = AppInfo("kiosk", "Kiosk antrean", device_name("kiosk"), "kiosk")
    return run_app(info, db, lambda app: _start(app, db, config, printing, windowed=windowed))


def _start(
    app: QApplication, db: Database, config: KioskConfig, printing: PrintSettings, *, windowed: bool
) -> KioskWindow:
    window = KioskWindow(db, config, printing)
    window.setWindowTitle("Kiosk antrean")
    _show(app, window, windowed=windowed, hide_cursor=config.hide_cursor)
    window.start()
    return window


def _show(app: QApplication, window: KioskWindow, *, windowed: bool, hide_cursor: bool) -> None:
    if windowed:
        window.resize(1920 // 2, 1080 // 2)
        window.show()
        app.processEvents()  # laid out for its orientation: only now is its minimum known
        window.setMinimumSize(window.minimumSizeHint())  # grow rather than pile screens up
        return
    window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    app.installEventFilter(KeyGuard(window, window.reprint))
    if hide_cursor:
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    screen = app.primaryScreen().geometry()
    window.set_portrait(screen.height() > screen.width())  # laid out for the screen from the start
    fill_screen(window)
