"""The announcement queue: a chime and chained voice clips per call, one call at a time.

A new call never cuts off the one being spoken: it waits in the queue. A recall is announced
again. The same call asked for again while it still waits (or within a moment of starting, as
with a double press) is merged into the one already there.

Sound goes through a `ClipPlayer`: `display_board.player.MediaPlayer` (QMediaPlayer) on a
machine with an audio output; `SilentPlayer` when muted or when there is none, so that the
queue, its signals and the on-screen highlight behave the same, only without sound.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from display_board.speech import Call

log = logging.getLogger(__name__)

GAP_MS = 700  # silence between two announcements
MERGE_WINDOW_S = 2.0  # the same call again this soon after it started is a duplicate

ClipSource = Callable[[Call], Sequence[Path]]


class ClipPlayer(QObject):
    """Plays one clip file at a time.

    Signals:
        finished(): the clip that was playing ended (also when it could not be played).
    """

    finished = Signal()

    def play(self, path: Path) -> None:
        raise NotImplementedError

    def set_volume(self, volume: float) -> None:
        """Volume from 0 to 1."""

    def stop(self) -> None:
        """Stop at once (only when the display closes)."""


class SilentPlayer(ClipPlayer):
    """No sound: every clip 'ends' on the next turn of the event loop."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.finished)

    def play(self, path: Path) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


class Announcer(QObject):
    """Queues calls and plays each as a chain of clips, never interrupting one.

    Args:
        player: plays single clips.
        clips: gives the clip files of a call (missing clips are already left out).
        gap_ms: the pause between two announcements.

    Signals:
        started(object): a `Call` begins to be announced (the view highlights it).
        finished(object): its last clip ended.
    """

    started = Signal(object)
    finished = Signal(object)

    def __init__(
        self,
        player: ClipPlayer,
        clips: ClipSource,
        parent: QObject | None = None,
        *,
        gap_ms: int = GAP_MS,
        merge_window_s: float = MERGE_WINDOW_S,
    ) -> None:
        super().__init__(parent)
        self._player = player
        self._clips = clips
        self._merge_window_s = merge_window_s
        self._queue: deque[Call] = deque()
        self._current: Call | None = None
        self._started_at = 0.0
        self._remaining: deque[Path] = deque()
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.setInterval(gap_ms)
        self._gap.timeout.connect(self._next_announcement)
        player.finished.connect(self._on_clip_finished)

    @property
    def busy(self) -> bool:
        return self._current is not None or bool(self._queue) or self._gap.isActive()

    def pending(self) -> list[Call]:
        """The calls waiting their turn (not the one being spoken)."""
        return list(self._queue)

    def announce(self, call: Call) -> bool:
        """Queue a call; False when it was merged with the same call already queued."""
        if self._is_duplicate(call):
            log.debug("merged a repeated announcement of %s at counter %s", call.code, call.counter)
            return False
        self._queue.append(call)
        if self._current is None and not self._gap.isActive():
            self._next_announcement()
        return True

    def stop(self) -> None:
        """Drop the queue and stop playing (the display is closing)."""
        self._queue.clear()
        self._remaining.clear()
        self._current = None
        self._gap.stop()
        self._player.stop()

    def _is_duplicate(self, call: Call) -> bool:
        if call in self._queue:
            return True
        recent = time.monotonic() - self._started_at < self._merge_window_s
        return call == self._current and recent

    def _next_announcement(self) -> None:
        if not self._queue:
            return
        call = self._queue.popleft()
        self._current = call
        self._started_at = time.monotonic()
        self._remaining = deque(self._clips(call))
        self.started.emit(call)
        self._play_next_clip()

    def _play_next_clip(self) -> None:
        if self._remaining:
            self._player.play(self._remaining.popleft())
            return
        call, self._current = self._current, None
        self.finished.emit(call)
        if self._queue:
            self._gap.start()

    def _on_clip_finished(self) -> None:
        if self._current is not None:
            self._play_next_clip()
