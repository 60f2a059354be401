"""Put a kiosk window through every screen and state an applicant can meet (for checks that
must cover all of them: contrast, and what lies outside the screen)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QApplication

from db.services.tickets import issue_ticket
from db.store.engine import Database
from kiosk.jobs import Issued
from kiosk.window import KioskWindow
from ticket_printer.job import Outcome, PaperState, PrinterError, PrintResult
from ticket_printer.ticket import ticket_content

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def kiosk_states(window: KioskWindow, db: Database) -> Iterator[str]:
    """Yields a name for each state once the window shows it (sized and laid out)."""
    for name, size in SIZES.items():
        _size(window, size)
        window.refresh()
        window.live.settle()  # read off the GUI thread
        window.show_home()
        yield f"home, {name}"
        window.set_priority("lansia")
        yield f"home with a priority chosen, {name}"
        window.show_home()
        window.set_priority(None)
        window.show_screen(window.priority_screen)
        yield f"priority groups, {name}"
        _issued(window, db)
        window._on_printed(PrintResult(Outcome.CONFIRMED, PaperState.OK))
        yield f"confirmation, printed, {name}"
        window._on_print_failed(PrinterError("the printer did not confirm the ticket"))
        yield f"confirmation, not printed, {name}"
        window.show_home()
        yield f"home with the printer fault, {name}"
        window._on_printed(PrintResult(Outcome.CONFIRMED, PaperState.OK))
        window.booking.show_keypad()
        for key in "MP-26":
            window.booking.keypad.press(key)
        yield f"booking keypad, {name}"
        window.booking.message.show_refusal("unknown", {})
        window.show_screen(window.booking.message)
        yield f"booking refused, {name}"
        window.show_home()
        window.access.start_voice()
        _settle()
        yield f"voice guide menu, {name}"
        _issued(window, db)
        window.access._on_issued(window.last)  # type: ignore[arg-type]
        _settle()
        yield f"voice guide, number spoken, {name}"
        window.access.leave_voice()
        window._on_connection_lost("database unreachable")
        yield f"out of service, {name}"
        window.refresh()
        window.live.settle()  # read off the GUI thread


def _issued(window: KioskWindow, db: Database) -> None:
    ticket = issue_ticket(db, "B", priority="lansia")
    content = ticket_content(ticket, "Kantor Uji", "Asia/Jakarta", large_number=True)
    window._on_issued(Issued(ticket, content, "#1F5FA8"))


def _size(window: KioskWindow, size: tuple[int, int]) -> None:
    window.setFixedSize(*size)
    window.set_portrait(size[1] > size[0])
    _settle()


def _settle() -> None:
    app = QApplication.instance()
    if app is not None:
        app.processEvents()
