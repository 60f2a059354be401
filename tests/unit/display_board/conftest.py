"""Fakes and fixtures of the display tests: a clip player that needs no sound device."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer

from db.engine import Database
from display_board.announcer import ClipPlayer
from display_board.app import Display, build_display
from display_board.config import DisplayConfig
from display_board.voices import ASSETS, ClipLibrary
from qtshared.changes import ChangeNotifier


class FakePlayer(ClipPlayer):
    """Records each clip it is asked to play and 'finishes' it after `clip_ms` on a timer."""

    def __init__(self, clip_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.played: list[Path] = []
        self.volume: float | None = None
        self.playing = False
        self.overlaps = 0  # play() while a clip was still playing: an interruption
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
        self.playing = False

    def names(self) -> list[str]:
        """The played clips as `<folder>/<name>`."""
        return [f"{p.parent.name}/{p.stem}" for p in self.played]

    def _end(self) -> None:
        self.playing = False
        self.finished.emit()


def shipped_library(tmp_path: Path) -> ClipLibrary:
    return ClipLibrary([ASSETS], tmp_path / "cache", None)


MakeDisplay = Callable[..., Display]


@pytest.fixture
def make_display(qtbot: object, tmp_path: Path) -> Iterator[MakeDisplay]:
    """Displays with fast test timings and a fake player; all stopped at teardown."""
    made: list[Display] = []

    def make(db: Database, config: DisplayConfig | None = None, **notifier_options: int) -> Display:
        options = {"poll_interval_ms": 20, "safety_refresh_ms": 600_000, **notifier_options}
        notifier = ChangeNotifier(db, retry_ms=(10, 20, 40), **options)
        display = build_display(
            db,
            config or DisplayConfig(),
            FakePlayer(),
            library=shipped_library(tmp_path),
            notifier=notifier,
        )
        qtbot.addWidget(display.view)  # type: ignore[attr-defined]
        made.append(display)
        return display

    yield make
    for display in made:
        display.stop()
