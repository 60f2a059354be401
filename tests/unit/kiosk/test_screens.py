"""The kiosk's screens show hand-built service states and tickets: no database, no printer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

import pytest
from pytestqt.qtbot import QtBot

from db.results import IssuedTicket, WaitEstimate
from db.rules.hours import Availability, ClosedReason
from kiosk.home import Header, HomeScreen
from kiosk.i18n import Translations
from kiosk.jobs import Issued
from kiosk.screens import ConfirmScreen
from tests.helpers.snapshots import service, ticket
from ticket_printer.ticket import ticket_content

UNTIL_3 = Availability(True, None, time(8), time(15), None, time(16))
NOT_YET = Availability(False, ClosedReason.NOT_YET_OPEN, time(8), time(15), None, time(16))


@pytest.fixture
def indonesian() -> Iterator[Translations]:
    """The kiosk in Indonesian, its default; the translator is removed afterwards."""
    translations = Translations("id")
    yield translations
    translations.close()


@pytest.fixture
def home(qtbot: QtBot, indonesian: Translations) -> HomeScreen:
    screen = HomeScreen(Header())
    qtbot.addWidget(screen)
    return screen


def test_home_shows_a_button_per_service_with_its_state_and_only_open_ones_can_be_tapped(
    home: HomeScreen,
) -> None:
    statuses = [
        service("A", 4, availability=UNTIL_3),
        service("B", 0, availability=NOT_YET),
        service("C", 9, quota=10, walk_ins=10),
    ]
    home.show_services(statuses, "id", None, {})
    assert list(home.buttons) == ["A", "B", "C"]
    shown = {
        code: (b.name.text(), b.state.text(), b.isEnabled()) for code, b in home.buttons.items()
    }
    assert shown == {
        "A": ("Paspor Baru", "Buka, nomor antrean sampai pukul 15:00", True),
        "B": ("Penggantian Paspor", "Tutup, buka pukul 08:00", False),
        "C": ("Layanan C", "Kuota hari ini sudah penuh", False),
    }


def test_home_in_english_names_the_services_in_english(
    home: HomeScreen, indonesian: Translations
) -> None:
    indonesian.use("en")
    home.show_services([service("A", 4)], "en", None, {})
    assert (home.buttons["A"].name.text(), home.buttons["A"].state.text()) == (
        "New passport",
        "Open",
    )


def test_a_priority_applicant_cannot_choose_a_service_without_priority_tickets(
    home: HomeScreen,
) -> None:
    home.show_services([service("A", 1), service("E", 0)], "id", "lansia", {"E": False})
    assert home.buttons["A"].isEnabled()
    assert not home.buttons["E"].isEnabled()


def test_the_confirmation_shows_the_number_the_service_the_people_ahead_and_the_wait(
    qtbot: QtBot, indonesian: Translations
) -> None:
    screen = ConfirmScreen()
    qtbot.addWidget(screen)
    issued = IssuedTicket(
        ticket("A012", priority="lansia"), 3, WaitEstimate(10, 20), False, "t0k3n", None
    )
    content = ticket_content(issued, "Kantor Uji", "Asia/Jakarta")
    screen.show_ticket(Issued(issued, content, "#1F5FA8"))
    assert screen.number.text() == "A012"
    assert screen.service.text() == "Paspor Baru  ·  Lansia (60 tahun ke atas)"
    assert screen.ahead.text() == "Antrean di depan Anda: 3 orang"
    assert screen.wait.text() == "Perkiraan waktu tunggu: 10 sampai 20 menit"
    assert screen.status.text() == "Tiket Anda sedang dicetak ..."
    assert not screen.qr_link.isVisibleTo(screen)  # a bare reference is for staff only
