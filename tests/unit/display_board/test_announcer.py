"""The announcement queue: in order, never interrupted, recalls repeated, duplicates merged."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from display_board import player as player_module
from display_board.announcer import Announcer, SilentPlayer
from display_board.app import CallClips
from display_board.config import DisplayConfig
from display_board.speech import Call, Reading, announcement
from display_board.voices import ASSETS, ClipLibrary
from tests.unit.display_board.conftest import FakePlayer, shipped_library

A1 = Call("A001", 1)
B2 = Call("B002", 2)
E3 = Call("E003", 3)


def make_announcer(tmp_path: Path, fake: FakePlayer, **config: object) -> Announcer:
    clips = CallClips(shipped_library(tmp_path), DisplayConfig(**config))  # type: ignore[arg-type]
    return Announcer(fake, clips, gap_ms=5)


def expected(*calls: Call, languages: tuple[str, ...] = ("id",)) -> list[str]:
    return [c for call in calls for c in announcement(call, languages, Reading.DIGITS)]


def test_calls_are_spoken_one_after_another_never_interrupted(qtbot: QtBot, tmp_path: Path) -> None:
    fake = FakePlayer()
    announcer = make_announcer(tmp_path, fake)
    order: list[tuple[str, str]] = []
    announcer.started.connect(lambda call: order.append(("start", call.code)))
    announcer.finished.connect(lambda call: order.append(("end", call.code)))
    for call in (A1, B2, E3):
        assert announcer.announce(call)
    assert announcer.pending() == [B2, E3]
    qtbot.waitUntil(lambda: not announcer.busy)
    assert fake.names() == expected(A1, B2, E3)
    assert fake.overlaps == 0
    assert order == [(k, c) for c in ("A001", "B002", "E003") for k in ("start", "end")]


def test_the_configured_languages_are_spoken_in_order(qtbot: QtBot, tmp_path: Path) -> None:
    fake = FakePlayer()
    announcer = make_announcer(tmp_path, fake, languages=("en", "id"))
    announcer.announce(A1)
    qtbot.waitUntil(lambda: not announcer.busy)
    assert fake.names() == expected(A1, languages=("en", "id"))
    assert fake.names()[:3] == ["common/chime", "en/ticket", "en/letter_a"]


def test_a_recall_after_the_call_is_spoken_again(qtbot: QtBot, tmp_path: Path) -> None:
    fake = FakePlayer()
    announcer = make_announcer(tmp_path, fake)
    announcer.announce(A1)
    qtbot.waitUntil(lambda: not announcer.busy)
    announcer._merge_window_s = 0  # the recall comes later than a double press would
    assert announcer.announce(A1)
    qtbot.waitUntil(lambda: not announcer.busy)
    assert fake.names() == expected(A1, A1)


def test_rapid_duplicates_are_merged(qtbot: QtBot, tmp_path: Path) -> None:
    fake = FakePlayer(clip_ms=10)
    announcer = make_announcer(tmp_path, fake)
    assert announcer.announce(A1)
    assert not announcer.announce(A1)  # a double press while it is being spoken
    assert announcer.announce(B2)
    assert not announcer.announce(B2)  # the same call still waiting its turn
    qtbot.waitUntil(lambda: not announcer.busy)
    assert fake.names() == expected(A1, B2)


def test_missing_clips_are_left_out_and_the_rest_still_plays(qtbot: QtBot, tmp_path: Path) -> None:
    partial = tmp_path / "partial"
    (partial / "common").mkdir(parents=True)
    (partial / "common" / "chime.wav").write_bytes((ASSETS / "common" / "chime.wav").read_bytes())
    fake = FakePlayer()
    library = ClipLibrary([partial], tmp_path / "cache", None)
    announcer = Announcer(fake, CallClips(library, DisplayConfig()), gap_ms=5)
    with qtbot.waitSignal(announcer.finished):
        announcer.announce(A1)
    assert fake.names() == ["common/chime"]


def test_the_silent_player_runs_the_queue_without_sound(qtbot: QtBot, tmp_path: Path) -> None:
    announcer = Announcer(SilentPlayer(), CallClips(shipped_library(tmp_path), DisplayConfig()))
    done: list[Call] = []
    announcer.finished.connect(done.append)
    announcer.announce(A1)
    announcer.announce(B2)
    qtbot.waitUntil(lambda: done == [A1, B2])


def test_without_an_audio_output_calls_are_shown_only_and_it_is_logged(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        made = player_module.make_player(mute=False, volume=0.5, has_audio=lambda: False)
    assert isinstance(made, SilentPlayer)
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "no audio output device" in caplog.records[0].message


def test_mute_in_the_config_means_the_silent_player(qtbot: QtBot) -> None:
    assert isinstance(
        player_module.make_player(mute=True, volume=0.5, has_audio=lambda: True), SilentPlayer
    )


def test_stop_drops_the_queue(qtbot: QtBot, tmp_path: Path) -> None:
    fake = FakePlayer(clip_ms=50)
    announcer = make_announcer(tmp_path, fake)
    announcer.announce(A1)
    announcer.announce(B2)
    announcer.stop()
    assert not announcer.busy
    assert announcer.pending() == []
