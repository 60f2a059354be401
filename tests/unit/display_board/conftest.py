"""Fakes and fixtures of the display tests: a clip player that needs no sound device."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.store.engine import Database
from display_board.app import Display, build_display
from display_board.config import DisplayConfig
from display_board.voices import ASSETS, ClipLibrary
from qtshared.changes import ChangeNotifier
from tests.helpers.players import FakePlayer


def shipped_library(tmp_path: Path) -> ClipLibrary:
    return ClipLibrary([ASSETS], tmp_path / "cache", None)


MakeDisplay = Callable[..., Display]


@pytest.fixture
def make_display(qtbot: object, tmp_path: Path) -> Iterator[MakeDisplay]:
    """Displays with fast test timings and a fake player; all stopped at teardown."""
    made: list[Display] = []

    def make(db: Database, config: DisplayConfig | None = None, **notifier_options: int) -> Display:
        options = {"poll_interval_ms": 20, "safety_refresh_ms": 600_000, **notifier_options}
        notifier = ChangeNotifier(db, retry_ms=(10, 20, 40), **options)
        display = build_display(
            db,
            config or DisplayConfig(),
            FakePlayer(),
            library=shipped_library(tmp_path),
            notifier=notifier,
        )
        qtbot.addWidget(display.view)  # type: ignore[attr-defined]
        made.append(display)
        return display

    yield make
    for display in made:
        display.stop()


def start(qtbot: QtBot, display: Display) -> None:
    """Start a display and wait for its first snapshot (read off the GUI thread)."""
    with qtbot.waitSignal(display.model.snapshot_changed, timeout=10_000):
        display.start()
