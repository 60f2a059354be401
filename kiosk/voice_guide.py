"""The voice guide's player side: prompts become clip chains; what is said is also shown.

A key press cuts off the prompt being spoken and answers at once (an applicant who already
knows the menu need not wait for it). Parts that follow an answer without a key (the print
result after the number) are queued behind it instead, never cutting it off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from kiosk.voice_clips import KioskClips, Queued
from kiosk.voice_flow import Option, Reply, VoiceFlow
from kiosk.voice_script import Prompt
from qtshared.voice.chain import ClipChain
from qtshared.voice.player import ClipPlayer, SilentPlayer

log = logging.getLogger(__name__)


class VoiceGuide(QObject):
    """Speaks the dialogue of `VoiceFlow` through a clip player.

    Args:
        clips: turns prompts into files.
        player: makes the player of the clips, on first use (so that a kiosk whose guide is
            never used never loads QtMultimedia); a `SilentPlayer` without sound: text only.

    Signals:
        active_changed(bool): the guide was started or left.
        shown(object): the lines (tuple of str) to show for what is being said now.
        queued(object): a `Queued` handed to the player (for logs, tests and measurements).
        quiet(): everything queued has been said.
    """

    active_changed = Signal(bool)
    shown = Signal(object)
    queued = Signal(object)
    quiet = Signal()

    def __init__(
        self,
        clips: KioskClips,
        player: Callable[[], ClipPlayer],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clips = clips
        self._make_player = player
        self._made: ClipChain | None = None
        self.flow: VoiceFlow | None = None
        self._waiting: list[tuple[Queued, tuple[str, ...]]] = []  # and the lines shown then
        self._lines: tuple[str, ...] = ()

    @property
    def _chain(self) -> ClipChain:
        if self._made is None:
            player = self._make_player()
            player.setParent(self)
            self._made = ClipChain(player, self)
            self._made.finished.connect(self._on_chain_finished)
            self.silent = isinstance(player, SilentPlayer)
        return self._made

    silent = False  # known once the player is made: no sound, the screen is the guide

    @property
    def lines(self) -> tuple[str, ...]:
        """The lines of what is being said (or was said last)."""
        return self._lines

    @property
    def active(self) -> bool:
        return self.flow is not None

    @property
    def speaking(self) -> bool:
        return self._made is not None and (self._made.playing or bool(self._waiting))

    def start(self, options: list[Option], lang: str) -> Reply:
        """Start (or start over) at the service menu."""
        was_active = self.active
        self.flow = VoiceFlow(options, lang)
        reply = self.flow.start()
        self.say(reply.prompt)
        if not was_active:
            self.active_changed.emit(True)
        return reply

    def finish(self, reply: Reply | None = None) -> None:
        """Leave the guide; `reply` (the goodbye) is still spoken to its end."""
        if reply is not None:
            self.say(reply.prompt)
        if self.flow is not None:
            self.flow = None
            self.active_changed.emit(False)

    def silence(self) -> None:
        self._waiting.clear()
        if self._made is not None:
            self._made.stop()

    def say(self, prompt: Prompt) -> None:
        """Say `prompt` now, cutting off whatever is being said."""
        if not prompt.pieces:
            return
        self._waiting.clear()
        self._lines = prompt.lines
        self._play(self._clips.queue(prompt))

    def then_say(self, prompt: Prompt) -> None:
        """Say `prompt` after what is being said (shown below it once it is said)."""
        if not prompt.pieces:
            return
        lines = self._lines + prompt.lines
        queued = self._clips.queue(prompt)
        if self._chain.playing:
            self._waiting.append((queued, lines))
            self.queued.emit(queued)
        else:
            self._lines = lines
            self._play(queued)

    def _play(self, queued: Queued, *, announced: bool = False) -> None:
        chain = self._chain  # made first: the screen shows whether there is sound
        if not announced:
            self.queued.emit(queued)
        self.shown.emit(self._lines)
        log.debug("voice guide says %s (%.1f s)", " ".join(queued.names), queued.seconds)
        chain.play(queued.paths)

    def _on_chain_finished(self) -> None:
        if self._waiting:
            queued, self._lines = self._waiting.pop(0)
            self._play(queued, announced=True)
            return
        self.quiet.emit()
