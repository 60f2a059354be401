"""The voice guide's clip set: where its clips are, how a prompt becomes files, how to make them.

The shipped clips are in `assets/voice/kiosk/<lang>/<name>.wav` at the top of the source tree
(installed beside the packages): phrases (`[kiosk_voice]` in texts.toml), number words and letters
(`qtshared.voice.words`), and one clip per service code (`service_a.wav`), rendered from the
demo office's service names; `services.txt` in each folder records the name each service clip
says. An office replaces any clip by putting its own recording under the same name in its
`voice_folder` (kiosk settings), which is searched first; a service clip there is always
trusted. A shipped service clip is used only while the service's name still matches
`services.txt`; otherwise the name is synthesized with espeak-ng (cached), and without espeak-ng
the service is spelt: "layanan A".

Regenerate the shipped set (needs espeak-ng), for the demo office or your own:
    python -m kiosk.voice_clips [--config office.toml] [OUTDIR]
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from db.office_config import ServiceConfig, demo_config, load_config
from kiosk import voice_script
from kiosk.voice_script import Piece, Prompt, ServiceName
from qtshared.voice.clips import SHIPPED, ClipLibrary, duration_s, render_clip
from qtshared.voice.words import LANGUAGES, letter_clip, vocabulary

log = logging.getLogger(__name__)

ASSETS = SHIPPED / "kiosk"
MANIFEST = "services.txt"


def catalogue(lang: str) -> dict[str, str]:
    """Every clip name of a language's folder (but service names) and what it says."""
    return voice_script.clip_names(lang) | vocabulary(lang)


def service_clip(code: str) -> str:
    return f"service_{code.lower()}"


def all_clips() -> Iterator[str]:
    """Every clip of the shipped set but the service names, as `<lang>/<name>`."""
    for lang in LANGUAGES:
        for name in catalogue(lang):
            yield f"{lang}/{name}"


def read_manifest(folder: Path) -> dict[str, str]:
    """A folder's `services.txt`: service code -> the name its clip says (lower case)."""
    try:
        lines = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    pairs = (line.split("\t", 1) for line in lines if "\t" in line)
    return {code.strip().upper(): name.strip().lower() for code, name in pairs}


@dataclass(frozen=True)
class Queued:
    """A prompt as files: what the player is given, and how long it takes to say."""

    paths: tuple[Path, ...]
    names: tuple[str, ...]  # each played clip as `<lang>/<name>` (what tests and logs read)
    seconds: float


class KioskClips:
    """Turns prompts into clip files: the office's folder, the shipped set, then espeak-ng.

    Args:
        office: the office's own recordings (`voice_folder`), or None.
        cache: where clips synthesized at run time are written.
        espeak: the espeak-ng program, or None.
        shipped: the shipped clip set (tests point it elsewhere).
    """

    def __init__(
        self, office: Path | None, cache: Path, espeak: str | None, shipped: Path = ASSETS
    ) -> None:
        self._office = office
        self._shipped = shipped
        self._manifests = {lang: read_manifest(shipped / lang) for lang in LANGUAGES}
        folders = [office, shipped] if office else [shipped]
        self._library = ClipLibrary(folders, cache, espeak, self._text)
        self._names: dict[str, str] = {}  # synthesized service-name clip -> its text
        self._spoken = ClipLibrary([], cache / "names", espeak, self._names.get)
        self._durations: dict[Path, float] = {}
        self._espeak = espeak
        self._spelt: set[str] = set()

    def queue(self, prompt: Prompt) -> Queued:
        """The files of a prompt, missing clips left out (logged once by the library)."""
        names = [name for piece in prompt.pieces for name in self._piece(piece)]
        found = [(name, self._file(name)) for name in names]
        kept = [(name, path) for name, path in found if path is not None]
        seconds = sum(self._duration(path) for _, path in kept)
        return Queued(tuple(p for _, p in kept), tuple(n for n, _ in kept), seconds)

    def _piece(self, piece: Piece) -> list[str]:
        if piece.service is None:
            return list(piece.clips)
        return self._service(piece.service, piece.lang)

    def _service(self, service: ServiceName, lang: str) -> list[str]:
        clip = f"{lang}/{service_clip(service.code)}"
        if self._office and (self._office / f"{clip}.wav").is_file():
            return [clip]
        said = self._manifests[lang].get(service.code.upper())
        if said == service.name.strip().lower() and (self._shipped / f"{clip}.wav").is_file():
            return [clip]
        digest = hashlib.sha1(service.name.encode("utf-8")).hexdigest()[:10]
        spoken = f"{lang}/name_{digest}"
        self._names[spoken] = service.name
        if self._espeak is not None and self._spoken.path(spoken) is not None:
            return [f"names:{spoken}"]
        if clip not in self._spelt:
            self._spelt.add(clip)
            log.warning(
                "no voice clip says %r (%s): it is spelt; record %s", service.name, lang, clip
            )
        return [f"{lang}/service", *(f"{lang}/{letter_clip(ch)}" for ch in service.code)]

    def _file(self, name: str) -> Path | None:
        if name.startswith("names:"):
            return self._spoken.path(name.removeprefix("names:"))
        return self._library.path(name)

    def _duration(self, path: Path) -> float:
        if path not in self._durations:
            self._durations[path] = duration_s(path)
        return self._durations[path]

    @staticmethod
    def _text(clip: str) -> str | None:
        lang, _, name = clip.partition("/")
        return catalogue(lang).get(name) if lang in LANGUAGES else None


def generate(out: Path, espeak: str, services: Sequence[ServiceConfig]) -> int:
    """Write the whole clip set into `out`; returns the number of clips written."""
    count = 0
    for lang in LANGUAGES:
        for name, text in catalogue(lang).items():
            render_clip(espeak, lang, text, out / lang / f"{name}.wav")
            count += 1
        lines = []
        for service in services:
            name = service.name_id if lang == "id" else service.name_en
            render_clip(espeak, lang, name, out / lang / f"{service_clip(service.code)}.wav")
            lines.append(f"{service.code}\t{name}\n")
            count += 1
        (out / lang / MANIFEST).write_text("".join(lines), encoding="utf-8")
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.voice_clips",
        description="Regenerate the kiosk's voice-guide clips with espeak-ng.",
    )
    parser.add_argument("outdir", nargs="?", type=Path, default=ASSETS)
    parser.add_argument("--config", type=Path, help="office config whose service names to say")
    args = parser.parse_args(argv)
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        missing = "voice clips: espeak-ng is not installed (apt-get install espeak-ng)"
        print(missing, file=sys.stderr)  # noqa: T201
        return 1
    office = load_config(args.config) if args.config else demo_config()
    count = generate(args.outdir, espeak, office.services)
    print(f"voice clips: wrote {count} clips into {args.outdir}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
