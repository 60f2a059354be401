"""Render the accessible kiosk to PNG: `python -m kiosk.access_screenshots OUTDIR`.

The large-text, high-contrast mode in landscape and portrait, its confirmation, the voice
guide's menu (on a kiosk without sound, where the screen is the guide), its spoken number
under the confirmation, and the ticket with the large number. Runs offscreen on a temporary
SQLite database of the demo office.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from db.office_config import DEFAULT_SERVICE_COLOUR
from db.rules.clock import DEFAULT_TIMEZONE
from db.services.tickets import issue_ticket
from kiosk.config import KioskConfig
from kiosk.jobs import Issued
from kiosk.screenshots import LANDSCAPE, PORTRAIT, demo_database, grab
from kiosk.window import KioskWindow
from qtshared.voice.player import SilentPlayer
from ticket_printer import preview
from ticket_printer.job import Outcome, PaperState, PrintResult, PrintSettings
from ticket_printer.target import parse_printer_url
from ticket_printer.ticket import Paper, ticket_content


def render_all(out: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = demo_database(Path(folder))
        printing = PrintSettings(parse_printer_url("none"))
        window = KioskWindow(db, KioskConfig(), printing, voice_player=SilentPlayer())
        window.refresh()
        window.live.settle()  # read off the GUI thread
        shots = _contrast(app, window, db, out) + _voice(app, window, db, out)
        window.stop()
        window.close()
        db.dispose()
    return shots


def _contrast(app: QApplication, window: KioskWindow, db: object, out: Path) -> list[Path]:
    window.access.set_high_contrast(True)
    paths = [out / "kiosk-contrast-landscape.png", out / "kiosk-contrast-portrait.png"]
    grab(app, window, LANDSCAPE, paths[0])
    grab(app, window, PORTRAIT, paths[1])
    issued = issue_ticket(window.db, "A")
    content = ticket_content(issued, "Kantor Imigrasi", DEFAULT_TIMEZONE, large_number=True)
    window._on_issued(Issued(issued, content, DEFAULT_SERVICE_COLOUR))
    window._on_printed(PrintResult(Outcome.CONFIRMED, PaperState.OK))
    paths.append(out / "kiosk-contrast-confirmation.png")
    grab(app, window, LANDSCAPE, paths[-1])
    paths.append(out / "ticket-80mm-large-number.png")
    preview.save(content, Paper.MM80, paths[-1])
    window.show_home()
    window.access.set_high_contrast(False)
    return paths


def _voice(app: QApplication, window: KioskWindow, db: object, out: Path) -> list[Path]:
    window.access.key("+")
    app.processEvents()
    paths = [out / "kiosk-voice-menu.png"]
    grab(app, window, LANDSCAPE, paths[-1])
    window.access.key("1")
    app.processEvents()
    issued = issue_ticket(window.db, "A")
    content = ticket_content(issued, "Kantor Imigrasi", DEFAULT_TIMEZONE)
    window._on_issued(Issued(issued, content, DEFAULT_SERVICE_COLOUR))
    window.access._on_issued(Issued(issued, content, DEFAULT_SERVICE_COLOUR))
    window.access._on_printed(PrintResult(Outcome.CONFIRMED, PaperState.OK))
    window._on_printed(PrintResult(Outcome.CONFIRMED, PaperState.OK))
    app.processEvents()
    paths.append(out / "kiosk-voice-number.png")
    grab(app, window, LANDSCAPE, paths[-1])
    return paths


if __name__ == "__main__":
    for shot in render_all(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screens")):
        sys.stdout.write(f"{shot}\n")
