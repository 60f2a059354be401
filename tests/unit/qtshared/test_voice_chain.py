"""A chain of clips: played back to back, cut off by a new chain, and clip durations."""

from __future__ import annotations

import array
from pathlib import Path

from pytestqt.qtbot import QtBot

from qtshared.voice.chain import ClipChain
from qtshared.voice.clips import duration_s, write_wav
from tests.helpers.players import FakePlayer


def test_a_chain_plays_every_clip_in_order_then_says_it_finished(qtbot: QtBot) -> None:
    player = FakePlayer(clip_ms=2)
    chain = ClipChain(player)
    with qtbot.wait_signal(chain.finished, timeout=2000):
        chain.play([Path("id/a.wav"), Path("id/b.wav"), Path("id/c.wav")])
    assert player.names() == ["id/a", "id/b", "id/c"]
    assert player.overlaps == 0
    assert not chain.playing


def test_a_new_chain_cuts_off_the_one_playing(qtbot: QtBot) -> None:
    player = FakePlayer(clip_ms=50)
    chain = ClipChain(player)
    ended: list[bool] = []
    chain.finished.connect(lambda: ended.append(True))
    chain.play([Path("id/menu1.wav"), Path("id/menu2.wav")])
    chain.play([Path("id/answer.wav")])
    qtbot.waitUntil(lambda: bool(ended), timeout=2000)
    qtbot.wait(120)
    assert player.names() == ["id/menu1", "id/answer"]
    assert player.stops == 1
    assert ended == [True]  # the chain cut off never reports its end


def test_an_empty_chain_finishes_at_once(qtbot: QtBot) -> None:
    chain = ClipChain(FakePlayer())
    with qtbot.wait_signal(chain.finished, timeout=100):
        chain.play([])


def test_a_clip_lasts_its_frames_over_its_rate(tmp_path: Path) -> None:
    clip = tmp_path / "half.wav"
    write_wav(clip, array.array("h", [0] * 11_025), 22_050)
    assert duration_s(clip) == 0.5
    (tmp_path / "bad.wav").write_bytes(b"not a wav")
    assert duration_s(tmp_path / "bad.wav") == 0.0
    assert duration_s(tmp_path / "missing.wav") == 0.0
