"""The start screen: office, date and clock, one large button per service, priority entry."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QWidget

from db.views.queries import ServiceStatus
from kiosk import style, texts
from kiosk.widgets import ServiceButton, button, label, vbox

STAFF_HOLD_MS = 3000
ENTRY_HEIGHT = 110  # 27 mm on a 21.5-inch screen


class StaffClock(QLabel):
    """The clock; pressing it for three seconds is the staff gesture (reprint the last ticket).

    Signals:
        held(): the clock was held long enough.
    """

    held = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Clock")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(STAFF_HOLD_MS)
        self._timer.timeout.connect(self.held)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._timer.start()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._timer.stop()


class Header(QWidget):
    """Office name, language switch, date and clock; the office name gets a row of its own on a
    portrait screen, so that a long name reads in one or two lines."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.office = label("OfficeName")
        self.date = label("Date", wrap=False)
        self.clock = StaffClock()
        self.language = button("Language", height=100)
        self.times = QWidget()
        column = vbox(self.times)
        column.addWidget(self.clock)
        column.addWidget(self.date)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(36, 18, 36, 18)
        self._grid.setHorizontalSpacing(28)
        self._grid.setVerticalSpacing(12)
        self._portrait: bool | None = None
        self.set_portrait(False)

    def set_portrait(self, portrait: bool) -> None:
        if portrait == self._portrait:
            return
        self._portrait = portrait
        for widget in (self.office, self.times, self.language):
            self._grid.removeWidget(widget)
        if portrait:
            self._grid.addWidget(self.office, 0, 0, 1, 3)
            self._grid.addWidget(self.times, 1, 0)
            self._grid.addWidget(self.language, 1, 2)
        else:
            self._grid.addWidget(self.office, 0, 0)
            self._grid.addWidget(self.times, 0, 1)
            self._grid.addWidget(self.language, 0, 2)
        self._grid.setColumnStretch(0, 0 if portrait else 1)
        self._grid.setColumnStretch(1, 1 if portrait else 0)

    def tick(self, now: datetime, language: str) -> None:
        self.clock.setText(f"{now:%H:%M}")
        self.date.setText(texts.long_date(now.date(), language))


class HomeScreen(QWidget):
    """Signals:
    service_chosen(str): a service button was tapped (its code).
    priority_requested(): the applicant asks for priority service.
    priority_cancelled(): the applicant leaves priority mode (or the booking's service choice).
    booking_requested(): the applicant has an M-Paspor booking to check in.
    """

    service_chosen = Signal(str)
    priority_requested = Signal()
    priority_cancelled = Signal()
    booking_requested = Signal()

    def __init__(self, header: Header) -> None:
        super().__init__()
        self.setObjectName("Home")
        self.header = header
        self.title = label("Title")
        self.hint = label("Hint")
        self.banner = label("Banner")
        self.cancel = button("Secondary", height=110)
        self.cancel.clicked.connect(self.priority_cancelled)
        self.notice = label("Notice")
        self.priority_entry = button("PriorityEntry", height=ENTRY_HEIGHT)
        self.priority_entry.clicked.connect(self.priority_requested)
        self.booking_entry = button("BookingEntry", height=ENTRY_HEIGHT)
        self.booking_entry.clicked.connect(self.booking_requested)
        self.buttons: dict[str, ServiceButton] = {}
        self._grid = QGridLayout()
        self._grid.setSpacing(26)
        self._columns = 2
        # Side by side on a landscape screen, one above the other on a portrait one.
        self._entries = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._build()

    def _build(self) -> None:
        page = vbox(self, spacing=0)
        page.addWidget(self.header)
        body = QWidget()
        column = vbox(body, margins=24, spacing=14)
        column.addWidget(self.title)
        column.addWidget(self.hint)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.cancel)
        column.addLayout(banner_row)
        column.addLayout(self._grid)
        column.addStretch(1)
        column.addWidget(self.notice)
        self._entries.setSpacing(26)
        self._entries.addWidget(self.booking_entry, 1)
        self._entries.addWidget(self.priority_entry, 1)
        column.addLayout(self._entries)
        page.addWidget(body, 1)
        self.show_banner(None)
        self.notice.hide()

    def set_columns(self, columns: int) -> None:
        self.header.set_portrait(columns == 1)
        if columns != self._columns:
            self._columns = columns
            self._place()
        stacked = QBoxLayout.Direction.TopToBottom
        self._entries.setDirection(stacked if columns == 1 else QBoxLayout.Direction.LeftToRight)

    def show_services(
        self,
        statuses: Sequence[ServiceStatus],
        language: str,
        priority: str | None,
        allowed: dict[str, bool],
    ) -> None:
        codes = [s.code for s in statuses]
        if codes != list(self.buttons):
            self._rebuild(statuses)
        for status in statuses:
            ok = allowed.get(status.code, True)
            name = status.name_id if language == "id" else status.name_en
            state = texts.service_state(status, priority, ok)
            available = status.availability.open and status.quota_left != 0 and (ok or not priority)
            self.buttons[status.code].show_state(name, state, available)

    def show_banner(self, text: str | None, *, priority_mode: bool = False) -> None:
        """A banner with a cancel button (priority mode, or a booking choosing its service)."""
        self.banner.setVisible(text is not None)
        self.cancel.setVisible(text is not None)
        self.priority_entry.setVisible(text is None)
        self.booking_entry.setVisible(text is None)
        self.banner.setText(text or "")
        self.cancel.setText(texts.cancel_priority() if priority_mode else texts.back())

    def show_notice(self, text: str | None) -> None:
        self.notice.setVisible(bool(text))
        self.notice.setText(text or "")

    def retranslate(self) -> None:
        self.title.setText(texts.choose_service())
        self.hint.setText(texts.choose_hint())
        self.priority_entry.setText(texts.priority_button())
        self.booking_entry.setText(texts.booking_button())
        self.header.language.setText(texts.switch_language())

    def _rebuild(self, statuses: Sequence[ServiceStatus]) -> None:
        for old in self.buttons.values():
            old.deleteLater()
        self.buttons = {}
        for status in statuses:
            widget = ServiceButton(status.code, status.color)
            widget.clicked.connect(lambda _=False, code=status.code: self.service_chosen.emit(code))
            self.buttons[status.code] = widget
        self._place()

    def _place(self) -> None:
        for widget in self.buttons.values():
            self._grid.removeWidget(widget)
        for index, widget in enumerate(self.buttons.values()):
            self._grid.addWidget(widget, index // self._columns, index % self._columns)


def min_button_height(width: int, height: int, inches: float) -> int:
    return max(style.min_target_px(width, height, inches), style.BUTTON_HEIGHT)
