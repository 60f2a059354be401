"""The accessible kiosk in figures: a voice-guided applicant's keys and seconds, and contrast.

Run:  QT_QPA_PLATFORM=offscreen python -m benchmarks.kiosk_access [--runs N]

The real kiosk window of the demo office (SQLite, temporary) with a fake network printer on
127.0.0.1 that confirms each ticket. The keypad keys are sent as a USB keypad sends them. The
clips are the shipped set; a player records them instead of sounding them, and the time they
take to say is their WAV length. Per path, from the first key to a printed ticket:

- keys: the key presses needed;
- listening to every prompt to its end (a first-time applicant): the prompts' length, plus
  the measured time from the last key to the printer's confirmation, plus the number, the
  people ahead and "take your ticket" (said once the printer confirmed);
- pressing as soon as the wanted choice has been said (an applicant who knows the menu).

Then the contrast of every visible text in every kiosk state, read from the rendered window,
in the normal and the high-contrast mode. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from db.ops.setup import load_demo
from db.store.engine import Database
from kiosk.config import KioskConfig
from kiosk.contrast import TextContrast, text_contrasts
from kiosk.voice_clips import Queued
from kiosk.window import KioskWindow
from qtshared.voice.clips import duration_s
from qtshared.voice.player import SilentPlayer
from tests.helpers import databases
from tests.helpers.kiosk_states import kiosk_states
from tests.helpers.players import FakePlayer
from tests.unit.kiosk.fakes import FakePrinter
from ticket_printer.job import PrintSettings
from ticket_printer.target import parse_printer_url

PATHS = {
    "new passport (A)": ("+", "1", "1"),
    "passport pickup (D)": ("+", "4", "1"),
    "new passport, priority: disability": ("+", "1", "2", "2"),
}
# The clip after which an applicant who knows the menu presses each key (None: at once).
CUES = {"1": "satu", "2": "dua", "4": "empat"}


@dataclass(frozen=True)
class Path_:
    keys: int
    full_s: float
    quick_s: float
    to_print_ms: float


def spin(app: QApplication, done: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the kiosk did not get that far in time")
        app.processEvents()
        time.sleep(0.0005)


def press(window: KioskWindow, key: str) -> None:
    code = {"+": Qt.Key.Key_Plus}.get(key) or getattr(Qt.Key, f"Key_{key}")
    for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
        event = QKeyEvent(kind, code, Qt.KeyboardModifier.KeypadModifier, key)
        QApplication.sendEvent(window, event)


def seconds_until(queued: Queued, cue: str | None) -> float:
    """How long a prompt takes to say up to and including the clip named `cue` (or all of it)."""
    total = 0.0
    for name, path in zip(queued.names, queued.paths, strict=True):
        total += duration_s(path)
        if cue is not None and name.endswith(f"/{cue}"):
            return total
    return total


def one_path(app: QApplication, db: Database, keys: tuple[str, ...]) -> Path_:
    printer = FakePrinter(paper_reply=b"\x12")
    window = KioskWindow(
        db,
        KioskConfig(),
        PrintSettings(parse_printer_url(printer.url)),
        voice_player=FakePlayer(clip_ms=0),
    )
    said: list[Queued] = []
    window.access.guide.queued.connect(said.append)
    window.resize(1920, 1080)
    window.start()
    spin(app, lambda: bool(window.statuses))
    full = quick = 0.0
    try:
        for index, key in enumerate(keys):
            before = len(said)
            press(window, key)
            spin(app, lambda before=before: len(said) > before)
            if index + 1 < len(keys):
                prompt = said[-1]
                full += prompt.seconds
                quick += seconds_until(prompt, _cue(keys[index + 1], prompt))
        pressed = time.monotonic()
        spin(app, lambda: any("take_ticket" in q.names[0] for q in said if q.names))
        to_print = (time.monotonic() - pressed) * 1000
        spin(app, lambda: not window.access.guide.speaking)
        number = next(q for q in said if q.names and q.names[0].endswith("/your_number"))
        told = number.seconds + said[-1].seconds
        full += to_print / 1000 + told
        quick += to_print / 1000 + told
    finally:
        window.stop()
        window.translations.close()
        window.deleteLater()
        printer.close()
    return Path_(len(keys), full, quick, to_print)


def _cue(next_key: str, prompt: Queued) -> str | None:
    """The clip after which an applicant who knows the menu presses `next_key`."""
    word = CUES.get(next_key)
    if word is None or not any(n.endswith(f"/{word}") for n in prompt.names):
        return "take_number" if next_key == "1" else "priority_offer"
    return word


def contrast_figures(app: QApplication, db: Database) -> dict[str, list[TextContrast]]:
    window = KioskWindow(
        db, KioskConfig(), PrintSettings(parse_printer_url("none")), voice_player=SilentPlayer()
    )
    window.show()
    window.start()
    found: dict[str, list[TextContrast]] = {}
    try:
        for mode, high in (("normal", False), ("high contrast", True)):
            window.access.set_high_contrast(high)
            texts: list[TextContrast] = []
            for _state in kiosk_states(window, db):
                app.processEvents()
                texts += text_contrasts(window)
            found[mode] = texts
    finally:
        window.stop()
        window.translations.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.kiosk_access")
    parser.add_argument("--runs", type=int, default=3, help="runs of each path (median shown)")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        db = databases.migrated(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        load_demo(db)
        print("voice guide, from the first key to a printed ticket (shipped clips):")
        for name, keys in PATHS.items():
            runs = [one_path(app, db, keys) for _ in range(args.runs)]
            full = statistics.median(r.full_s for r in runs)
            quick = statistics.median(r.quick_s for r in runs)
            to_print = statistics.median(r.to_print_ms for r in runs)
            print(
                f"  {name}: {runs[0].keys} keys ({' '.join(keys)}), {full:.1f} s listening to "
                f"every prompt, {quick:.1f} s pressing at the cue; last key to the printer's "
                f"confirmation {to_print:.0f} ms"
            )
        for mode, texts in contrast_figures(app, db).items():
            ratios = sorted({(t.ink, t.background, t.ratio) for t in texts}, key=lambda p: p[2])
            ink, background, ratio = ratios[0]
            lowest = f"{ratio:.2f}:1 ({ink} on {background})"
            print(f"contrast, {mode}: {len(texts)} texts, lowest {lowest}")
            for ink, background, ratio in ratios:
                print(f"    {ratio:6.2f}:1  {ink} on {background}")
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
