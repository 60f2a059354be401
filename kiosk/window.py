"""The kiosk window: the screens in a stack, and the flow between them.

The office and the service states are a `LiveSnapshot`, re-read off the GUI thread on change
notifications; issuing and printing run in `TicketJobs`' worker thread. When the database cannot
be reached the out-of-service screen is shown until a read succeeds again. Whenever the kiosk is
away from its resting state (the Indonesian start screen, nothing chosen), `idle` counts down to
`reset()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from db.errors import DatabaseUnavailable, SchemaOutOfDate, UserError
from db.rules.clock import DEFAULT_TIMEZONE, utcnow
from db.store.engine import Database
from db.views import queries
from db.views.queries import OfficeInfo, ServiceStatus
from kiosk import i18n, style, texts
from kiosk.access import Access
from kiosk.booking_flow import BookingFlow
from kiosk.config import KioskConfig
from kiosk.footer import Footer
from kiosk.home import Header, HomeScreen
from kiosk.idle import IdleTimer
from kiosk.jobs import Issued, TicketJobs
from kiosk.printer_state import PrinterState
from kiosk.screens import ConfirmScreen, OutOfServiceScreen, PriorityScreen
from kiosk.widgets import remeasure, screen_stack
from qtshared.changes import ChangeNotifier
from qtshared.live import RETRY_MS, LiveSnapshot
from qtshared.voice.player import ClipPlayer
from ticket_printer.job import Outcome, PrinterError, PrintResult, PrintSettings

_OUTAGES = (DatabaseUnavailable, SchemaOutOfDate)
_PRINT_STATES = {
    Outcome.CONFIRMED: "printed",
    Outcome.SENT: "unconfirmed",
    Outcome.PREVIEW: "shown",
    Outcome.NONE: "shown",
}


@dataclass(frozen=True)
class KioskSnapshot:
    """What the start screen shows: the office and its services' states, read together."""

    office: OfficeInfo
    statuses: tuple[ServiceStatus, ...]


def read_snapshot(db: Database, clock: Callable[[], datetime | None]) -> KioskSnapshot:
    return KioskSnapshot(queries.office_info(db), tuple(queries.service_statuses(db, now=clock())))


@dataclass(frozen=True)
class Timings:
    poll_ms: int = 200
    safety_refresh_ms: int = 30_000
    retry_ms: tuple[int, ...] = RETRY_MS  # reconnecting, and reading again during an outage
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
        self.live: LiveSnapshot[KioskSnapshot] = LiveSnapshot(
            db, partial(read_snapshot, clock=clock), self.notifier, self, retry_ms=timings.retry_ms
        )
        self.office: OfficeInfo | None = None
        self.statuses: tuple[ServiceStatus, ...] = ()
        self.priority: str | None = None
        self.last: Issued | None = None
        self.printer = PrinterState()
        self._pending = False
        self.job_running = False  # until the worker's `idle` arrives, after all its results
        self.home = HomeScreen(Header())
        self.priority_screen = PriorityScreen()
        self.confirm = ConfirmScreen()
        self.out_of_service = OutOfServiceScreen()
        self.footer = Footer()
        self.idle = IdleTimer(self)
        self._clock = clock
        self.booking = BookingFlow(self, clock, timings.release_ms)
        self.access = Access(self, config, player=voice_player)
        screens = (self.home, self.priority_screen, self.confirm, self.out_of_service)
        pages = (*screens, self.booking.keypad, self.booking.message, self.access.screen)
        # Below every screen: the voice guide and large text, then the staff strip.
        self._stack = screen_stack(self, pages, below=self.access.below(self.footer))
        self._stack.currentChanged.connect(
            lambda _: self.access.on_screen_changed(self._stack.currentWidget())
        )
        self._timers(timings)
        self._connect()
        self.retranslate()

    # --- set-up -----------------------------------------------------------------------------------

    def _timers(self, timings: Timings) -> None:
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self._tick)

    def _connect(self) -> None:
        self.live.changed.connect(self._on_snapshot)
        self.live.offline.connect(self._on_connection_lost)
        self.home.service_chosen.connect(self.choose_service)
        self.home.priority_requested.connect(lambda: self.show_screen(self.priority_screen))
        self.home.priority_cancelled.connect(lambda: self.set_priority(None))
        self.home.booking_requested.connect(self.booking.show_keypad)
        self.booking.keypad.edited.connect(self.idle.poke)  # the scanner types without a touch
        self.idle.countdown.connect(self.footer.show_countdown)
        self.idle.expired.connect(self.reset)
        self.home.header.language.clicked.connect(self.toggle_language)
        self.home.header.clock.held.connect(self.reprint)
        self.priority_screen.chosen.connect(self.set_priority)
        self.priority_screen.back.connect(self.show_home)
        self.confirm.dismissed.connect(self.reset)
        self.jobs.issued.connect(self._on_issued)
        self.jobs.refused.connect(self._on_refused)
        self.jobs.printed.connect(self._on_printed)
        self.jobs.print_failed.connect(self._on_print_failed)
        self.jobs.idle.connect(self._on_idle)

    @property
    def db(self) -> Database:
        return self._db

    def start(self) -> None:
        self.idle.watch_input()
        self.clock.start()
        self.notifier.start()
        self.booking.start()
        self.access.start()
        self.refresh()
        self._tick()

    def health(self) -> dict[str, Any]:
        """What the heartbeat reports of this kiosk: its printer."""
        return self.printer.health()

    def stop(self) -> None:
        self.clock.stop()
        self.idle.stop()
        self.idle.unwatch_input()
        self.booking.stop()
        self.access.stop()
        self.live.stop()
        self.notifier.stop()
        self.jobs.wait()

    # --- reading the database ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the office and the service states (off the GUI thread); an outage shows the
        out-of-service screen until a read succeeds."""
        self.live.refresh()

    def _on_snapshot(self, snapshot: KioskSnapshot) -> None:
        self.office, self.statuses = snapshot.office, snapshot.statuses
        self._show_services()
        if self._stack.currentWidget() is self.out_of_service:
            self.show_home()

    def _on_connection_lost(self, message: str) -> None:
        self._stack.setCurrentWidget(self.out_of_service)
        self.rearm_idle()

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
        self.rearm_idle()

    def set_priority(self, category: str | None) -> None:
        self.priority = category
        self.booking.cancel()
        self.show_banner()
        self._show_services()
        self._stack.setCurrentWidget(self.home)
        self.rearm_idle()

    def show_home(self) -> None:
        if self._stack.currentWidget() is not self.home:
            self.booking.cancel()
        if self._stack.currentWidget() is self.confirm:
            self.priority = None
        self.show_banner()
        self._show_services()
        self._stack.setCurrentWidget(self.home)
        self.rearm_idle()

    def reset(self) -> None:
        """Back to the resting state for the next person: Indonesian, nothing chosen."""
        self.priority = None
        self.booking.cancel()
        self.access.reset()  # the voice guide off, the look of the settings
        if self.translations.language != i18n.DEFAULT_LANGUAGE:
            self.translations.use(i18n.DEFAULT_LANGUAGE)
            self.retranslate()
        self.show_home()

    def at_rest(self) -> bool:
        """The start screen in Indonesian with nothing chosen: nothing for the next person."""
        chosen = self.priority is not None or self.booking.code is not None
        default = self.translations.language == i18n.DEFAULT_LANGUAGE
        at_home = self._stack.currentWidget() is self.home
        return at_home and default and not chosen and self.access.at_rest()

    def rearm_idle(self) -> None:
        """Count the idle period down again from its start, or stop it at rest (or outage)."""
        screen = self._stack.currentWidget()
        if screen is self.out_of_service or self.at_rest():
            self.idle.stop()
            self.footer.show_countdown(None)
        else:
            confirm = screen is self.confirm
            self.idle.start(self.config.return_seconds if confirm else self.config.idle_seconds)

    def toggle_language(self) -> None:
        self.translations.use("en" if self.translations.language == "id" else "id")
        self.retranslate()
        self.rearm_idle()

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
        self.footer.retranslate()
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
        self.rearm_idle()

    def _on_refused(self, error: UserError) -> None:
        self._pending = False
        if isinstance(error, _OUTAGES):
            self._on_connection_lost(str(error))
        self.refresh()  # the fresh states; during an outage, read until it is over

    def _on_printed(self, result: PrintResult) -> None:
        # Only the printer's own confirmation may tell the applicant to take the ticket.
        self.printer.printed(result)
        self.confirm.show_print_result(_PRINT_STATES[result.outcome])
        self._show_printer_state()
        if self.printer.unconfirmed:
            self.rearm_idle()  # a fresh full period to take a photo

    def _on_print_failed(self, error: PrinterError) -> None:
        self.printer.failed(error)
        self.confirm.show_print_result("failed")
        self._show_printer_state()
        self.rearm_idle()

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
        fault = self.printer.fault()
        self.footer.show_staff_note(texts.printer_fault(fault) if fault else None)
        self.home.show_notice(texts.printer_notice() if fault else None)

    def _tick(self) -> None:
        zone = ZoneInfo(self.office.timezone if self.office else DEFAULT_TIMEZONE)
        self.home.header.tick(utcnow().astimezone(zone), self.translations.language)

    # --- Qt events --------------------------------------------------------------------------------

    def set_portrait(self, portrait: bool) -> None:
        """Lay the screens out for a portrait (one column) or landscape (two) screen."""
        self.home.set_columns(1 if portrait else 2)
        self.priority_screen.set_columns(1 if portrait else 2)
        self.confirm.set_portrait(portrait)
        self.booking.keypad.set_portrait(portrait)
        remeasure(self)  # hidden pages do not tell the stack that their minimum changed

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.set_portrait(event.size().height() > event.size().width())
        super().resizeEvent(event)
