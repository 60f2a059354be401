"""A service a supervisor closes stays on the kiosk home as a disabled button marked "Tutup"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from db.services import officers, supervisor
from db.services.tickets import issue_ticket
from db.store.engine import Database
from kiosk.window import KioskWindow
from tests.unit.kiosk.windows import kiosk_windows
from ticket_printer.job import PrintSettings
from ticket_printer.target import parse_printer_url

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def kiosk(qtbot: QtBot, db: Database) -> Iterator[KioskWindow]:
    with kiosk_windows(qtbot) as windows:
        yield windows(db, PrintSettings(parse_printer_url("none")), (1920, 1080))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_closed_service_keeps_its_button_disabled_and_marked_closed(
    qtbot: QtBot, kiosk: KioskWindow, db: Database
) -> None:
    issue_ticket(db, "B")
    officers.add_officer(db, "kepala", "Kepala Kantor", "supervisor")
    supervisor.close_service(db, "B", supervisor="kepala")
    button = kiosk.home.buttons["B"]
    qtbot.waitUntil(lambda: not button.isEnabled())
    assert list(kiosk.home.buttons) == ["A", "B", "E"]
    assert button.state.text() == "Tutup"
    assert "font-weight: bold" in button.state.styleSheet()  # marked, not just greyed
    assert button.name.text() == "Penggantian Paspor"
    supervisor.reopen_service(db, "B", supervisor="kepala")
    qtbot.waitUntil(button.isEnabled)
    assert button.state.text() == "Buka"
