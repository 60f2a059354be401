"""A line edit that keeps its Return key to itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit


class Field(QLineEdit):
    """QLineEdit passes Return on to its parents after `returnPressed`; the front desk page
    maps Ctrl+Return to "issue", so a Return typed here would act twice."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
