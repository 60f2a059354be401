"""The shipped clip set, office recordings, and clips missing from both."""

from __future__ import annotations

import logging
import shutil
import wave
from pathlib import Path

import pytest

from display_board import speech, voices
from display_board.speech import Call, Reading
from display_board.voices import ASSETS, ClipLibrary

ESPEAK = shutil.which("espeak-ng")


def test_the_shipped_set_has_every_clip_as_a_small_wav() -> None:
    total = 0
    for clip in voices.all_clips():
        path = ASSETS / f"{clip}.wav"
        assert path.is_file(), clip
        with wave.open(str(path)) as clip_file:
            assert clip_file.getnchannels() == 1
            assert clip_file.getnframes() > 0
        size = path.stat().st_size
        assert size < 80_000, clip
        total += size
    assert total < 5_000_000


def test_every_number_and_letter_has_a_clip_in_both_languages() -> None:
    for lang in speech.LANGUAGES:
        names = set(voices.catalogue(lang))
        for number in range(1000):
            call = Call(f"Z{number:03d}", number)
            for reading in Reading:
                clips = speech.call_clips(call, lang, reading)
                assert {c.split("/")[1] for c in clips} <= names


def test_an_office_recording_replaces_the_shipped_clip(tmp_path: Path) -> None:
    office = tmp_path / "office"
    (office / "id").mkdir(parents=True)
    (office / "id" / "satu.wav").write_bytes((ASSETS / "id" / "satu.wav").read_bytes())
    library = ClipLibrary([office, ASSETS], tmp_path / "cache", None)
    assert library.path("id/satu") == office / "id" / "satu.wav"
    assert library.path("id/dua") == ASSETS / "id" / "dua.wav"


def test_a_missing_clip_without_espeak_is_skipped_and_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    library = ClipLibrary([tmp_path / "empty"], tmp_path / "cache", None)
    with caplog.at_level(logging.WARNING):
        assert library.path("id/satu") is None
        assert library.path("id/satu") is None
    assert [r.message for r in caplog.records].count(
        "voice clip id/satu is missing and espeak-ng is not available: skipped"
    ) == 1


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
def test_a_missing_clip_is_synthesized_into_the_cache(tmp_path: Path) -> None:
    library = ClipLibrary([tmp_path / "empty"], tmp_path / "cache", ESPEAK)
    path = library.path("id/tiga")
    assert path == tmp_path / "cache" / "id" / "tiga.wav"
    with wave.open(str(path)) as clip_file:
        assert clip_file.getnframes() > 1000
    assert library.path("id/tiga") == path  # found in the cache from now on


def test_a_clip_nobody_can_say_is_skipped(tmp_path: Path) -> None:
    library = ClipLibrary([tmp_path / "empty"], tmp_path / "cache", ESPEAK)
    assert library.path("id/no_such_word") is None
    assert library.path("common/chime") is None


def test_the_chime_is_two_soft_tones() -> None:
    samples = voices.chime_samples()
    assert len(samples) == int(0.45 * voices.RATE) * 2
    assert max(abs(s) for s in samples) < 16_000  # soft: about half of full scale
