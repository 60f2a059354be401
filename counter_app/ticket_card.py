"""The current ticket: its number very large, service, priority, waited time, service timer."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from counter_app.desk import DeskSnapshot
from counter_app.format import (
    clock,
    minutes,
    priority_label,
    status_label,
    step_line,
    translate,
)
from db.results import TicketView
from db.rules.clock import utcnow

TICK_MS = 1000
MIN_NUMBER_PX = 72
MAX_NUMBER_PX = 220


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


def _restyle(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class TicketCard(QWidget):
    """Shows the counter's active ticket; the timers tick locally, without reading the database."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._ticket: TicketView | None = None
        self.title = _label("cardTitle", self.tr("CURRENT TICKET"))
        self.status = _label("statusChip")
        self.priority = _label("priorityChip")
        self.appointment = _label("appointmentChip", self.tr("M-Paspor booking"))
        self.step = _label("ticketStep")
        self.number = _label("ticketNumber")
        # The number's font follows the space it gets, so its size must not hold the card up:
        # a card grown on a large screen would otherwise keep the window from shrinking back.
        # Nor its width: a wide font would otherwise set the window's minimum width.
        self.number.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.service = _label("ticketService")
        for label in (self.service, self.step):
            label.setWordWrap(True)  # a long service or step name wraps, never widens the window
        self.waited = _label("ticketMeta")
        self.timer_caption = _label("ticketMeta")
        self.timer = _label("ticketTimer")
        self._build()
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._update_times)
        self.show_snapshot(None)

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.appointment)
        top.addWidget(self.priority)
        top.addWidget(self.status)
        timing = QHBoxLayout()
        self._left = QVBoxLayout()
        self._left.setSpacing(6)
        self._left.addStretch(1)
        self._left.addWidget(self.waited)
        timing.addLayout(self._left, 1)
        right = QVBoxLayout()
        right.setSpacing(0)
        right.addWidget(self.timer_caption, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.timer, 0, Qt.AlignmentFlag.AlignRight)
        timing.addLayout(right)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 16, 22, 18)
        layout.addLayout(top)
        layout.addWidget(self.number, 1)
        layout.addWidget(self.service)
        layout.addWidget(self.step)
        layout.addLayout(timing)

    def add_footer(self, widget: QWidget) -> None:
        """A row under the waited time, beside the timer (the counter's outcome buttons)."""
        self._left.addWidget(widget)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_number()

    def _fit_number(self) -> None:
        """The number as large as the card allows (its own stylesheet beats the window's)."""
        idle = bool(self.number.property("idle"))
        fit = min(MAX_NUMBER_PX, self.number.height() * 4 // 5, self.width() // 4)
        size = max(MIN_NUMBER_PX, fit)
        weight = "normal" if idle else "bold"
        pixels = size // 3 if idle else size
        self.number.setStyleSheet(f"font-size: {pixels}px; font-weight: {weight};")

    @property
    def ticket(self) -> TicketView | None:
        return self._ticket

    def show_snapshot(self, snapshot: DeskSnapshot | None) -> None:
        ticket = snapshot.current if snapshot else None
        self._ticket = ticket
        paused = snapshot is not None and snapshot.counter.state != "open"
        if ticket is None:
            self._show_idle(paused)
        else:
            self._show_ticket(ticket)
        self._update_times()

    def _show_idle(self, paused: bool) -> None:
        self._tick.stop()
        self.number.setProperty("idle", True)
        self.number.setText(self.tr("Counter paused") if paused else self.tr("No ticket"))
        self.service.setText(
            self.tr("Resume the counter to call again.")
            if paused
            else self.tr("Press Call next (F2).")
        )
        self.status.setText(self.tr("Paused") if paused else "")
        self.status.setProperty("status", "paused" if paused else "")
        self.status.setVisible(paused)
        self.priority.hide()
        self.appointment.hide()
        self.step.hide()
        for label in (self.waited, self.timer_caption, self.timer):
            label.clear()
        _restyle(self.number)
        _restyle(self.status)
        self._fit_number()

    def _show_ticket(self, ticket: TicketView) -> None:
        self._tick.start()
        self.number.setProperty("idle", False)
        self.number.setText(ticket.code)
        self.service.setText(f"{ticket.service_code} · {ticket.service_name_id}")
        self.status.setText(self._status_text(ticket))
        self.status.setProperty("status", ticket.status)
        self.status.show()
        self.priority.setText(priority_label(ticket.priority))
        self.priority.setVisible(ticket.priority is not None)
        self.appointment.setVisible(ticket.kind == "appointment")
        self.step.setText(step_line(ticket))
        self.step.setVisible(ticket.steps > 1)
        _restyle(self.number)
        _restyle(self.status)
        self._fit_number()

    @staticmethod
    def _status_text(ticket: TicketView) -> str:
        text = status_label(ticket.status)
        if ticket.recall_count:
            text += translate("Counter", " · recalled {n}×").format(n=ticket.recall_count)
        return text

    def _update_times(self) -> None:
        ticket = self._ticket
        if ticket is None:
            return
        now = utcnow()
        # For a later step of a visit: the wait for this step, not since the ticket was issued.
        waited_until = ticket.called_at or now
        since = ticket.waiting_since or ticket.issued_at
        waited = minutes((waited_until - since).total_seconds())
        self.waited.setText(self.tr("Waited {time}").format(time=waited))
        if ticket.serving_at is not None:
            self.timer_caption.setText(self.tr("Serving for"))
            start = ticket.serving_at
        else:
            self.timer_caption.setText(self.tr("Called"))
            start = ticket.called_at or now
        self.timer.setText(clock((now - start).total_seconds()))
