"""A stack of screens whose size needs are those of the screen shown, not of the largest one.

Qt's QStackedLayout asks for the largest minimum of all its screens, so one tall screen (the
booking keypad) would make every screen too tall for the accessibility bar below it. Here only
the current screen counts; the window's layout is told again whenever the screen changes.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedLayout


class CurrentStack(QStackedLayout):
    """A QStackedLayout sized by its current screen."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _: self.invalidate())

    def minimumSize(self) -> QSize:
        current = self.currentWidget()
        if current is None:
            return super().minimumSize()
        return current.minimumSizeHint().expandedTo(current.minimumSize())

    def sizeHint(self) -> QSize:
        current = self.currentWidget()
        return super().sizeHint() if current is None else current.sizeHint()
