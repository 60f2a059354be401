"""A USB barcode scanner is a keyboard that types very fast: this tells its codes from typing.

The scanner types the booking code and then Enter, a few milliseconds per key. A person at a
keyboard (staff testing, a curious visitor) types far slower, so a keystroke that comes more than
`gap_ms` after the previous one starts a new code, and only a code typed wholly at scanner speed
is taken. The on-screen keypad sends no key events at all, so it can never be mistaken for one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent

MAX_GAP_MS = 50
MIN_LENGTH = 4
MAX_LENGTH = 40
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def monotonic_ms() -> float:
    return time.monotonic() * 1000


class ScanBuffer:
    """Collects the characters of one fast burst; `enter()` gives the code or None."""

    def __init__(self, gap_ms: float = MAX_GAP_MS) -> None:
        self._gap_ms = gap_ms
        self._chars: list[str] = []
        self._last: float | None = None

    def key(self, char: str, at_ms: float) -> None:
        if self._last is None or at_ms - self._last > self._gap_ms:
            self._chars = []
        self._last = at_ms
        if len(self._chars) < MAX_LENGTH:
            self._chars.append(char)

    def enter(self, at_ms: float) -> str | None:
        fast = self._last is not None and at_ms - self._last <= self._gap_ms
        code = "".join(self._chars).strip()
        self._chars, self._last = [], None
        return code if fast and len(code) >= MIN_LENGTH else None


class ScannerFilter(QObject):
    """An event filter for the application: every key press on any screen feeds the buffer.

    Signals:
        scanned(str): a code typed at scanner speed, ended by Enter.
    """

    scanned = Signal(str)

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = monotonic_ms
    ) -> None:
        super().__init__(parent)
        self._buffer = ScanBuffer()
        self._clock = clock

    def feed(self, event: QKeyEvent) -> bool:
        """Take one key press; True if it was a scanner key (a character or Enter)."""
        if event.key() in _ENTER:
            code = self._buffer.enter(self._clock())
            if code and not event.isAutoRepeat():
                self.scanned.emit(code)
            return True
        text = event.text()
        if text and text.isprintable():
            self._buffer.key(text, self._clock())
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Consumed here, a key press never travels on (the kiosk has no text fields), so each
        # press is seen once; other keys (the staff reprint key) go on to the key guard.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self.feed(event)
        return False
