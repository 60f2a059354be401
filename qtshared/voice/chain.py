"""A chain of clips played back to back through one `ClipPlayer`."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from qtshared.voice.player import ClipPlayer


class ClipChain(QObject):
    """Plays a sequence of clip files one after the other.

    `play()` while a chain is playing cuts it off (the kiosk answers a key at once); a caller
    that must never interrupt (the display's announcement queue) waits for `finished` first.

    Signals:
        finished(): the last clip of the chain ended (not emitted for a chain cut off).
    """

    finished = Signal()

    def __init__(self, player: ClipPlayer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player = player
        self._remaining: deque[Path] = deque()
        self._playing = False
        player.finished.connect(self._on_clip_finished)

    @property
    def playing(self) -> bool:
        return self._playing

    def play(self, paths: Sequence[Path]) -> None:
        if self._playing:
            self._player.stop()
        self._remaining = deque(paths)
        self._playing = True
        self._next()

    def stop(self) -> None:
        self._remaining.clear()
        if self._playing:
            self._playing = False
            self._player.stop()

    def _next(self) -> None:
        if self._remaining:
            self._player.play(self._remaining.popleft())
            return
        self._playing = False
        self.finished.emit()

    def _on_clip_finished(self) -> None:
        if self._playing:
            self._next()
