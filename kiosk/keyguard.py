"""The full-screen kiosk's keyboard guard: applicants cannot close or switch away from it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

REPRINT_KEY = Qt.Key.Key_F9


class KeyGuard(QObject):
    """Swallows every key on a full-screen kiosk except the staff reprint key."""

    def __init__(self, parent: QObject, reprint: Callable[[], None]) -> None:
        super().__init__(parent)
        self._reprint = reprint

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        is_press = event.type() == QEvent.Type.KeyPress
        if is_press and isinstance(event, QKeyEvent) and event.key() == REPRINT_KEY:
            self._reprint()
        return True
