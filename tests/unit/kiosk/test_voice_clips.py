"""The kiosk's shipped clips, office recordings, and service names without a clip."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest

from db.office_config import demo_config
from kiosk import voice_clips, voice_script
from kiosk.voice_clips import ASSETS, KioskClips, read_manifest
from kiosk.voice_script import Prompt, ServiceName
from qtshared.voice.words import LANGUAGES

ESPEAK = shutil.which("espeak-ng")


def test_the_shipped_set_has_every_clip_as_a_mono_wav() -> None:
    total = 0
    for clip in voice_clips.all_clips():
        path = ASSETS / f"{clip}.wav"
        assert path.is_file(), clip
        with wave.open(str(path)) as clip_file:
            assert clip_file.getnchannels() == 1
            assert clip_file.getnframes() > 0
        total += path.stat().st_size
    assert total < 12_000_000


def test_every_demo_service_has_a_clip_and_the_manifest_names_it() -> None:
    for lang in LANGUAGES:
        manifest = read_manifest(ASSETS / lang)
        for service in demo_config().services:
            name = service.name_id if lang == "id" else service.name_en
            assert manifest[service.code] == name.lower()
            assert (ASSETS / lang / f"{voice_clips.service_clip(service.code)}.wav").is_file()


def test_a_prompt_becomes_the_shipped_files_and_their_length(tmp_path: Path) -> None:
    clips = KioskClips(None, tmp_path / "cache", None)
    prompt = voice_script.choice(
        voice_script.service(ServiceName("A", "Paspor Baru"), "id"), 1, "id"
    )
    queued = clips.queue(prompt)
    assert queued.names == ("id/for", "id/service_a", "id/press", "id/satu")
    assert queued.paths[1] == ASSETS / "id" / "service_a.wav"
    with wave.open(str(queued.paths[1])) as clip:
        one = clip.getnframes() / clip.getframerate()
    assert one < queued.seconds < 10


def test_a_renamed_service_is_spelt_when_nothing_can_say_its_name(tmp_path: Path) -> None:
    clips = KioskClips(None, tmp_path / "cache", None)
    renamed = Prompt(
        (voice_script.Piece(service=ServiceName("A", "Paspor Elektronik"), lang="id"),), ()
    )
    assert clips.queue(renamed).names == ("id/service", "id/letter_a")
    added = Prompt((voice_script.Piece(service=ServiceName("F", "Visa"), lang="en"),), ())
    assert clips.queue(added).names == ("en/service", "en/letter_f")


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
def test_a_renamed_service_is_synthesized_when_espeak_is_there(tmp_path: Path) -> None:
    clips = KioskClips(None, tmp_path / "cache", ESPEAK)
    renamed = Prompt(
        (voice_script.Piece(service=ServiceName("A", "Paspor Elektronik"), lang="id"),), ()
    )
    queued = clips.queue(renamed)
    assert len(queued.paths) == 1
    assert queued.paths[0].is_relative_to(tmp_path / "cache")
    assert queued.seconds > 0.3


def test_an_office_recording_replaces_a_shipped_clip_and_names_a_new_service(
    tmp_path: Path,
) -> None:
    office = tmp_path / "office"
    (office / "id").mkdir(parents=True)
    recording = (ASSETS / "id" / "satu.wav").read_bytes()
    (office / "id" / "press.wav").write_bytes(recording)
    (office / "id" / "service_f.wav").write_bytes(recording)
    clips = KioskClips(office, tmp_path / "cache", None)
    prompt = voice_script.choice(voice_script.service(ServiceName("F", "Visa"), "id"), 2, "id")
    queued = clips.queue(prompt)
    assert queued.names == ("id/for", "id/service_f", "id/press", "id/dua")
    assert queued.paths[1] == office / "id" / "service_f.wav"
    assert queued.paths[2] == office / "id" / "press.wav"
    assert queued.paths[0] == ASSETS / "id" / "for.wav"


def test_a_missing_clip_is_left_out_and_the_rest_is_said(tmp_path: Path) -> None:
    shipped = tmp_path / "shipped"
    (shipped / "id").mkdir(parents=True)
    shutil.copy(ASSETS / "id" / "press.wav", shipped / "id" / "press.wav")
    clips = KioskClips(None, tmp_path / "cache", None, shipped=shipped)
    queued = clips.queue(voice_script.phrase("welcome", "id") + voice_script.phrase("press", "id"))
    assert queued.names == ("id/press",)
