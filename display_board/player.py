"""Sound output through QtMultimedia (imported only here, only when sound is wanted).

QMediaPlayer + QAudioOutput play a WAV file; QSoundEffect is not used (it never plays without a
sound card). `make_player` picks the silent player when muted or when the machine has no audio
output at all, and says so once in the log: the calls are still shown on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl

from display_board.announcer import ClipPlayer, SilentPlayer

log = logging.getLogger(__name__)


class MediaPlayer(ClipPlayer):
    """One QMediaPlayer reused for every clip; a clip that cannot play counts as ended."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        self._status = QMediaPlayer.MediaStatus
        self._output = QAudioOutput(self)
        self._player = QMediaPlayer(self)
        self._player.setAudioOutput(self._output)
        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.errorOccurred.connect(self._on_error)
        self._playing = False

    def play(self, path: Path) -> None:
        self._playing = True
        self._player.setSource(QUrl.fromLocalFile(str(path)))
        self._player.play()

    def set_volume(self, volume: float) -> None:
        self._output.setVolume(volume)

    def stop(self) -> None:
        self._playing = False
        self._player.stop()

    def _on_status(self, status: object) -> None:
        if status in (self._status.EndOfMedia, self._status.InvalidMedia):
            self._end()

    def _on_error(self, _error: object, message: str) -> None:
        log.warning("could not play a voice clip: %s", message)
        self._end()

    def _end(self) -> None:
        if self._playing:
            self._playing = False
            self.finished.emit()


def audio_output_available() -> bool:
    """Whether the machine has any audio output device (a sound card, HDMI, a sound server)."""
    from PySide6.QtMultimedia import QMediaDevices

    return bool(QMediaDevices.audioOutputs())


def make_player(
    *,
    mute: bool,
    volume: float,
    parent: QObject | None = None,
    has_audio: Callable[[], bool] = audio_output_available,
) -> ClipPlayer:
    """The player to use: silent when muted or without an audio output (logged once)."""
    if mute:
        log.info("sound is muted in the configuration: calls are shown on screen only")
        return SilentPlayer(parent)
    if not has_audio():
        log.warning("no audio output device: calls are shown on screen only, without voice")
        return SilentPlayer(parent)
    player = MediaPlayer(parent)
    player.set_volume(volume)
    return player
