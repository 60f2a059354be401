"""The kiosk window: the screens in a stack, and the flow between them.

Database reads (service states) happen in the GUI thread on change notifications; issuing and
printing run in `TicketJobs`' worker thread. When the database cannot be reached the
out-of-service screen is shown until a read succeeds again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from db import notify, queries
from db.engine import Database
from db.errors import DatabaseUnavailable, SchemaOutOfDate, UserError
from db.queries import OfficeInfo, ServiceStatus
from kiosk import i18n, style, texts
from kiosk.access import Access
from kiosk.booking_flow import BookingFlow
from kiosk.config import KioskConfig
from kiosk.home import Header, HomeScreen
from kiosk.jobs import Issued, TicketJobs
from kiosk.screens import ConfirmScreen, OutOfServiceScreen, PriorityScreen
from kiosk.stack import CurrentStack
from kiosk.widgets import vbox
from qtshared.changes import ChangeNotifier
from qtshared.voice.player import ClipPlayer
from ticket_printer.job import Outcome, PaperState, PrinterError, PrintResult, PrintSettings

REPRINT_KEY = Qt.Key.Key_F9
RETRY_MS = 3000
_OUTAGES = (DatabaseUnavailable, SchemaOutOfDate)
_PRINT_STATES = {
    Outcome.CONFIRMED: "printed",
    Outcome.SENT: "unconfirmed",
    Outcome.PREVIEW: "shown",
    Outcome.NONE: "shown",
}


@dataclass(frozen=True)
class Timings:
    poll_ms: int = 200
    safety_refresh_ms: int = 30_000
    retry_ms: tuple[int, ...] = (500, 1000, 2000, 5000)
    outage_retry_ms: int = RETRY_MS
    release_ms: int = 60_000  # how often to give unused bookings to walk-ins after the cut-off


class KioskWindow(QWidget):
    """The whole kiosk. `start()` connects to the database and shows the right screen."""

    def __init__(
        self,
        db: Database,
        config: KioskConfig,
        printing: PrintSettings,
        *,
        timings: Timings = Timings(),
        translator: i18n.Translations | None = None,
        clock: Callable[[], datetime | None] = lambda: None,
        voice_player: ClipPlayer | None = None,
    ) -> None:
        """`clock`: the time check-ins and releases use (None: the database's clock);
        `voice_player`: plays the voice guide (None: the sound device, if there is one)."""
        super().__init__()
        self.setObjectName("KioskRoot")
        self.setStyleSheet(style.SHEET)
        self.config = config
        self._db = db
        self.translations = translator or i18n.Translations()
        self.jobs = TicketJobs(db, printing, config.device)
        self.notifier = ChangeNotifier(
            db,
            self,
            poll_interval_ms=timings.poll_ms,
            safety_refresh_ms=timings.safety_refresh_ms,
            retry_ms=timings.retry_ms,
        )
        self.office: OfficeInfo | None = None
        self.statuses: list[ServiceStatus] = []
        self.priority: str | None = None
        self.last: Issued | None = None
        self.paper = PaperState.UNKNOWN
        self.printer_error: str | None = None
        self.unconfirmed = False  # the last ticket went to a printer that cannot answer
        self._pending = False
        self.job_running = False  # until the worker's `idle` arrives, after all its results
        self.home = HomeScreen(Header())
        self.priority_screen = PriorityScreen()
        self.confirm = ConfirmScreen()
        self.out_of_service = OutOfServiceScreen()
        self._clock = clock
        self.booking = BookingFlow(self, clock, timings.release_ms)
        self._stack = CurrentStack()
        self._timers(timings)
        self.access = Access(self, config, player=voice_player)
        screens = (self.home, self.priority_screen, self.confirm, self.out_of_service)
        for screen in (*screens, self.booking.keypad, self.booking.message, self.access.screen):
            self._stack.addWidget(screen)
        page = vbox(self)
        page.addLayout(self._stack, 1)
        page.addWidget(self.access.bar)  # the voice guide and large text, below every screen
        self._stack.currentChanged.connect(
            lambda _: self.access.on_screen_changed(self._stack.currentWidget())
        )
        self._connect()
        self.retranslate()

    # --- set-up -----------------------------------------------------------------------------------

    def _timers(self, timings: Timings) -> None:
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self._tick)
        self.back_home = QTimer(self)
        self.back_home.setSingleShot(True)
        self.back_home.setInterval(self.config.return_seconds * 1000)
        self.back_home.timeout.connect(self.show_home)
        self.retry = QTimer(self)
        self.retry.setInterval(timings.outage_retry_ms)
        self.retry.timeout.connect(self.refresh)

    def _connect(self) -> None:
        self.notifier.changed.connect(self._on_changes)
        self.notifier.connection_lost.connect(self._on_connection_lost)
        self.notifier.connection_restored.connect(self.refresh)
        self.home.service_chosen.connect(self.choose_service)
        self.home.priority_requested.connect(
            lambda: self._stack.setCurrentWidget(self.priority_screen)
        )
        self.home.priority_cancelled.connect(lambda: self.set_priority(None))
        self.home.booking_requested.connect(self.booking.show_keypad)
        self.booking.keypad.edited.connect(self.back_home.start)
        self.home.header.language.clicked.connect(self.toggle_language)
        self.home.header.clock.held.connect(self.reprint)
        self.priority_screen.chosen.connect(self.set_priority)
        self.priority_screen.back.connect(self.show_home)
        self.confirm.dismissed.connect(self.show_home)
        self.jobs.issued.connect(self._on_issued)
        self.jobs.refused.connect(self._on_refused)
        self.jobs.printed.connect(self._on_printed)
        self.jobs.print_failed.connect(self._on_print_failed)
        self.jobs.idle.connect(self._on_idle)

    @property
    def db(self) -> Database:
        return self._db

    def start(self) -> None:
        self.clock.start()
        self.notifier.start()
        self.booking.start()
        self.access.start()
        self.refresh()
        self._tick()

    def stop(self) -> None:
        for timer in (self.clock, self.back_home, self.retry):
            timer.stop()
        self.booking.stop()
        self.access.stop()
        self.notifier.stop()
        self.jobs.wait()

    # --- reading the database ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the office and the service states; an outage shows the out-of-service screen."""
        try:
            self.office = queries.office_info(self._db)
            self.statuses = queries.service_statuses(self._db, now=self._clock())
        except _OUTAGES as error:
            self._on_connection_lost(str(error))
            return
        self.retry.stop()
        self._show_services()
        if self._stack.currentWidget() is self.out_of_service:
            self.show_home()

    def _on_changes(self, changes: list[notify.Change]) -> None:
        if self._stack.currentWidget() is not self.out_of_service or not changes:
            self.refresh()

    def _on_connection_lost(self, message: str) -> None:
        self._stack.setCurrentWidget(self.out_of_service)
        self.back_home.stop()
        if not self.retry.isActive():
            self.retry.start()

    # --- the flow ---------------------------------------------------------------------------------

    def choose_service(self, code: str) -> None:
        if self._stack.currentWidget() is self.home and self.booking.choose_service(code):
            return
        if self._pending or self._stack.currentWidget() is not self.home or self.office is None:
            return
        status = next((s for s in self.statuses if s.code == code), None)
        color = status.color if status else style.NAVY
        if self.jobs.issue(
            code,
            self.priority,
            self.office,
            color,
            qr_url=self.config.qr_url,
            footer=self.config.footer,
        ):
            self._pending = True
            self.job_running = True

    def ready_for_job(self) -> bool:
        """A check-in may start from any screen but the out-of-service one."""
        outage = self._stack.currentWidget() is self.out_of_service
        return not self._pending and not outage and self.office is not None

    def job_started(self) -> None:
        self._pending = True
        self.job_running = True

    def job_refused(self) -> None:
        self._pending = False

    def current_screen(self) -> QWidget | None:
        return self._stack.currentWidget()

    def show_screen(self, screen: QWidget) -> None:
        self._stack.setCurrentWidget(screen)
        self.back_home.start()

    def set_priority(self, category: str | None) -> None:
        self.priority = category
        self.booking.cancel()
        self.show_banner()
        self._show_services()
        self._stack.setCurrentWidget(self.home)

    def show_home(self) -> None:
        self.back_home.stop()
        if self._stack.currentWidget() is not self.home:
            self.booking.cancel()
        if self._stack.currentWidget() is self.confirm:
            self.priority = None
        self.show_banner()
        self._show_services()
        self._stack.setCurrentWidget(self.home)

    def toggle_language(self) -> None:
        self.translations.use("en" if self.translations.language == "id" else "id")
        self.retranslate()

    def reprint(self) -> None:
        """Staff: print the last ticket again (F9, or hold the clock for three seconds)."""
        if self.last is not None and self.jobs.reprint(self.last.content):
            self.job_running = True

    def retranslate(self) -> None:
        self.confirm.language = self.translations.language
        for screen in (self.home, self.priority_screen, self.confirm):
            screen.retranslate()
        self.booking.keypad.retranslate()
        self.booking.message.retranslate()
        self.access.retranslate()
        self.show_banner()
        self._show_services()
        self._show_printer_state()
        self._tick()

    # --- job results ------------------------------------------------------------------------------

    def _on_issued(self, issued: Issued) -> None:
        self._pending = False
        self.last = issued
        self.confirm.show_ticket(issued)
        self._stack.setCurrentWidget(self.confirm)
        self.back_home.start()

    def _on_refused(self, error: UserError) -> None:
        self._pending = False
        if isinstance(error, _OUTAGES):
            self._on_connection_lost(str(error))
        else:
            self.refresh()

    def _on_printed(self, result: PrintResult) -> None:
        # Only the printer's own confirmation may tell the applicant to take the ticket.
        self.paper = result.paper
        self.printer_error = None
        self.unconfirmed = result.outcome is Outcome.SENT
        self.confirm.show_print_result(_PRINT_STATES[result.outcome])
        self._show_printer_state()
        if self.unconfirmed:
            self.back_home.start()  # a fresh full period to take a photo

    def _on_print_failed(self, error: PrinterError) -> None:
        self.printer_error = str(error)
        if error.paper is not PaperState.UNKNOWN:
            self.paper = error.paper
        self.confirm.show_print_result("failed")
        self._show_printer_state()
        self.back_home.start()

    def _on_idle(self) -> None:
        self.job_running = False

    # --- showing ----------------------------------------------------------------------------------

    def _show_services(self) -> None:
        allowed = {s.code: s.priority_allowed for s in self.statuses}
        self.home.show_services(self.statuses, self.translations.language, self.priority, allowed)
        if self.office is not None:
            self.home.header.office.setText(self.office.name)

    def show_banner(self) -> None:
        """Above the services: the trusted booking waiting for its service, or the priority."""
        booking = self.booking.banner()
        priority = texts.priority_chosen(self.priority) if self.priority else None
        self.home.show_banner(booking or priority, priority_mode=booking is None and bool(priority))

    def _show_printer_state(self) -> None:
        fault = self._fault_text()
        self.home.header.fault.setVisible(fault is not None)
        self.home.header.fault.setText(texts.printer_fault(fault) if fault else "")
        self.home.show_notice(texts.printer_notice() if fault else None)

    def health(self) -> dict[str, str]:
        """The printer's state for the device heartbeat (what staff see in `walkin status`)."""
        if self.printer_error is not None:
            return {"printer": "not printing", "detail": self.printer_error}
        if self.unconfirmed:
            return {"printer": "unconfirmed", "detail": "this printer cannot report its status"}
        return {"printer": "ok", "paper": self.paper.name.lower()}

    def _fault_text(self) -> str | None:
        if self.paper is PaperState.OUT:
            return texts.paper_out()
        if self.printer_error is not None:
            return texts.not_printing()
        return texts.paper_low() if self.paper is PaperState.LOW else None

    def _tick(self) -> None:
        zone = ZoneInfo(self.office.timezone if self.office else "Asia/Jakarta")
        self.home.header.tick(datetime.now(zone), self.translations.language)

    # --- Qt events --------------------------------------------------------------------------------

    def set_portrait(self, portrait: bool) -> None:
        """Lay the screens out for a portrait (one column) or landscape (two) screen."""
        self.home.set_columns(1 if portrait else 2)
        self.priority_screen.set_columns(1 if portrait else 2)
        self.confirm.set_portrait(portrait)
        self.booking.keypad.set_portrait(portrait)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.set_portrait(event.size().height() > event.size().width())
        super().resizeEvent(event)


class KeyGuard(QObject):
    """Swallows every key on a full-screen kiosk except the staff reprint key."""

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        is_press = event.type() == QEvent.Type.KeyPress
        if is_press and isinstance(event, QKeyEvent) and event.key() == REPRINT_KEY:
            self._window.reprint()
        return True
