"""Playing one clip at a time: QMediaPlayer with an audio device, silence without one.

QtMultimedia is imported only inside `MediaPlayer` and `audio_output_available`, so an app
that never makes a sound never loads it. QSoundEffect is not used: it never plays without a
sound card, where QMediaPlayer at least reports the end of each clip.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

log = logging.getLogger(__name__)


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
        """Stop at once; no `finished` follows for the clip that was cut off."""


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
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as error:  # QtMultimedia needs libpulse0 (see .ci/debian-packages.txt)
        log.warning("no sound: QtMultimedia cannot be loaded (%s)", error)
        return False
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
        log.info("sound is muted in the configuration: what would be spoken is shown on screen")
        return SilentPlayer(parent)
    if not has_audio():
        log.warning("no audio output device: what would be spoken is shown on screen only")
        return SilentPlayer(parent)
    player = MediaPlayer(parent)
    player.set_volume(volume)
    return player
