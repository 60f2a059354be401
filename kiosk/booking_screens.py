"""The screens of an M-Paspor booking: the on-screen keypad and the refusal message."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QWidget

from kiosk import texts
from kiosk.widgets import FittedLabel, button, label, vbox

# Booking codes are letters, digits and dashes; a keyboard layout the applicant knows.
KEY_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM")
BACKSPACE = "\u232b"
MAX_CODE = 32
KEY_HEIGHT = 110  # 27 mm on a 21.5-inch 1080p screen: well above the 15 mm minimum
PORTRAIT_KEY_HEIGHT = 170  # a portrait screen has the height to spare: easier to hit
CODE_PIXELS = 72  # the code's font size when it fits


class KeypadScreen(QWidget):
    """A large keypad for the booking code.

    Signals:
        submitted(str): OK pressed with a code.
        back(): the applicant gives up.
        edited(): a key was pressed (the kiosk waits longer before going home).
    """

    submitted = Signal(str)
    back = Signal()
    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Keypad")
        self.title = label("Title")
        self.hint = label("Hint")
        self.code = FittedLabel("CodeField", CODE_PIXELS)
        self.keys: dict[str, QPushButton] = {}
        self.clear_key = button("KeySecondary", height=KEY_HEIGHT)
        self.back_button = button("Secondary", height=130)
        self.ok_button = button("Primary", height=130)
        page = vbox(self, margins=40, spacing=18)
        for widget in (self.title, self.hint, self.code):
            page.addWidget(widget)
        page.addLayout(self._grid())
        page.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.ok_button)
        page.addLayout(row)
        self.clear_key.clicked.connect(lambda: self._set(""))
        self.back_button.clicked.connect(self.back)
        self.ok_button.clicked.connect(self._submit)
        self._set("")

    def _grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(14)
        for row, keys in enumerate(KEY_ROWS):
            for column, key in enumerate(keys):
                self._add_key(grid, key, row, column)
        self._add_key(grid, BACKSPACE, 3, 7)
        grid.addWidget(self.clear_key, 3, 8, 1, 2)
        return grid

    def _add_key(self, grid: QGridLayout, key: str, row: int, column: int) -> None:
        widget = button("Key", key, height=KEY_HEIGHT)
        widget.setMinimumWidth(80)
        widget.clicked.connect(lambda _=False, k=key: self.press(k))
        self.keys[key] = widget
        grid.addWidget(widget, row, column)

    def set_portrait(self, portrait: bool) -> None:
        height = PORTRAIT_KEY_HEIGHT if portrait else KEY_HEIGHT
        for key in [*self.keys.values(), self.clear_key]:
            key.setMinimumHeight(height)

    @property
    def text(self) -> str:
        return self._text

    def press(self, key: str) -> None:
        if key == BACKSPACE:
            self._set(self._text[:-1])
        elif len(self._text) < MAX_CODE:
            self._set(self._text + key)

    def reset(self) -> None:
        self._set("")

    def _set(self, text: str) -> None:
        self._text = text
        self.code.setText(text or " ")
        self.ok_button.setEnabled(bool(text))
        self.edited.emit()

    def _submit(self) -> None:
        if self._text:
            self.submitted.emit(self._text)

    def retranslate(self) -> None:
        self.title.setText(texts.keypad_title())
        self.hint.setText(texts.keypad_hint())
        self.clear_key.setText(texts.clear())
        self.back_button.setText(texts.back())
        self.ok_button.setText(texts.ok())


class MessageScreen(QWidget):
    """Why a booking was not checked in, always ending with the way to the information desk.

    Signals:
        dismissed(): "OK" pressed (the kiosk also returns home by itself).
    """

    dismissed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Message")
        self.reason = ""
        self.details: dict[str, object] = {}
        self.title = label("Title", center=True)
        self.message = label("MessageText", center=True)
        self.desk = label("Desk", center=True)
        self.ok_button = button("Primary", height=140)
        self.ok_button.setMinimumWidth(420)
        self.ok_button.clicked.connect(self.dismissed)
        page = vbox(self, margins=90, spacing=40)
        page.addStretch(2)
        for widget in (self.title, self.message, self.desk):
            page.addWidget(widget)
        page.addStretch(3)
        page.addWidget(self.ok_button, 0, Qt.AlignmentFlag.AlignHCenter)

    def show_refusal(self, reason: str, details: dict[str, object]) -> None:
        self.reason, self.details = reason, details
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(texts.refusal_title())
        self.message.setText(texts.refusal(self.reason, self.details))
        self.desk.setText(texts.go_to_desk())
        self.ok_button.setText(texts.ok())
