"""Putting the display together: notifier -> model -> view and announcer."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QObject

from db.store.engine import Database
from display_board.announcer import Announcer, ClipPlayer
from display_board.config import DisplayConfig
from display_board.model import DisplayModel
from display_board.speech import Call, announcement
from display_board.view import DisplayView
from display_board.voices import ASSETS, ClipLibrary
from qtshared.changes import ChangeNotifier


def clip_library(config: DisplayConfig, cache: Path | None = None) -> ClipLibrary:
    """The office's recordings first, then the shipped set, then clips synthesized at run time."""
    folders = [config.voice_folder] if config.voice_folder else []
    cache = cache or Path(platformdirs.user_cache_dir("walkin", appauthor=False)) / "voice"
    return ClipLibrary([*folders, ASSETS], cache, shutil.which("espeak-ng"))


class CallClips:
    """The clip files of a call, in the configured languages and reading; missing ones left out."""

    def __init__(self, library: ClipLibrary, config: DisplayConfig) -> None:
        self._library = library
        self._languages: Sequence[str] = config.languages
        self._reading = config.number_reading

    def __call__(self, call: Call) -> list[Path]:
        paths = (
            self._library.path(clip) for clip in announcement(call, self._languages, self._reading)
        )
        return [path for path in paths if path is not None]


@dataclass
class Display:
    """A running display's parts (kept together so that nothing is garbage-collected)."""

    notifier: ChangeNotifier
    model: DisplayModel
    announcer: Announcer
    view: DisplayView
    audio: str = "unknown"  # for the heartbeat: "ok", "no device" or "silent"

    def start(self) -> None:
        self.model.start()

    def health(self) -> dict[str, Any]:
        return {"audio": self.audio}

    def stop(self) -> None:
        self.model.stop()
        self.announcer.stop()


def build_display(
    db: Database,
    config: DisplayConfig,
    player: ClipPlayer,
    *,
    library: ClipLibrary | None = None,
    notifier: ChangeNotifier | None = None,
    parent: QObject | None = None,
) -> Display:
    """Wire a display for this database and config (not started: call `start()`)."""
    notifier = notifier or ChangeNotifier(db, parent)
    model = DisplayModel(
        db,
        notifier,
        parent,
        counters=config.counters,
        services=config.services,
        last=max(config.recent_calls, 1),
    )
    announcer = Announcer(player, CallClips(library or clip_library(config), config), parent)
    model.called.connect(announcer.announce)
    view = DisplayView(model, config)
    return Display(notifier, model, announcer, view)
