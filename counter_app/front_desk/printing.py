"""Printing off the GUI thread: a printer that does not answer (up to its timeout of a few
seconds) never freezes the desk. The ticket is in the database before any job starts."""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QObject, Signal

from counter_app.front_desk.model import FrontDesk, Printed, Printer
from db.results import IssuedTicket


class PrintJobs(QObject):
    """Each job runs in a thread of its own; its outcome comes back as a signal, delivered in
    the GUI thread (the object lives there).

    Signals:
        done(object, str): the `Printed` outcome, and the text to say before it.
    """

    done = Signal(object, str)

    def __init__(self, desk: FrontDesk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._threads: list[threading.Thread] = []

    def submit(self, issued: IssuedTicket, printer: Printer, before: str = "") -> None:
        thread = threading.Thread(
            target=self._run, args=(issued, printer, before), name="front-desk-print", daemon=True
        )
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _run(self, issued: IssuedTicket, printer: Printer, before: str) -> None:
        printed: Printed = self._desk.print_ticket(issued, printer)  # never raises a UserError
        # The desk may have been closed meanwhile: nobody is left to tell; the ticket is valid.
        with contextlib.suppress(RuntimeError):
            self.done.emit(printed, before)

    def wait(self, timeout: float = 10.0) -> None:
        """Wait for the jobs under way (tests, and closing the window)."""
        for thread in self._threads:
            thread.join(timeout)
