"""Clip files: where a clip is found, how a missing one is synthesized, how long one lasts.

A clip is named `<folder>/<name>` (`id/satu`, `common/chime`) and its file is
`<folder>/<name>.wav` in one of several folders searched in order: an office's own recordings
first, then the shipped set (`assets/voice/<app>/` at the top of the source tree, installed
beside the packages: SHIPPED). A clip found nowhere is synthesized at run time with espeak-ng into
a cache folder when its text is known; without espeak-ng it is skipped, with one log line.
"""

from __future__ import annotations

import array
import logging
import subprocess
import tempfile
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

ESPEAK_VOICES = {"id": ("id", 140), "en": ("en", 150)}  # espeak-ng voice, words per minute
SHIPPED = Path(__file__).resolve().parents[2] / "assets" / "voice"
RATE = 22_050
KEEP_SILENCE_S = 0.03
SILENCE_LEVEL = 300  # 16-bit samples quieter than this count as silence when trimming

ClipText = Callable[[str], "str | None"]  # a clip name -> what espeak-ng should say, or None


class ClipLibrary:
    """Finds the file of a clip: the given folders in order, then the synthesis cache.

    Args:
        folders: folders searched in order, each holding `<folder>/<name>.wav` files.
        cache: where clips synthesized at run time are written.
        espeak: the espeak-ng program, or None when it is not installed.
        text_of: the text of a clip for espeak-ng (None: it cannot be synthesized).
    """

    def __init__(
        self, folders: Sequence[Path], cache: Path, espeak: str | None, text_of: ClipText
    ) -> None:
        self._folders = [*folders, cache]
        self._cache = cache
        self._espeak = espeak
        self._text_of = text_of
        self._missing: set[str] = set()

    def find(self, clip: str) -> Path | None:
        """The clip's file if one exists already (nothing is synthesized)."""
        for folder in self._folders:
            candidate = folder / f"{clip}.wav"
            if candidate.is_file():
                return candidate
        return None

    def path(self, clip: str) -> Path | None:
        """The clip's file, synthesizing it if needed; None (logged once) when impossible."""
        found = self.find(clip)
        if found is not None or clip in self._missing:
            return found
        made = self._synthesize(clip)
        if made is None:
            self._missing.add(clip)
        return made

    def _synthesize(self, clip: str) -> Path | None:
        text = self._text_of(clip)
        if self._espeak is None or text is None:
            log.warning("voice clip %s is missing and espeak-ng is not available: skipped", clip)
            return None
        target = self._cache / f"{clip}.wav"
        try:
            render_clip(self._espeak, clip.split("/")[0], text, target)
        except (OSError, subprocess.SubprocessError, wave.Error) as error:
            log.warning("voice clip %s is missing and could not be synthesized: %s", clip, error)
            return None
        log.info("voice clip %s was missing: synthesized it into %s", clip, target)
        return target


def render_clip(espeak: str, lang: str, text: str, target: Path) -> None:
    """Speak `text` with espeak-ng into `target` (trimmed of leading and trailing silence)."""
    voice, speed = ESPEAK_VOICES[lang]
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(
            [espeak, "-v", voice, "-s", str(speed), "-w", str(raw), text],
            check=True,
            capture_output=True,
            timeout=20,
        )
        write_trimmed(raw, target)


def write_trimmed(source: Path, target: Path) -> None:
    """Copy a 16-bit mono WAV, leaving only a few milliseconds of silence at either end."""
    with wave.open(str(source), "rb") as reader:
        params = reader.getparams()
        samples = array.array("h", reader.readframes(params.nframes))
    loud = [i for i, value in enumerate(samples) if abs(value) > SILENCE_LEVEL]
    keep = int(KEEP_SILENCE_S * params.framerate)
    if loud:
        samples = samples[max(loud[0] - keep, 0) : loud[-1] + keep]
    write_wav(target, samples, params.framerate)


def write_wav(target: Path, samples: array.array[int], rate: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(target), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())


def duration_s(path: Path) -> float:
    """How long a WAV clip plays, in seconds (0 for a file that is not a readable WAV)."""
    try:
        with wave.open(str(path), "rb") as reader:
            return reader.getnframes() / float(reader.getframerate())
    except (OSError, EOFError, wave.Error):
        return 0.0
