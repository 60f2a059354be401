"""The voice clip set: what each clip says, where clips are found, and how they are made.

Clips live in `assets/voice/<folder>/<name>.wav` inside this package (`common/chime.wav`,
`id/satu.wav`, `en/letter_a.wav`, ...). An office replaces any clip by putting a recording with
the same name in its own voice folder (`voice_folder` in the display config), which is searched
first. A clip found nowhere is synthesized at run time with espeak-ng into a cache folder; without
espeak-ng it is skipped, with one log line per clip.

Regenerate the shipped set (needs espeak-ng):  python -m display_board.voices [OUTDIR]
"""

from __future__ import annotations

import argparse
import array
import logging
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Iterator, Sequence
from pathlib import Path

from display_board import speech

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent / "assets" / "voice"
ESPEAK_VOICES = {"id": ("id", 140), "en": ("en", 150)}  # espeak-ng voice, words per minute
RATE = 22_050
KEEP_SILENCE_S = 0.03
SILENCE_LEVEL = 300  # 16-bit samples quieter than this count as silence when trimming


def catalogue(lang: str) -> dict[str, str]:
    """Every clip name of a language and the text espeak-ng speaks for it."""
    words: dict[str, str] = {}
    for phrase, text in speech.phrases(lang):
        words[phrase] = text
    numbers = range(speech.MAX_WHOLE + 1)
    reader = speech.words_id if lang == "id" else speech.words_en
    for word in sorted({w for n in numbers for w in reader(n)}):
        words[word] = word
    for letter, name in speech.ID_LETTERS.items():
        words[speech.letter_clip(letter).split("/")[-1]] = name if lang == "id" else letter
    return words


def all_clips() -> Iterator[str]:
    """Every clip name of the full set, as `<folder>/<name>`."""
    yield speech.CHIME
    for lang in speech.LANGUAGES:
        for name in catalogue(lang):
            yield f"{lang}/{name}"


class ClipLibrary:
    """Finds the file of a clip: the office's folder, the shipped set, then the synthesis cache.

    Args:
        folders: folders searched in order, each holding `<folder>/<name>.wav` files.
        cache: where clips synthesized at run time are written.
        espeak: the espeak-ng program, or None when it is not installed.
    """

    def __init__(self, folders: Sequence[Path], cache: Path, espeak: str | None) -> None:
        self._folders = [*folders, cache]
        self._cache = cache
        self._espeak = espeak
        self._missing: set[str] = set()

    def path(self, clip: str) -> Path | None:
        """The clip's file, synthesizing it if needed; None (logged once) when impossible."""
        for folder in self._folders:
            candidate = folder / f"{clip}.wav"
            if candidate.is_file():
                return candidate
        if clip in self._missing:
            return None
        made = self._synthesize(clip)
        if made is None:
            self._missing.add(clip)
        return made

    def _synthesize(self, clip: str) -> Path | None:
        text = _clip_text(clip)
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


def _clip_text(clip: str) -> str | None:
    folder, _, name = clip.partition("/")
    if folder not in speech.LANGUAGES:
        return None
    return catalogue(folder).get(name)


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
        _write_trimmed(raw, target)


def _write_trimmed(source: Path, target: Path) -> None:
    with wave.open(str(source), "rb") as reader:
        params = reader.getparams()
        samples = array.array("h", reader.readframes(params.nframes))
    loud = [i for i, value in enumerate(samples) if abs(value) > SILENCE_LEVEL]
    keep = int(KEEP_SILENCE_S * params.framerate)
    if loud:
        samples = samples[max(loud[0] - keep, 0) : loud[-1] + keep]
    _write(target, samples, params.framerate)


def _write(target: Path, samples: array.array[int], rate: int) -> None:
    with wave.open(str(target), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())


def chime_samples(rate: int = RATE) -> array.array[int]:
    """Two soft bell-like tones (E5 then C5), each fading out: the "ding-dong" before a call."""
    samples = array.array("h")
    for frequency in (659.25, 523.25):
        length = int(0.45 * rate)
        for i in range(length):
            t = i / rate
            envelope = min(t / 0.01, 1.0) * math.exp(-5.0 * t)
            tone = math.sin(2 * math.pi * frequency * t) + 0.25 * math.sin(
                4 * math.pi * frequency * t
            )
            samples.append(int(9000 * envelope * tone))
    return samples


def generate(out: Path, espeak: str) -> int:
    """Write the whole clip set into `out`; returns the number of clips written."""
    (out / "common").mkdir(parents=True, exist_ok=True)
    _write(out / f"{speech.CHIME}.wav", chime_samples(), RATE)
    count = 1
    for lang in speech.LANGUAGES:
        for name, text in catalogue(lang).items():
            render_clip(espeak, lang, text, out / lang / f"{name}.wav")
            count += 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m display_board.voices", description="Regenerate the voice clip set."
    )
    parser.add_argument("outdir", nargs="?", type=Path, default=ASSETS)
    args = parser.parse_args(argv)
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        print("voices: espeak-ng is not installed (apt-get install espeak-ng)", file=sys.stderr)  # noqa: T201
        return 1
    count = generate(args.outdir, espeak)
    print(f"voices: wrote {count} clips into {args.outdir}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
