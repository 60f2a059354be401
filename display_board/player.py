"""Sound output of the display: the shared players (`qtshared.voice.player`).

`make_player` picks the silent player when muted or when the machine has no audio output at
all, and says so once in the log: the calls are still shown on screen.
"""

from __future__ import annotations

from qtshared.voice.player import MediaPlayer, audio_output_available, make_player

__all__ = ["MediaPlayer", "audio_output_available", "make_player"]
