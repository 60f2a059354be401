"""The voice clip set: what each clip says, where clips are found, and how they are made.

The shipped clips are in `assets/voice/display/<folder>/<name>.wav` at the top of the source
tree, installed beside the packages (`common/chime.wav`, `id/satu.wav`, `en/letter_a.wav`, ...).
An office replaces any clip by putting a recording with the same name in its own voice folder
(`voice_folder` in the display config), which is searched first. A clip found nowhere is
synthesized at run time with espeak-ng into a cache folder; without espeak-ng it is skipped,
with one log line per clip.

Regenerate the shipped set (needs espeak-ng):  python -m display_board.voices [OUTDIR]
"""

from __future__ import annotations

import argparse
import array
import math
import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from display_board import speech
from qtshared.voice import clips
from qtshared.voice.clips import RATE, SHIPPED, render_clip, write_wav
from qtshared.voice.words import vocabulary

ASSETS = SHIPPED / "display"


def catalogue(lang: str) -> dict[str, str]:
    """Every clip name of a language and the text espeak-ng speaks for it."""
    return dict(speech.phrases(lang)) | vocabulary(lang)


def all_clips() -> Iterator[str]:
    """Every clip name of the full set, as `<folder>/<name>`."""
    yield speech.CHIME
    for lang in speech.LANGUAGES:
        for name in catalogue(lang):
            yield f"{lang}/{name}"


class ClipLibrary(clips.ClipLibrary):
    """The display's clips: the office's folder, the shipped set, then the synthesis cache.

    Args:
        folders: folders searched in order, each holding `<folder>/<name>.wav` files.
        cache: where clips synthesized at run time are written.
        espeak: the espeak-ng program, or None when it is not installed.
    """

    def __init__(self, folders: Sequence[Path], cache: Path, espeak: str | None) -> None:
        super().__init__(folders, cache, espeak, _clip_text)


def _clip_text(clip: str) -> str | None:
    folder, _, name = clip.partition("/")
    if folder not in speech.LANGUAGES:
        return None
    return catalogue(folder).get(name)


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
    write_wav(out / f"{speech.CHIME}.wav", chime_samples(), RATE)
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
