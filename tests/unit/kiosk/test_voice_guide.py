"""The voice guide driven from a USB numeric keypad, through to a printed ticket.

Keys are sent as the keypad sends them (KeypadModifier). Once with a fake player that records
every clip, once on a kiosk without an audio device (the silent player: the screen shows what
is said).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.store.engine import Database
from kiosk import access as access_module
from kiosk.config import KioskConfig
from kiosk.voice_clips import ASSETS, KioskClips, Queued
from kiosk.window import KioskWindow
from qtshared.voice.player import ClipPlayer, SilentPlayer, make_player
from tests.helpers.players import FakePlayer
from tests.helpers.printers import Mode, fake_printer
from tests.unit.kiosk.windows import FAST, tickets
from ticket_printer.job import PrintSettings
from ticket_printer.target import parse_printer_url

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

KEYS = {
    "+": Qt.Key.Key_Plus,
    "-": Qt.Key.Key_Minus,
    **{str(d): getattr(Qt.Key, f"Key_{d}") for d in range(10)},
}


@pytest.fixture(autouse=True)
def no_espeak(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The shipped clips only; a name without a clip is spelt (the test office's "Informasi")."""
    monkeypatch.setattr(
        access_module, "kiosk_clips", lambda config: KioskClips(None, tmp_path / "cache", None)
    )


@pytest.fixture
def kiosks(qtbot: QtBot) -> Iterator[list[KioskWindow]]:
    made: list[KioskWindow] = []
    yield made
    for kiosk in made:
        kiosk.stop()
        kiosk.translations.close()


def make(
    qtbot: QtBot,
    kiosks: list[KioskWindow],
    db: Database,
    printer: str,
    player: ClipPlayer,
    config: KioskConfig | None = None,
) -> KioskWindow:
    printing = PrintSettings(parse_printer_url(printer), timeout_s=1.0)
    kiosk = KioskWindow(db, config or KioskConfig(), printing, timings=FAST, voice_player=player)
    qtbot.addWidget(kiosk)
    kiosk.resize(1920, 1080)
    kiosk.show()
    kiosks.append(kiosk)
    with qtbot.waitSignal(kiosk.live.changed):
        kiosk.start()
    return kiosk


def press(qtbot: QtBot, kiosk: KioskWindow, key: str) -> None:
    qtbot.keyClick(kiosk, KEYS[key], Qt.KeyboardModifier.KeypadModifier)


def record(kiosk: KioskWindow) -> list[Queued]:
    said: list[Queued] = []
    kiosk.access.guide.queued.connect(said.append)
    return said


def names(said: list[Queued]) -> list[str]:
    return [name for queued in said for name in queued.names]


def quiet(qtbot: QtBot, kiosk: KioskWindow) -> None:
    qtbot.waitUntil(lambda: not kiosk.access.guide.speaking, timeout=5000)


MENU = [
    "id/welcome",
    "id/choose_service",
    *("id/for", "id/service_a", "id/press", "id/satu"),
    *("id/for", "id/service_b", "id/press", "id/dua"),
    *("id/for", "id/service", "id/letter_e", "id/press", "id/tiga"),  # no clip: spelt
    "en/language_hint",
    "id/end_hint",
    "id/repeat_hint",
]


def test_the_keypad_takes_an_applicant_from_the_first_key_to_a_printed_ticket(
    qtbot: QtBot, kiosks: list[KioskWindow], db: Database
) -> None:
    player = FakePlayer(clip_ms=2)
    with fake_printer(Mode.GOOD) as printer:
        kiosk = make(qtbot, kiosks, db, printer.url, player)
        said = record(kiosk)
        press(qtbot, kiosk, "+")
        assert kiosk.current_screen() is kiosk.access.screen
        quiet(qtbot, kiosk)
        assert player.names() == MENU
        press(qtbot, kiosk, "1")
        quiet(qtbot, kiosk)
        assert names(said)[len(MENU) :][:2] == ["id/you_chose", "id/service_a"]
        press(qtbot, kiosk, "1")  # take a number
        qtbot.waitUntil(lambda: bool(printer.jobs), timeout=5000)
        qtbot.waitUntil(lambda: "id/hear_again" in player.names(), timeout=5000)
        quiet(qtbot, kiosk)
    assert tickets(db) == 1
    assert b"A001" in printer.jobs[0]
    assert kiosk.current_screen() is kiosk.confirm
    assert kiosk.confirm.number.text() == "A001"
    end = player.names()[-9:]
    assert (
        end
        == [
            "id/please_wait",
            *("id/your_number", "id/letter_a", "id/nol", "id/nol", "id/satu"),
            "id/nobody_ahead",
            "id/take_ticket",  # only once the printer confirmed the ticket
            "id/hear_again",
        ][-10:]
    )
    assert all(path.is_relative_to(ASSETS) for path in player.played)
    assert kiosk.access.bar.caption.text().splitlines() == [
        "Silakan ambil tiket Anda di bawah layar.",  # the caption: the last two lines said
        "Untuk mendengar lagi, tekan nol. Untuk selesai, tekan sembilan.",
    ]
    assert kiosk.access.screen.lines.text().startswith("Nomor antrean Anda A001: A nol nol satu.")


def test_zero_repeats_the_number_and_nine_ends_the_guide(
    qtbot: QtBot, kiosks: list[KioskWindow], db: Database
) -> None:
    player = FakePlayer(clip_ms=1)
    kiosk = make(qtbot, kiosks, db, "none", player)
    for key in "+11":
        press(qtbot, kiosk, key)
    qtbot.waitUntil(lambda: "id/hear_again" in player.names(), timeout=5000)
    quiet(qtbot, kiosk)
    before = len(player.played)
    press(qtbot, kiosk, "0")
    quiet(qtbot, kiosk)
    again = player.names()[before:]
    assert again[:2] == ["id/your_number", "id/letter_a"]
    assert again[-2:] == ["id/no_printer", "id/hear_again"]  # no printer: "remember your number"
    press(qtbot, kiosk, "9")
    assert kiosk.current_screen() is kiosk.home
    assert not kiosk.access.guide.active
    quiet(qtbot, kiosk)
    assert player.names()[-1] == "id/goodbye"


def test_a_key_cuts_the_menu_short_and_answers_at_once(
    qtbot: QtBot, kiosks: list[KioskWindow], db: Database
) -> None:
    player = FakePlayer(clip_ms=200)
    kiosk = make(qtbot, kiosks, db, "none", player)
    press(qtbot, kiosk, "+")
    qtbot.wait(50)
    press(qtbot, kiosk, "2")  # the applicant knows the menu: no need to hear it to its end
    assert player.names()[-1] == "id/you_chose"
    assert player.names().count("id/welcome") == 1
    assert "id/repeat_hint" not in player.names()[:-1]


def test_without_an_audio_device_the_screen_shows_what_is_said(
    qtbot: QtBot, kiosks: list[KioskWindow], db: Database
) -> None:
    silent = make_player(mute=False, volume=1.0, has_audio=lambda: False)
    assert isinstance(silent, SilentPlayer)
    kiosk = make(qtbot, kiosks, db, "none", silent)
    said = record(kiosk)
    screen = kiosk.access.screen
    press(qtbot, kiosk, "+")
    assert kiosk.access.guide.silent
    assert screen.silent.isVisible()
    assert "Untuk Paspor Baru, tekan 1." in screen.lines.text()
    assert "Untuk Informasi, tekan 3." in screen.lines.text()
    assert not kiosk.access.bar.caption.isVisible()  # the screen itself is the caption
    for key in "11":
        press(qtbot, kiosk, key)
    qtbot.waitUntil(lambda: kiosk.current_screen() is kiosk.confirm, timeout=5000)
    qtbot.waitUntil(lambda: "id/hear_again" in names(said), timeout=5000)
    quiet(qtbot, kiosk)
    caption = kiosk.access.bar.caption
    assert caption.isVisible()
    assert caption.text().splitlines()[0] == "Ingat nomor Anda."
    assert kiosk.access.screen.lines.text().splitlines()[:2] == [
        "Nomor antrean Anda A001: A nol nol satu.",
        "Tidak ada orang di depan Anda.",
    ]
    assert caption.font().pixelSize() >= 40
    assert names(said) == [
        *MENU,
        *("id/you_chose", "id/service_a", "id/take_number", "id/priority_offer"),
        *("id/back_hint", "id/repeat_hint", "id/please_wait"),
        *("id/your_number", "id/letter_a", "id/nol", "id/nol", "id/satu", "id/nobody_ahead"),
        *("id/no_printer", "id/hear_again"),
    ]
    assert tickets(db) == 1


def test_a_priority_number_by_keypad(qtbot: QtBot, kiosks: list[KioskWindow], db: Database) -> None:
    player = FakePlayer(clip_ms=1)
    kiosk = make(qtbot, kiosks, db, "none", player)
    for key in "+1":
        press(qtbot, kiosk, key)
    press(qtbot, kiosk, "2")  # priority
    assert player.names()[-1] == "id/choose_group"
    press(qtbot, kiosk, "2")  # penyandang disabilitas
    qtbot.waitUntil(lambda: kiosk.current_screen() is kiosk.confirm, timeout=5000)
    assert kiosk.confirm.issued is not None
    assert kiosk.confirm.issued.content.priority == "disabilitas"


def test_eight_switches_the_kiosk_to_english(
    qtbot: QtBot, kiosks: list[KioskWindow], db: Database
) -> None:
    player = FakePlayer(clip_ms=1)
    kiosk = make(qtbot, kiosks, db, "none", player)
    press(qtbot, kiosk, "+")
    press(qtbot, kiosk, "8")
    assert kiosk.translations.language == "en"
    assert player.names()[-1] == "en/choose_service"
    assert kiosk.access.screen.title.text() == "Voice guide: use the keypad beside the screen"


def test_the_marked_button_starts_the_guide_and_minus_leaves_it(
    qtbot: QtBot, kiosks: list[KioskWindow], db: Database
) -> None:
    kiosk = make(qtbot, kiosks, db, "none", FakePlayer(clip_ms=1))
    assert kiosk.access.bar.isVisible()
    assert kiosk.access.bar.voice.text().startswith("Panduan suara")
    qtbot.mouseClick(kiosk.access.bar.voice, Qt.MouseButton.LeftButton)
    assert kiosk.access.guide.active
    assert kiosk.current_screen() is kiosk.access.screen
    press(qtbot, kiosk, "-")
    assert not kiosk.access.guide.active
    assert kiosk.current_screen() is kiosk.home


def test_keypad_keys_do_nothing_until_the_guide_is_started_and_never_reach_the_scanner(
    qtbot: QtBot, kiosks: list[KioskWindow], db: Database
) -> None:
    player = FakePlayer(clip_ms=1)
    kiosk = make(qtbot, kiosks, db, "none", player)
    scanned: list[str] = []
    kiosk.booking.scanner.scanned.connect(scanned.append)
    for key in "1234":
        press(qtbot, kiosk, key)
    assert player.played == []
    assert kiosk.current_screen() is kiosk.home
    assert scanned == []
    assert tickets(db) == 0


def test_the_kiosk_waits_longer_while_the_guide_is_on(
    qtbot: QtBot, kiosks: list[KioskWindow], db: Database
) -> None:
    config = KioskConfig(idle_seconds=30, voice_idle_factor=4.0)
    kiosk = make(qtbot, kiosks, db, "none", FakePlayer(clip_ms=1), config)
    assert not kiosk.idle.running  # at rest
    press(qtbot, kiosk, "+")
    assert kiosk.idle.running
    assert kiosk.idle.period_ms() == 120_000
    press(qtbot, kiosk, "-")
    assert kiosk.idle.patience == 1.0


def test_a_keypad_key_and_the_end_of_a_prompt_start_the_idle_period_again(
    qtbot: QtBot, kiosks: list[KioskWindow], db: Database
) -> None:
    kiosk = make(qtbot, kiosks, db, "none", FakePlayer(clip_ms=1), KioskConfig(idle_seconds=30))
    press(qtbot, kiosk, "+")
    quiet(qtbot, kiosk)
    qtbot.wait(300)
    before = kiosk.idle.remaining_ms()
    press(qtbot, kiosk, "1")
    assert kiosk.idle.remaining_ms() > before


def test_the_idle_reset_ends_the_guide_with_a_goodbye_and_the_large_text(
    qtbot: QtBot, kiosks: list[KioskWindow], db: Database
) -> None:
    player = FakePlayer(clip_ms=1)
    kiosk = make(qtbot, kiosks, db, "none", player)
    press(qtbot, kiosk, "+")
    kiosk.access.set_high_contrast(True)
    kiosk.idle.expired.emit()  # nobody pressed anything for the whole (long) period
    assert kiosk.current_screen() is kiosk.home
    assert not kiosk.access.guide.active
    assert not kiosk.access.high_contrast  # the next person gets the settings' look
    assert kiosk.at_rest()
    quiet(qtbot, kiosk)
    assert player.names()[-1] == "id/goodbye"
    assert QApplication.instance() is not None
