"""Checking in an M-Paspor booking at the kiosk: keypad or scanner, the result, the cut-off.

The check-in itself runs in `TicketJobs`' worker thread like issuing does; releasing unused
bookings at the office's cut-off runs in its own short thread once a minute, so a slow
database never freezes the screen. Both are idempotent in the database, so every kiosk may do
them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from db.errors import BookingRefused, QuotaReached, ServiceClosed, UserError
from db.services.appointments import release_unused
from db.services.checkin import normalise_code
from kiosk import texts
from kiosk.booking_screens import KeypadScreen, MessageScreen
from kiosk.scanner import ScannerFilter

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

RELEASE_MS = 60_000
Clock = Callable[[], datetime | None]


def refusal_reason(error: UserError) -> str:
    """The kiosk's word for why a check-in failed (BookingRefused says it in its details)."""
    if isinstance(error, BookingRefused):
        return str(error.details.get("reason", ""))
    if isinstance(error, QuotaReached):
        return "quota"
    return "closed" if isinstance(error, ServiceClosed) else ""


class BookingFlow(QObject):
    """The kiosk's booking screens and the scanner, driving check-ins through the window.

    Signals:
        released(int): places given to walk-ins by this kiosk's last release.
    """

    released = Signal(int)

    def __init__(self, window: KioskWindow, clock: Clock, release_ms: int = RELEASE_MS) -> None:
        super().__init__(window)
        self._window = window
        self._clock = clock
        self.keypad = KeypadScreen()
        self.message = MessageScreen()
        self.scanner = ScannerFilter(self)
        self.code: str | None = None  # a trusted code waiting for its service to be chosen
        self._release_timer = QTimer(self)
        self._release_timer.setInterval(release_ms)
        self._release_timer.timeout.connect(self.release)
        self._releasing: threading.Thread | None = None
        self._sent = ""
        self._connect()

    def _connect(self) -> None:
        self.keypad.submitted.connect(self.check_in)
        self.keypad.back.connect(self._window.show_home)
        self.message.dismissed.connect(self._window.show_home)
        self.scanner.scanned.connect(self.check_in)
        self._window.jobs.checkin_refused.connect(self._on_refused)
        self.released.connect(lambda count: self._window.refresh() if count else None)

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self.scanner)
        self._release_timer.start()
        self.release()

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
        self._release_timer.stop()
        if self._releasing is not None:
            self._releasing.join(10.0)

    def show_keypad(self) -> None:
        self.keypad.reset()
        self._window.show_screen(self.keypad)

    def check_in(self, code: str, service: str | None = None) -> None:
        """Check `code` in from any screen (the scanner needs no tap first)."""
        window = self._window
        if not window.ready_for_job():
            return
        assert window.office is not None
        colors = {s.code: s.color for s in window.statuses}
        started = window.jobs.check_in(
            code,
            service,
            window.office,
            colors,
            now=self._clock(),
            qr_url=window.config.qr_url,
            footer=window.config.footer,
        )
        if started:
            self._sent, self.code = code, None
            window.job_started()

    def choose_service(self, service: str) -> bool:
        """A service tapped while a trusted code waits for one: check the code in with it."""
        if self.code is None:
            return False
        self.check_in(self.code, service)
        return True

    def cancel(self) -> None:
        self.code = None

    def banner(self) -> str | None:
        return texts.choose_booking_service(self.code) if self.code else None

    def _on_refused(self, error: UserError) -> None:
        reason = refusal_reason(error)
        self._window.job_refused()
        if reason == "service" and isinstance(error, BookingRefused):
            # Trusted codes carry no service: the applicant picks it on the home screen.
            self._window.show_home()  # leaving another screen cancels a waiting code: set it after
            self.code = normalise_code(self._sent)
            self._window.show_banner()
            self._window.rearm_idle()  # a code waiting for its service must not wait forever
            return
        self.message.show_refusal(reason, dict(error.details))
        self._window.show_screen(self.message)

    def release(self) -> None:
        """Give unused bookings to walk-ins once the cut-off passed (off the GUI thread)."""
        if self._releasing is not None and self._releasing.is_alive():
            return
        db, now = self._window.db, self._clock()

        def run() -> None:
            count = 0
            try:
                count = release_unused(db, now=now).total
            except UserError:
                count = 0  # an outage: the refresh shows it, and the next minute tries again
            self.released.emit(count)

        self._releasing = threading.Thread(target=run, name="kiosk-release", daemon=True)
        self._releasing.start()
