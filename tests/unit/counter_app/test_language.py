"""The counter app speaks Indonesian by default, English by setting (`--lang en`)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from counter_app import cli
from counter_app.errors import explain
from counter_app.format import minutes, priority_label, status_label
from db.errors import CounterBusy, NobodyWaiting, NotFound, UserError
from db.store.engine import Database
from qtshared.i18n import Translations
from tests.unit.counter_app.conftest import OFFSCREEN_NOISE, SQLITE_ONLY, MakeWindow, sign_in

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def indonesian(qapp: object) -> Iterator[Translations]:
    translations = Translations("counter")
    yield translations
    translations.close()


@SQLITE_ONLY
@pytest.mark.usefixtures("indonesian")
def test_the_sign_in_page_and_the_desk_read_in_indonesian(
    office: Database, make_window: MakeWindow
) -> None:
    window = make_window(office)
    assert window.signin.submit.text() == "Masuk"
    sign_in(window, "kepala")
    assert window.page is not None
    page = window.page
    assert page.action_panel.buttons["call_next"].caption.text() == "Panggil berikutnya"
    assert page.sign_out.text() == "Keluar"
    assert page.ticket_card.number.text() == "Tidak ada tiket"
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Loket",
        "Supervisor",
        "Meja depan",
    ]
    header = page.waiting.table.horizontalHeaderItem(0)
    assert header is not None
    assert header.text() == "Tiket"
    assert window.windowTitle().startswith("Loket 1 · ")


@pytest.mark.usefixtures("indonesian")
def test_words_shared_with_the_other_apps_follow_the_language() -> None:
    assert priority_label("lansia") == "Lansia"
    assert status_label("waiting") == "Menunggu"
    assert minutes(3_900) == "1 j 05 mnt"


@SQLITE_ONLY
def test_without_the_translator_the_screen_is_english(
    office: Database, make_window: MakeWindow
) -> None:
    window = make_window(office)
    assert window.signin.submit.text() == "Sign in"
    assert priority_label("lansia") == "Senior"


def test_the_language_is_indonesian_unless_asked() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    cli.register(parser.add_subparsers(dest="command"))
    assert parser.parse_args(["counter"]).lang == "id"
    assert parser.parse_args(["counter", "--lang", "en"]).lang == "en"


@pytest.mark.usefixtures("indonesian")
@pytest.mark.parametrize(
    ("error", "said"),
    [
        (
            NobodyWaiting("nobody is waiting for counter 2"),
            "Tidak ada yang menunggu untuk loket 2.",
        ),
        (
            CounterBusy("counter 1 already has A012 (called): finish it, mark it no-show or ..."),
            "Loket 1 masih memegang A012: selesaikan, catat tidak hadir, atau alihkan dulu.",
        ),
        (NotFound("there is no ticket 'B077' today"), "Tidak ada tiket B077 hari ini."),
        # a wording the app does not know yet is shown as written, never dropped
        (NobodyWaiting("nobody waits at counter 2 now"), "Nobody waits at counter 2 now"),
    ],
)
def test_the_service_layers_common_errors_are_said_in_indonesian(
    error: UserError, said: str
) -> None:
    assert explain(error) == said


def test_in_english_the_errors_are_shown_as_written() -> None:
    assert explain(NobodyWaiting("nobody is waiting for counter 2")) == (
        "Nobody is waiting for counter 2"
    )
