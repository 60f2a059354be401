"""The front desk's screen: issue and check in on the left; look up and today's services on
the right. Keyboard first: F2 issue, F3 check in, F6 or Ctrl+F look up, F5 refresh,
Ctrl+Enter issues, Ctrl+P reprints; a scanner types into the check-in field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app.controller import busy_cursor
from counter_app.format import sentence
from counter_app.front_desk.availability_panel import AvailabilityPanel
from counter_app.front_desk.feedback import printed_text
from counter_app.front_desk.issue_panel import TicketForm
from counter_app.front_desk.lookup_panel import LookupPanel
from counter_app.front_desk.model import FrontDesk, Printed, Printer
from counter_app.front_desk.printing import PrintJobs
from counter_app.front_desk.style import STYLESHEET
from counter_app.front_desk.texts import refusal
from db.errors import DatabaseUnavailable, NotFound, UserError
from db.results import IssuedTicket
from db.store.engine import Database
from db.views.availability import ServiceDay
from qtshared.changes import ChangeNotifier
from qtshared.live import LiveSnapshot

T = TypeVar("T")


@dataclass(frozen=True)
class DeskView:
    """What the desk shows from the database: today's services and the looked-up ticket."""

    days: tuple[ServiceDay, ...]
    shown: IssuedTicket | None  # None: nothing shown, or the shown number is gone


class FrontDeskPage(QWidget):
    """Everything the officer at the entrance works with; it only talks to its FrontDesk.

    Signals:
        sign_out_requested(): the officer pressed Sign out.
    """

    sign_out_requested = Signal()

    def __init__(
        self,
        desk: FrontDesk,
        *,
        with_header: bool = True,
        notifier: ChangeNotifier | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setStyleSheet(STYLESHEET)
        self.desk = desk
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.message.hide()
        self.sign_out = QPushButton(self.tr("Sign out"))
        self.refresh_button = QPushButton(self.tr("Refresh  (F5)"))
        self.printing = PrintJobs(desk, self)
        self.printing.done.connect(self._on_printed)
        self.form = TicketForm(desk, self)
        self.lookup = LookupPanel(desk, self)
        self.availability = AvailabilityPanel()
        # Read off the GUI thread on every change, a burst of changes being one read.
        self.live: LiveSnapshot[DeskView] = LiveSnapshot(desk.db, self._read, notifier, self)
        self.live.changed.connect(self._on_view)
        self.live.offline.connect(self._on_offline)
        self._build(with_header)
        self._shortcuts()
        self.form.issued.connect(self._on_issued)
        self.sign_out.clicked.connect(self.sign_out_requested)
        self.refresh_button.clicked.connect(self.refresh)

    def _build(self, with_header: bool) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if with_header:
            layout.addWidget(self._header())
        body = QVBoxLayout()
        body.setContentsMargins(16, 10, 16, 12)
        body.setSpacing(10)
        body.addWidget(self.message)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(self.form, 2)
        top.addWidget(self.lookup, 1)
        body.addLayout(top)
        body.addWidget(self.availability, 1)
        layout.addLayout(body, 1)

    def _header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        title = QLabel(self.tr("Front desk"))
        title.setObjectName("headerTitle")
        officer = self.desk.officer
        who = QLabel(f"{officer.name} ({officer.login})")
        who.setObjectName("headerSub")
        row = QHBoxLayout(header)
        row.setContentsMargins(20, 10, 16, 10)
        row.setSpacing(18)
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(who)
        row.addWidget(self.refresh_button)
        row.addWidget(self.sign_out)
        return header

    def _shortcuts(self) -> None:
        # Handled as key presses reaching the page (its fields do not use these keys), not as
        # QShortcuts: they work wherever the focus is inside the page, in a tab too. F4 is
        # left alone: it opens a combo box's list.
        self._keys: dict[tuple[int, bool], Callable[[], object]] = {
            (Qt.Key.Key_F2, False): self.form.service.setFocus,
            (Qt.Key.Key_F3, False): self.form.booking.setFocus,
            (Qt.Key.Key_F6, False): self._focus_lookup,
            (Qt.Key.Key_F, True): self._focus_lookup,
            (Qt.Key.Key_F5, False): self.refresh,
            (Qt.Key.Key_Return, True): self.form.issue,
            (Qt.Key.Key_Enter, True): self.form.issue,
            (Qt.Key.Key_P, True): self.lookup.reprint,
        }

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        action = self._keys.get((event.key(), ctrl))
        if action is None:
            super().keyPressEvent(event)
            return
        action()
        event.accept()

    def _focus_lookup(self) -> None:
        self.lookup.code.setFocus()
        self.lookup.code.selectAll()

    def start(self) -> None:
        self.refresh()
        self.form.service.setFocus()

    def stop(self) -> None:
        """No more reads: the window is closing (a pending read would reopen the database)."""
        self.live.stop()

    def refresh(self) -> None:
        """Read today's services and the shown ticket again, off the GUI thread."""
        self.live.refresh()

    def _read(self, _db: Database) -> DeskView:
        """On the worker thread: the code shown when the read starts is the one read again."""
        code = self.lookup.shown_code
        shown = None
        if code is not None:
            try:
                shown = self.desk.look_up(code)
            except NotFound:
                shown = None  # no such number today any more (the day ended): the facts stay
        return DeskView(tuple(self.desk.availability()), shown)

    def _on_view(self, view: DeskView) -> None:
        days = list(view.days)
        self.availability.show_days(days)
        self.form.show_services(days)
        if view.shown is not None:
            self.lookup.show_current(view.shown)

    def _on_offline(self, reason: str) -> None:
        self.say(self.tr("Not connected to the database: {reason}").format(
            reason=sentence(reason)), "error")  # fmt: skip

    # Feedback -----------------------------------------------------------------------------

    def run(
        self, action: Callable[[], T], on_error: Callable[[UserError], bool] | None = None
    ) -> T | None:
        try:
            with busy_cursor():
                return action()
        except DatabaseUnavailable as error:
            self.say(self.tr("Not connected to the database: {reason}").format(
                reason=sentence(str(error))), "error")  # fmt: skip
        except UserError as error:
            if on_error is None or not on_error(error):
                self.say(refusal(str(error)), "error")
        return None

    def say(self, text: str, level: str) -> None:
        self.message.setText(text)
        self.message.setToolTip(text)
        self.message.setProperty("level", level)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    def print_later(self, issued: IssuedTicket, printer: Printer, before: str = "") -> None:
        self.printing.submit(issued, printer, before)

    def _on_printed(self, printed: Printed, before: str) -> None:
        text, level = printed_text(printed)
        self.say(before + text, level)

    def _on_issued(self, issued: IssuedTicket) -> None:
        self.lookup.show_ticket(issued)
        self.refresh()
