"""Nothing rushes a voice-guided applicant: every timeout of the kiosk waits longer then.

Listening to a menu takes far longer than reading it, so while the voice guide is on, each
timer that sends the kiosk back to its start screen runs `factor` times longer (the kiosk
setting `voice_idle_factor`, 3 by default). Timers join with `add_timer` (their normal interval
is remembered); anything else that times the applicant out (the idle reset) joins with
`add_listener` and is told the factor whenever it changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer


class Patience:
    """Scales the kiosk's timeouts while the voice guide is on.

    Args:
        slow_factor: how many times longer the timeouts are in voice mode (at least 1).
    """

    def __init__(self, slow_factor: float) -> None:
        self.slow_factor = max(slow_factor, 1.0)
        self.factor = 1.0
        self._timers: list[tuple[QTimer, int]] = []
        self._listeners: list[Callable[[float], None]] = []

    def add_timer(self, timer: QTimer) -> None:
        """Scale this timer from now on (its current interval is its normal one)."""
        self._timers.append((timer, timer.interval()))
        self._apply_to(timer, timer.interval())

    def add_listener(self, listener: Callable[[float], None]) -> None:
        self._listeners.append(listener)
        listener(self.factor)

    def set_slow(self, slow: bool) -> None:
        """Voice mode on (slow) or off; running timers keep running with the new interval."""
        factor = self.slow_factor if slow else 1.0
        if factor == self.factor:
            return
        self.factor = factor
        for timer, normal in self._timers:
            self._apply_to(timer, normal)
        for listener in self._listeners:
            listener(factor)

    def _apply_to(self, timer: QTimer, normal: int) -> None:
        running = timer.isActive()
        timer.setInterval(round(normal * self.factor))
        if running:
            timer.start()  # restart: a deadline set before the change would still rush
