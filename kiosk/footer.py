"""The strip along the bottom of every kiosk screen: the idle countdown and the staff notes.

The countdown is for the applicant (the screen will go back to the start); the printer note is
for staff, kept small and out of the applicants' header. The strip hides when both are empty.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk import texts
from kiosk.widgets import label


class Footer(QWidget):
    """The countdown on the left, the staff note on the right."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Footer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.countdown = label("Countdown")
        self.staff = label("StaffNote", wrap=False)
        self.staff.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 6, 24, 6)
        row.setSpacing(24)
        row.addWidget(self.countdown, 1)
        row.addWidget(self.staff)
        self._seconds: int | None = None
        self.show_countdown(None)
        self.show_staff_note(None)

    def show_countdown(self, seconds: int | None) -> None:
        self._seconds = seconds
        self.countdown.setVisible(seconds is not None)
        self.countdown.setText(texts.going_home(seconds) if seconds is not None else "")
        self._update()

    def show_staff_note(self, text: str | None) -> None:
        self.staff.setVisible(bool(text))
        self.staff.setText(text or "")
        self._update()

    def retranslate(self) -> None:
        self.show_countdown(self._seconds)

    def _update(self) -> None:
        self.setVisible(self._seconds is not None or bool(self.staff.text()))
