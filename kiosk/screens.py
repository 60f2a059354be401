"""The priority, confirmation and out-of-service screens."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QWidget

from db.office_config import PRIORITY_CATEGORIES
from kiosk import texts
from kiosk.jobs import Issued
from kiosk.widgets import button, label, qr_pixmap, vbox
from ticket_printer.ticket import phone_link

TAP_GRACE_MS = 2000  # a second tap of a double tap must not dismiss the new number


class PriorityScreen(QWidget):
    """Signals:
    chosen(str): a priority category.
    back(): no priority after all.
    """

    chosen = Signal(str)
    back = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Priority")
        self.title = label("Title")
        self.hint = label("Hint")
        self.buttons = {c: button("PriorityEntry", height=170) for c in PRIORITY_CATEGORIES}
        self.back_button = button("Secondary", height=130)
        self.back_button.clicked.connect(self.back)
        self._grid = QGridLayout()
        self._grid.setSpacing(26)
        page = vbox(self, margins=60, spacing=30)
        page.addWidget(self.title)
        page.addWidget(self.hint)
        page.addLayout(self._grid)
        page.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        page.addLayout(row)
        for category, widget in self.buttons.items():
            widget.clicked.connect(lambda _=False, c=category: self.chosen.emit(c))
        self.set_columns(2)

    def set_columns(self, columns: int) -> None:
        for index, widget in enumerate(self.buttons.values()):
            self._grid.removeWidget(widget)
            self._grid.addWidget(widget, index // columns, index % columns)

    def retranslate(self) -> None:
        self.title.setText(texts.priority_title())
        self.hint.setText(texts.priority_hint())
        for category, widget in self.buttons.items():
            widget.setText(texts.priority_category(category))
        self.back_button.setText(texts.back())


class ConfirmScreen(QWidget):
    """The number, huge, with the service, people ahead, the wait, the QR and the print status.

    Signals:
        dismissed(): tapped (after a short grace period) or "Done" pressed.
    """

    dismissed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Confirm")
        self.issued: Issued | None = None
        self.language = "id"
        self._print_state = "printing"
        self._shown = QElapsedTimer()
        self.caption = label("NumberCaption", center=True)
        self.number = label("Number", wrap=False, center=True)
        self.service = label("ServiceName", center=True)
        self.ahead = label("Detail", center=True)
        self.wait = label("Detail", center=True)
        self.booking = label("Booking", center=True)
        self.valid = label("Valid", center=True)
        self.status = label("PrintOk", center=True)
        self.qr = label("Qr", center=True)
        self.qr_caption = label("QrCaption", center=True)
        self.qr_link = label("QrLink", center=True)
        self.done = button("Primary", height=140)
        self.done.clicked.connect(self.dismissed)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._build()

    def _build(self) -> None:
        self._layout.setContentsMargins(60, 50, 60, 50)
        self._layout.setSpacing(40)
        left = QWidget()
        column = vbox(left, spacing=14)
        for widget in (
            self.caption,
            self.number,
            self.service,
            self.booking,
            self.ahead,
            self.wait,
        ):
            column.addWidget(widget)
        column.addSpacing(10)
        column.addWidget(self.valid)
        column.addSpacing(30)
        column.addWidget(self.status)
        column.addStretch(1)
        right = QWidget()
        side = vbox(right, spacing=16)
        side.addStretch(1)
        side.addWidget(self.qr)
        side.addWidget(self.qr_caption)
        side.addWidget(self.qr_link)
        side.addStretch(1)
        side.addWidget(self.done)
        self._layout.addWidget(left, 3)
        self._layout.addWidget(right, 2)

    def set_portrait(self, portrait: bool) -> None:
        direction = (
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self._layout.setDirection(direction)

    def show_ticket(self, issued: Issued) -> None:
        self.issued = issued
        self._print_state = "repeated" if issued.ticket.repeated and issued.checkin else "printing"
        self._shown.start()
        self.qr.setPixmap(qr_pixmap(issued.content.qr_payload, 360))
        link = phone_link(issued.content.qr_payload)
        self.qr_link.setText(link or "")
        self.qr_link.setVisible(link is not None)
        self.qr_caption.setVisible(link is not None)  # a bare reference is for staff only
        self.retranslate()

    def show_print_result(self, state: str) -> None:
        """ "printed" (confirmed), "shown" (no printer), "failed" or "unconfirmed" (sent to a
        printer that cannot answer)."""
        self._print_state = state
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(texts.your_number())
        self.valid.setText(texts.valid_today())
        self.qr_caption.setText(texts.scan_hint())
        self.done.setText(texts.done())
        if self.issued is not None:
            self._show_details(self.issued)
        self._show_status()

    def _show_details(self, issued: Issued) -> None:
        ticket, content = issued.ticket, issued.content
        self.number.setText(content.code)
        view = ticket.ticket
        service = view.service_name_id if self.language == "id" else view.service_name_en
        if content.priority:
            service += f"  ·  {texts.priority_category(content.priority)}"
        self.service.setText(service)
        self.ahead.setText(texts.people_ahead(content.people_ahead))
        self.wait.setText(texts.estimated_wait(*content.wait) if content.wait else "")
        self.wait.setVisible(content.wait is not None)
        booking = booking_line(issued)
        self.booking.setText(booking)
        self.booking.setVisible(bool(booking))

    def _show_status(self) -> None:
        messages = {
            "printing": texts.printing(),
            "printed": texts.printed(),
            "shown": texts.shown_only(),
            "failed": texts.print_failed(),
            "unconfirmed": texts.print_failed(),
            "repeated": texts.already_checked_in(),
        }
        self.status.setText(messages[self._print_state])
        attention = self._print_state in ("failed", "unconfirmed", "repeated")
        self.status.setObjectName("PrintFail" if attention else "PrintOk")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._shown.isValid() and self._shown.elapsed() >= TAP_GRACE_MS:
            self.dismissed.emit()


def booking_line(issued: Issued) -> str:
    """For a checked-in booking: its session, and when an early one is called."""
    done = issued.checkin
    if done is None:
        return ""
    if done.as_walk_in:
        return texts.late_walk_in()
    if done.session_start is None or done.session_end is None:
        return ""
    line = texts.session(done.session_start, done.session_end)
    if done.punctuality == "early":
        line += "\n" + texts.early(done.session_start)
    return line


class OutOfServiceScreen(QWidget):
    """Bilingual and fixed: shown when the database cannot be reached; nothing to tap."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("OutOfService")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        title_id, title_en, ask_id, ask_en, retry = texts.OUT_OF_SERVICE
        page = vbox(self, margins=120, spacing=26)
        page.addStretch(2)
        page.addWidget(label("OosTitle", title_id, center=True))
        page.addWidget(label("OosText", title_en, center=True))
        page.addSpacing(50)
        page.addWidget(label("OosText", f"{ask_id}  ·  {ask_en}", center=True))
        page.addStretch(3)
        page.addWidget(label("OosSmall", retry, center=True))
