"""The announcement queue: a chime and chained voice clips per call, one call at a time.

A new call never cuts off the one being spoken: it waits in the queue. A recall is announced
again. The same call asked for again while it still waits (or within a moment of starting, as
with a double press) is merged into the one already there.

Sound goes through a `ClipPlayer`: `qtshared.voice.player.MediaPlayer` (QMediaPlayer) on a
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
from qtshared.voice.chain import ClipChain
from qtshared.voice.player import ClipPlayer, SilentPlayer

__all__ = ["Announcer", "ClipPlayer", "ClipSource", "SilentPlayer"]

log = logging.getLogger(__name__)

GAP_MS = 700  # silence between two announcements
MERGE_WINDOW_S = 2.0  # the same call again this soon after it started is a duplicate

ClipSource = Callable[[Call], Sequence[Path]]


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
        self._chain = ClipChain(player, self)
        self._clips = clips
        self._merge_window_s = merge_window_s
        self._queue: deque[Call] = deque()
        self._current: Call | None = None
        self._started_at = 0.0
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.setInterval(gap_ms)
        self._gap.timeout.connect(self._next_announcement)
        self._chain.finished.connect(self._on_chain_finished)

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
        self._current = None
        self._gap.stop()
        self._chain.stop()

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
        self.started.emit(call)
        self._chain.play(self._clips(call))

    def _on_chain_finished(self) -> None:
        call, self._current = self._current, None
        if call is None:
            return
        self.finished.emit(call)
        if self._queue:
            self._gap.start()
