"""Sign-in: login and PIN, and the counter (unless this PC's counter is fixed)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.controller import busy_cursor
from counter_app.desk import Desk, device_name
from counter_app.errors import explain
from db.errors import DatabaseUnavailable, UserError
from db.services import counters, officers
from db.store.engine import Database

FRONT_DESK = "front_desk"


class SignInPage(QWidget):
    """Checks the PIN (wrong PINs lock the login) and seats the officer at the counter.

    Signals:
        signed_in(object): a Desk for the officer at the chosen counter.
        front_desk_signed_in(object): the OfficerView of a front-desk officer (no counter).
    """

    signed_in = Signal(object)
    front_desk_signed_in = Signal(object)

    def __init__(
        self,
        db: Database,
        office_name: str = "",
        fixed_counter: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._db = db
        self._fixed = fixed_counter
        self.login = QLineEdit()
        self.login.setPlaceholderText(self.tr("e.g. budi"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("digits only"))
        self.counter = QComboBox()
        self.error = QLabel("")
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)
        self.submit = QPushButton(self.tr("Sign in"))
        self.submit.setObjectName("primary")
        self.submit.setDefault(True)
        self.office = QLabel(office_name)
        self.office.setObjectName("muted")
        self._build()
        self.submit.clicked.connect(self.attempt)
        self.login.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.attempt)

    def _build(self) -> None:
        box = QWidget()
        box.setObjectName("signInCard")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box.setFixedWidth(440)
        title = QLabel(self.tr("Counter sign-in"))
        title.setObjectName("signInTitle")
        form = QVBoxLayout()
        form.setSpacing(4)
        for caption, field in (
            (self.tr("Login"), self.login),
            (self.tr("PIN"), self.pin),
            (self.tr("Counter"), self.counter),
        ):
            label = QLabel(caption)
            label.setObjectName("fieldLabel")
            label.setBuddy(field)
            form.addSpacing(8)
            form.addWidget(label)
            form.addWidget(field)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        inner.addWidget(title)
        inner.addWidget(self.office)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.submit)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def load_counters(self) -> bool:
        """Fill the counter choice from the database; False (and a message) when unreachable."""
        try:
            rows = counters.list_counters(self._db)
        except UserError as error:
            self.show_error(explain(error))
            return False
        self.counter.clear()
        for row in rows:
            if self._fixed is None or row.number == self._fixed:
                self.counter.addItem(row.name, row.number)
        self.counter.setEnabled(self._fixed is None)
        if self._fixed is not None and self.counter.count() == 0:
            text = self.tr("This PC is set to counter {n}, which does not exist.")
            self.show_error(text.format(n=self._fixed))
            return False
        return True

    def reset(self) -> None:
        self.login.clear()
        self.pin.clear()
        self.error.clear()
        self.login.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def set_online(self, online: bool) -> None:
        self.submit.setEnabled(online)

    def attempt(self) -> None:
        if not self.submit.isEnabled():
            return
        number = self.counter.currentData()
        if number is None and not self.load_counters():
            return
        number = self.counter.currentData()
        login, pin = self.login.text().strip(), self.pin.text()
        self.pin.clear()
        try:
            with busy_cursor():
                officer = officers.authenticate(self._db, login, pin, device=device_name())
                if officer.role != FRONT_DESK:  # the front desk takes no counter
                    counters.sign_in_at_counter(
                        self._db, int(number), officer.login, device=device_name()
                    )
        except DatabaseUnavailable as error:
            self.show_error(self.tr("Not signed in: {reason}").format(reason=explain(error)))
            return
        except UserError as error:
            self.show_error(explain(error))
            self.pin.setFocus()
            return
        self.error.clear()
        if officer.role == FRONT_DESK:
            self.front_desk_signed_in.emit(officer)
            return
        self.signed_in.emit(Desk(self._db, officer, int(number)))
