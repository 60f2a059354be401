"""Look any of today's tickets up by its number; reprint it, or cancel it at its holder's
request."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from counter_app.front_desk.feedback import Feedback
from counter_app.front_desk.fields import Field
from counter_app.front_desk.model import FrontDesk, Printer
from counter_app.front_desk.texts import ticket_facts
from counter_app.waiting import card
from db.errors import NotFound, UserError
from db.results import IssuedTicket
from db.services.front_desk import MAX_REASON

CANCELLABLE = ("waiting", "no_show")


class LookupPanel(QWidget):
    """One ticket at a time; it is read again whenever the queue changes."""

    def __init__(self, desk: FrontDesk, feedback: Feedback, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._feedback = feedback
        self.found: IssuedTicket | None = None
        # Asks before a cancel; tests replace it.
        self.confirm: Callable[[str], bool] = self._ask
        self.code = Field()
        self.code.setPlaceholderText(self.tr("Ticket number, e.g. A012, then Enter"))
        self.code.setMaxLength(12)
        self.number = QLabel("—")
        self.number.setObjectName("deskNumber")
        self.facts = QFormLayout()
        self.printer = QComboBox()
        for printer in desk.printers:
            label = self.tr("Desk printer") if printer is Printer.DESK else self.tr("Kiosk printer")
            self.printer.addItem(label, str(printer))
        self.reprint_button = QPushButton(self.tr("Reprint  (Ctrl+P)"))
        if self.printer.count() == 0:
            self.reprint_button.setToolTip(self.tr("No printer is set up at this desk."))
        self.reason = Field()
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(self.tr("Why the applicant cancels, e.g. must leave"))
        self.cancel_button = QPushButton(self.tr("Cancel ticket"))
        self.cancel_button.setObjectName("danger")
        self._build()
        self.code.returnPressed.connect(self.look_up)
        self.reprint_button.clicked.connect(self.reprint)
        self.reason.returnPressed.connect(self.cancel)
        self.cancel_button.clicked.connect(self.cancel)
        self._show(None)

    def _build(self) -> None:
        box, layout = card(self.tr("LOOK UP A TICKET  ·  F6"), self)
        top = QHBoxLayout()
        top.addWidget(self.code, 1)
        top.addWidget(self.number)
        layout.addLayout(top)
        layout.addLayout(self.facts)
        layout.addStretch(1)  # the buttons stay at the bottom whatever the ticket's rows
        reprint = QHBoxLayout()
        reprint.addWidget(self.printer, 1)
        reprint.addWidget(self.reprint_button)
        layout.addLayout(reprint)
        cancel = QHBoxLayout()
        cancel.addWidget(self.reason, 1)
        cancel.addWidget(self.cancel_button)
        layout.addLayout(cancel)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)

    def look_up(self, code: str | None = None) -> None:
        """Show ticket `code` (else the typed one); an unknown number is said, not shown."""
        wanted = (code or self.code.text()).strip().upper()
        if not wanted:
            return
        self.code.setText(wanted)
        found = self._feedback.run(lambda: self._desk.look_up(wanted), self._not_found)
        if found is not None:
            self._show(found)

    def show_ticket(self, found: IssuedTicket) -> None:
        """Show a ticket the desk just issued or checked in."""
        self.code.setText(found.ticket.code)
        self._show(found)

    @property
    def shown_code(self) -> str | None:
        """The number of the ticket shown (read by the page's snapshot, off the GUI thread)."""
        return None if self.found is None else self.found.ticket.code

    def show_current(self, found: IssuedTicket) -> None:
        """The shown ticket read again (it may have been called meanwhile); a ticket looked up
        since the read began stays."""
        if self.found is not None and self.found.ticket.code == found.ticket.code:
            self._show(found)

    def reprint(self) -> None:
        if self.found is None or self.printer.count() == 0:
            self._feedback.say(self.tr("No printer is set up at this desk."), "error")
            return
        self._feedback.say(self.tr("Printing {code}…").format(code=self.found.ticket.code), "info")
        self._feedback.print_later(self.found, Printer(self.printer.currentData()))

    def cancel(self) -> None:
        found = self.found
        if found is None:
            return
        reason = self.reason.text().strip()
        if not reason:
            self._feedback.say(self.tr("Give the reason the applicant cancels."), "error")
            self.reason.setFocus()
            return
        code = found.ticket.code
        if not self.confirm(
            self.tr("Cancel ticket {code}? This cannot be undone.").format(code=code)
        ):
            return
        done = self._feedback.run(lambda: self._desk.cancel(code, reason))
        if done is None:
            return
        self.reason.clear()
        self._feedback.say(self.tr("{code} is cancelled.").format(code=code), "ok")
        self.look_up(code)

    def _not_found(self, error: UserError) -> bool:
        if not isinstance(error, NotFound):
            return False
        self._show(None)
        text = self.tr("There is no ticket {code} today: check the letter and the digits.")
        self._feedback.say(text.format(code=self.code.text()), "error")
        self.code.selectAll()
        return True

    def _show(self, found: IssuedTicket | None) -> None:
        self.found = found
        while self.facts.rowCount():
            self.facts.removeRow(0)
        self.number.setText(found.ticket.code if found else "—")
        for caption, value in ticket_facts(found, self._desk.timezone) if found else []:
            self.facts.addRow(caption, QLabel(value))
        cancellable = found is not None and found.ticket.status in CANCELLABLE
        self.reason.setEnabled(cancellable)
        self.cancel_button.setEnabled(cancellable)
        self.reprint_button.setEnabled(found is not None and self.printer.count() > 0)
        self.printer.setVisible(self.printer.count() > 0)

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Cancel ticket"), question)
        return answer == QMessageBox.StandardButton.Yes
