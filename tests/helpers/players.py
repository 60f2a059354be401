"""A clip player that needs no sound device, for the display's and the kiosk's voice tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from qtshared.voice.player import ClipPlayer


class FakePlayer(ClipPlayer):
    """Records each clip it is asked to play and 'finishes' it after `clip_ms` on a timer."""

    def __init__(self, clip_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.played: list[Path] = []
        self.volume: float | None = None
        self.playing = False
        self.overlaps = 0  # play() while a clip was still playing: an interruption
        self.stops = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clip_ms)
        self._timer.timeout.connect(self._end)

    def play(self, path: Path) -> None:
        if self.playing:
            self.overlaps += 1
        self.playing = True
        self.played.append(path)
        self._timer.start()

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def stop(self) -> None:
        self._timer.stop()
        self.stops += 1
        self.playing = False

    def names(self) -> list[str]:
        """The played clips as `<folder>/<name>`."""
        return [f"{p.parent.name}/{p.stem}" for p in self.played]

    def _end(self) -> None:
        self.playing = False
        self.finished.emit()
