"""The kiosk's idle timer: after a quiet period it sends the kiosk back to its resting state.

The kiosk must never hand the next person what the last one chose (a priority, English, a
booking code waiting for its service). The window starts this timer whenever it leaves its
resting state (the Indonesian start screen with nothing chosen); any touch, click or key
anywhere in the application starts the period again, and `expired` fires when it runs out.
While it runs, `countdown` says how many seconds are left, so that a screen can show it.

Patience: `set_patience(factor)` multiplies every period, the running one included (counted
again from the moment of the call). A mode for people who need more time (for example a
voice-guided mode) calls `set_patience(3.0)` when it starts and `set_patience(1.0)` when it
ends. Factors below 1 shorten the periods (tests use this); the factor must be positive.

Signals:
    countdown(int): whole seconds left (rounded up), at the start and once a second.
    expired(): the period ran out without any input.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QObject, QTimer, Signal

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)
TICK_MS = 250  # fine enough that the shown seconds never skip one


class IdleTimer(QObject):
    """Counts a quiet period down; restarted by any input while it runs."""

    countdown = Signal(int)
    expired = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._patience = 1.0
        self._seconds = 0.0  # the period as asked, before patience
        self._elapsed = QElapsedTimer()
        self._last_shown: int | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)

    @property
    def running(self) -> bool:
        return self._tick.isActive()

    @property
    def patience(self) -> float:
        return self._patience

    def period_ms(self) -> int:
        """The running (or last) period in milliseconds, patience included."""
        return round(self._seconds * self._patience * 1000)

    def remaining_ms(self) -> int:
        if not self.running:
            return 0
        return max(self.period_ms() - self._elapsed.elapsed(), 0)

    def start(self, seconds: float) -> None:
        """Count `seconds` (times the patience) down from now."""
        if seconds <= 0:
            raise ValueError(f"an idle period must be positive, got {seconds}")
        self._seconds = seconds
        self._restart()

    def stop(self) -> None:
        self._tick.stop()
        self._last_shown = None

    def poke(self) -> None:
        """Input happened: a running countdown starts again from its full period."""
        if self.running:
            self._restart()

    def set_patience(self, factor: float) -> None:
        """Multiply every period by `factor` (1.0: the configured times)."""
        if not math.isfinite(factor) or factor <= 0:
            raise ValueError(f"patience must be a positive number, got {factor}")
        self._patience = factor
        if self.running:
            self._restart()

    def watch_input(self) -> None:
        """Let every touch, click or key anywhere in the application restart the period."""
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def unwatch_input(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.poke()
        return False  # only watching: the input goes on to where it was going

    def _restart(self) -> None:
        self._elapsed.start()
        self._last_shown = None
        self._tick.start()
        self._on_tick()

    def _on_tick(self) -> None:
        left = self.remaining_ms()
        if left <= 0:
            self.stop()
            self.expired.emit()
            return
        seconds = math.ceil(left / 1000)
        if seconds != self._last_shown:
            self._last_shown = seconds
            self.countdown.emit(seconds)
