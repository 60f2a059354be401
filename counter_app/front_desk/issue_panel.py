"""Issue a ticket on someone's behalf, and check a booking in (typed, or scanned: a scanner
types the code and Enter)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.format import priority_label
from counter_app.front_desk.feedback import Feedback
from counter_app.front_desk.fields import Field
from counter_app.front_desk.model import FrontDesk, Printer
from counter_app.front_desk.texts import refusal, wait_text
from counter_app.waiting import card
from db.errors import BookingRefused, UserError
from db.office_config import PRIORITY_CATEGORIES
from db.results import IssuedTicket
from db.services.front_desk import MAX_REASON
from db.views.availability import ServiceDay

NO_PRINT = ""


class TicketForm(QWidget):
    """The issue form and the check-in field; both print where the officer chose.

    Signals:
        issued(object): the IssuedTicket just issued or checked in (for the lookup panel).
    """

    issued = Signal(object)

    def __init__(self, desk: FrontDesk, feedback: Feedback, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._feedback = feedback
        self.service = QComboBox()
        self.priority = QComboBox()
        self.priority.addItem(self.tr("None (normal ticket)"), None)
        for code in PRIORITY_CATEGORIES:
            self.priority.addItem(priority_label(code), code)
        self.reason = Field()
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(self.tr("Required for a priority group, e.g. KTP: aged 72"))
        self.printer = QComboBox()
        for printer in desk.printers:
            label = self.tr("Desk printer") if printer is Printer.DESK else self.tr("Kiosk printer")
            self.printer.addItem(label, str(printer))
        self.printer.addItem(self.tr("Do not print"), NO_PRINT)
        self.issue_button = QPushButton(self.tr("Issue ticket  (Ctrl+Enter)"))
        self.issue_button.setObjectName("primary")
        self.booking = Field()
        self.booking.setPlaceholderText(self.tr("Type or scan the booking code, then Enter"))
        self.booking_service = QComboBox()
        self.check_in_button = QPushButton(self.tr("Check in"))
        self.result = QLabel("")
        self.result.setObjectName("deskResult")
        self.result.setWordWrap(True)
        self._build()
        self.issue_button.clicked.connect(self.issue)
        self.reason.returnPressed.connect(self.issue)
        self.booking.returnPressed.connect(self.check_in)
        self.check_in_button.clicked.connect(self.check_in)

    def _build(self) -> None:
        issue_box, issue = card(self.tr("ISSUE A TICKET  ·  F2"))
        form = QFormLayout()
        form.addRow(self.tr("&Service"), self.service)
        form.addRow(self.tr("&Priority group"), self.priority)
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.tr("Pri&nt on"), self.printer)
        issue.addLayout(form)
        issue.addWidget(self.issue_button)
        issue.addStretch(1)
        check_box, check = card(self.tr("CHECK IN A BOOKING  ·  F3"))
        row = QHBoxLayout()
        row.addWidget(self.booking, 1)
        row.addWidget(self.check_in_button)
        check.addLayout(row)
        unlisted = QFormLayout()
        unlisted.addRow(self.tr("Service if not listed"), self.booking_service)
        check.addLayout(unlisted)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(check_box)
        right.addWidget(self.result)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(issue_box, 1)
        layout.addLayout(right, 1)

    def show_services(self, days: list[ServiceDay]) -> None:
        """Offer today's services (keeping the officer's choice when it is still there)."""
        for combo, blank in ((self.service, None), (self.booking_service, self.tr("—"))):
            chosen = combo.currentData()
            combo.clear()
            if blank is not None:
                combo.addItem(blank, None)
            for day in days:
                combo.addItem(f"{day.code} · {day.status.name_id}", day.code)
            index = combo.findData(chosen)
            combo.setCurrentIndex(max(index, 0))

    def issue(self) -> None:
        service = self.service.currentData()
        if service is None:
            self._feedback.say(self.tr("Choose a service first."), "error")
            return
        priority = self.priority.currentData()
        issued = self._feedback.run(lambda: self._desk.issue(service, priority, self.reason.text()))
        if issued is None:
            return
        self.reason.clear()
        self.priority.setCurrentIndex(0)
        self._done(issued, self.tr("Issued"))

    def check_in(self) -> None:
        code = self.booking.text().strip()
        if not code:
            self._feedback.say(self.tr("Type or scan a booking code."), "error")
            return
        service = self.booking_service.currentData()
        done = self._feedback.run(lambda: self._desk.check_in(code, service), self._refused)
        if done is None:
            return
        self.booking.clear()
        label = self.tr("Checked in (late: walk-in ticket)") if done.as_walk_in else ""
        self._done(done.issued, label or self.tr("Checked in"))

    def _refused(self, error: UserError) -> bool:
        """A booking refused: said as the kiosk says it, minus "go to the desk"."""
        if not isinstance(error, BookingRefused):
            return False
        if error.details.get("reason") == "service":
            self.booking_service.setFocus()
            text = self.tr("Not on today's list: choose its service, then press Check in.")
            self._feedback.say(text, "info")
            return True
        self._feedback.say(refusal(str(error)), "error")
        self.booking.setFocus()
        self.booking.selectAll()
        return True

    def _done(self, issued: IssuedTicket, verb: str) -> None:
        ticket = issued.ticket
        ahead = self.tr("{n} ahead").format(n=issued.people_ahead)
        line = f"{verb}: {ticket.code} · {ahead} · {wait_text(issued.estimated_wait)}"
        self.result.setText(line)
        self.issued.emit(issued)
        chosen = self.printer.currentData()
        if chosen == NO_PRINT:
            self._feedback.say(line, "ok")
            return
        where = self.tr("printing…")
        self._feedback.say(f"{line}. {where}", "info")
        self._feedback.print_later(issued, Printer(chosen), f"{line}. ")
