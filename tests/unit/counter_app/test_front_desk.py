"""The counter app's front desk: sign-in by role, issuing, check-in, look-up, cancel, printing,
today's services, and the screen fitting 1366x768 and 1280x720."""

from __future__ import annotations

import threading
import time as clock
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFormLayout, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from counter_app.front_desk.config import (
    FrontDeskConfig,
    FrontDeskConfigError,
    load_front_desk_config,
)
from counter_app.front_desk.lookup_panel import LookupPanel
from counter_app.front_desk.model import FrontDesk
from counter_app.front_desk.page import FrontDeskPage
from counter_app.window import CounterWindow
from db.services import calls, officers
from db.services.appointments import import_bookings
from db.services.counters import list_counters
from db.services.tickets import issue_ticket
from db.store import engine
from db.store.engine import Database
from db.store.models import Event, Ticket
from db.views.availability import ServiceDay
from qtshared.changes import ChangeNotifier
from tests.helpers.printers import (
    FakePrinter,
    Mode,
    fake_printer,
    refused_url,
    unanswered_address,
)
from tests.helpers.screen_fit import misfits
from tests.unit.counter_app.conftest import OFFSCREEN_NOISE, PIN, SQLITE_ONLY, sign_in
from ticket_printer.job import PrintSettings
from ticket_printer.target import parse_printer_url

pytestmark = OFFSCREEN_NOISE
MakeDesk = Callable[..., CounterWindow]


@pytest.fixture
def desk_office(office: Database) -> Database:
    officers.add_officer(office, "rina", "Rina Lestari", "front_desk")
    officers.set_pin(office, "rina", PIN)
    return office


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    with fake_printer(Mode.GOOD) as fake:
        yield fake


@pytest.fixture
def make_desk(qtbot: QtBot) -> Iterator[MakeDesk]:
    made: list[CounterWindow] = []

    def make(db: Database, config: FrontDeskConfig | None = None) -> CounterWindow:
        notifier = ChangeNotifier(
            db, poll_interval_ms=20, safety_refresh_ms=600_000, retry_ms=(10, 20, 40)
        )
        window = CounterWindow(db, counter=1, notifier=notifier, front_desk=config)
        notifier.setParent(window)
        qtbot.addWidget(window)
        window.start()
        made.append(window)
        return window

    yield make
    for window in made:
        window.notifier.stop()


def config_for(own: str = "none", kiosk: str = "none") -> FrontDeskConfig:
    """Printers as the `[front_desk]` table gives them, with a short timeout for tests."""

    def settings(url: str) -> PrintSettings | None:
        return None if url == "none" else PrintSettings(parse_printer_url(url), timeout_s=1.0)

    return FrontDeskConfig(own=settings(own), kiosk=settings(kiosk))


def shown(window: CounterWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)


def desk_page(window: CounterWindow) -> FrontDeskPage:
    """The window's front desk, once the reads it asked for so far have arrived."""
    page = window.front_desk
    assert page is not None
    assert page.live.settle()
    return page


def message(page: FrontDeskPage) -> tuple[str, str]:
    return page.message.text(), str(page.message.property("level"))


@SQLITE_ONLY
def test_a_front_desk_officer_gets_the_desk_and_no_counter(
    desk_office: Database, make_desk: MakeDesk
) -> None:
    window = make_desk(desk_office)
    sign_in(window, "rina")
    page = desk_page(window)
    assert window.stack.currentWidget() is page
    assert window.controller is None
    assert [c.officer_login for c in list_counters(desk_office)] == [None, None, None]
    assert page.availability.table.rowCount() == 3  # A, B, E
    assert window.sign_out()
    assert window.stack.currentWidget() is window.signin
    assert window.front_desk is None


@SQLITE_ONLY
def test_a_supervisor_gets_a_front_desk_tab_and_an_officer_does_not(
    desk_office: Database, make_desk: MakeDesk
) -> None:
    window = make_desk(desk_office)
    sign_in(window, "kepala")
    assert window.page is not None
    tabs = [window.page.tabs.tabText(i) for i in range(window.page.tabs.count())]
    assert tabs == ["Counter", "Supervisor", "Front desk"]
    assert window.sign_out()
    assert window.front_desk is None
    sign_in(window, "budi")
    assert window.front_desk is None


@SQLITE_ONLY
@pytest.mark.parametrize("size", [QSize(1366, 768), QSize(1280, 720)])
def test_the_front_desk_fits_the_screen(
    desk_office: Database, make_desk: MakeDesk, size: QSize
) -> None:
    for _ in range(3):
        issue_ticket(desk_office, "A")
    window = make_desk(desk_office, config_for(refused_url(), refused_url()))
    window.show()
    sign_in(window, "rina")
    desk_page(window).lookup.look_up("A002")
    assert misfits(window, size) == []


@SQLITE_ONLY
def test_a_priority_ticket_is_issued_from_the_keyboard_and_printed_at_the_desk(
    desk_office: Database, make_desk: MakeDesk, printer: FakePrinter, qtbot: QtBot
) -> None:
    issue_ticket(desk_office, "A")
    window = make_desk(desk_office, config_for(printer.url))
    shown(window, qtbot)
    sign_in(window, "rina")
    page = desk_page(window)
    form = page.form
    qtbot.keyClick(page.lookup.code, Qt.Key.Key_F2)
    assert window.focusWidget() is form.service
    form.priority.setCurrentIndex(form.priority.findData("lansia"))
    qtbot.keyClicks(form.reason, "KTP: aged 72")
    qtbot.keyClick(form.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert message(page)[1] == "info"  # the ticket is issued; printing is under way
    text, level = printed(page, qtbot)
    assert level == "ok", text
    assert "A002" in text
    assert _tickets(desk_office) == 2  # Return in the reason field issued once, not twice
    assert "printed on the desk printer" in text
    assert page.lookup.found is not None
    assert page.lookup.found.ticket.code == "A002"
    assert page.lookup.found.people_ahead == 0
    _wait_for_job(printer)
    assert b"A002" in printer.jobs[0]
    with engine.read(desk_office) as session:
        event = session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).one()
        assert (event.kind, event.details["reason"]) == ("issued", "KTP: aged 72")
    assert form.reason.text() == ""
    assert form.priority.currentData() is None


def printed(page: FrontDeskPage, qtbot: QtBot) -> tuple[str, str]:
    """The message once the print job has reported (it runs off the GUI thread)."""
    with qtbot.waitSignal(page.printing.done, timeout=5000):
        pass
    return message(page)


def _tickets(db: Database) -> int:
    with engine.read(db) as session:
        return session.scalar(select(func.count()).select_from(Ticket)) or 0


def _wait_for_job(printer: FakePrinter) -> None:
    deadline = clock.monotonic() + 3
    while not printer.jobs and clock.monotonic() < deadline:
        clock.sleep(0.02)


@SQLITE_ONLY
def test_a_priority_without_a_reason_issues_nothing(
    desk_office: Database, make_desk: MakeDesk
) -> None:
    window = make_desk(desk_office)
    sign_in(window, "rina")
    page = desk_page(window)
    page.form.priority.setCurrentIndex(page.form.priority.findData("disabilitas"))
    page.form.issue()
    assert message(page) == ("Give the reason for the priority group", "error")
    assert page.lookup.found is None


@SQLITE_ONLY
def test_a_failed_print_keeps_the_ticket_and_says_to_reprint(
    desk_office: Database, make_desk: MakeDesk, printer: FakePrinter, qtbot: QtBot
) -> None:
    window = make_desk(desk_office, config_for(refused_url(), printer.url))
    sign_in(window, "rina")
    page = desk_page(window)
    with qtbot.waitSignal(page.printing.done, timeout=5000):
        page.form.issue()
    text, level = message(page)
    assert level == "error"
    assert "A001 exists, but printing on the desk printer failed" in text
    assert "Press Reprint" in text
    page.lookup.printer.setCurrentIndex(page.lookup.printer.findData("kiosk"))
    with qtbot.waitSignal(page.printing.done, timeout=5000):
        page.lookup.reprint()
    assert message(page) == ("A001 printed on the kiosk printer.", "ok")


@SQLITE_ONLY
def test_a_printer_that_never_answers_leaves_the_desk_responsive(
    desk_office: Database, make_desk: MakeDesk, qtbot: QtBot
) -> None:
    with unanswered_address() as url:
        window = make_desk(desk_office, config_for(url))
        sign_in(window, "rina")
        page = desk_page(window)
        finished: list[object] = []
        page.printing.done.connect(lambda *answer: finished.append(answer))
        page.form.issue()
        # Printed on the screen's thread, the job would have finished (and said so) before
        # issue() returned; off it, its answer waits for the event loop.
        assert finished == []
        page.lookup.look_up("A001")  # the desk goes on working meanwhile
        assert page.lookup.found is not None
        text, level = printed(page, qtbot)
    assert level == "error"
    assert text.startswith("Issued: A001")


@SQLITE_ONLY
def test_a_booking_is_checked_in_by_scanning_and_refusals_read_as_at_the_kiosk(
    desk_office: Database, make_desk: MakeDesk, qtbot: QtBot
) -> None:
    day = f"{datetime.now(ZoneInfo('Asia/Jakarta')):%Y-%m-%d}"
    import_bookings(
        desk_office,
        "booking_code,date,session_start,session_end,service\n"
        f"MP-0001,{day},00:00,23:59,A\nMP-0002,2020-01-01,09:00,10:00,A\n",
    )
    window = make_desk(desk_office)
    shown(window, qtbot)
    sign_in(window, "rina")
    page = desk_page(window)
    qtbot.keyClick(page.form.service, Qt.Key.Key_F3)
    assert window.focusWidget() is page.form.booking
    qtbot.keyClicks(page.form.booking, "mp-0001")
    qtbot.keyClick(page.form.booking, Qt.Key.Key_Return)
    text, level = message(page)
    assert (level, text.startswith("Checked in: A001")) == ("ok", True), text
    assert page.form.booking.text() == ""
    qtbot.keyClicks(page.form.booking, "MP-0404")
    qtbot.keyClick(page.form.booking, Qt.Key.Key_Return)
    assert message(page) == ("Booking MP-0404 is not on today's list", "error")
    assert page.form.booking.text() == "MP-0404"  # kept, selected: the next scan replaces it


@SQLITE_ONLY
def test_look_up_shows_the_counter_and_cancel_needs_a_reason_and_a_yes(
    desk_office: Database, make_desk: MakeDesk, qtbot: QtBot
) -> None:
    for _ in range(3):
        issue_ticket(desk_office, "A")
    calls.call_next(desk_office, 2)
    window = make_desk(desk_office)
    shown(window, qtbot)
    sign_in(window, "rina")
    lookup = desk_page(window).lookup
    qtbot.keyClick(desk_page(window).form.reason, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is lookup.code
    qtbot.keyClicks(lookup.code, "a001")
    qtbot.keyClick(lookup.code, Qt.Key.Key_Return)
    facts = _facts(lookup)
    assert (facts["Status"], facts["Counter"]) == ("Called", "Loket 2")
    assert not lookup.cancel_button.isEnabled()  # a counter holds it
    lookup.look_up("A003")
    assert _facts(lookup)["People ahead"] == "1"
    lookup.cancel()
    assert message(desk_page(window)) == ("Give the reason the applicant cancels.", "error")
    asked: list[str] = []
    lookup.confirm = lambda question: asked.append(question) is None and len(asked) > 1
    qtbot.keyClicks(lookup.reason, "must pick up a child")
    lookup.cancel()  # "no" the first time
    assert _facts(lookup)["Status"] == "Waiting"
    lookup.cancel()
    assert asked == ["Cancel ticket A003? This cannot be undone."] * 2
    assert _facts(lookup)["Status"] == "Cancelled"
    assert not lookup.cancel_button.isEnabled()


def _facts(lookup: LookupPanel) -> dict[str, str]:
    form = lookup.facts
    found: dict[str, str] = {}
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
        value = form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
        assert isinstance(label, QLabel)
        assert isinstance(value, QLabel)
        found[label.text()] = value.text()
    return found


@SQLITE_ONLY
def test_an_unknown_number_is_said_and_nothing_is_shown(
    desk_office: Database, make_desk: MakeDesk
) -> None:
    window = make_desk(desk_office)
    sign_in(window, "rina")
    lookup = desk_page(window).lookup
    lookup.look_up("z9")
    assert message(desk_page(window)) == (
        "There is no ticket Z9 today: check the letter and the digits.",
        "error",
    )
    assert lookup.found is None
    assert lookup.number.text() == "—"


@SQLITE_ONLY
def test_the_looked_up_ticket_follows_a_call_made_elsewhere(
    desk_office: Database, make_desk: MakeDesk, qtbot: QtBot
) -> None:
    issue_ticket(desk_office, "B")
    window = make_desk(desk_office)
    sign_in(window, "rina")
    lookup = desk_page(window).lookup
    lookup.look_up("B001")
    calls.call_next(desk_office, 1)
    qtbot.waitUntil(lambda: _facts(lookup).get("Counter") == "Loket 1", timeout=3000)


@SQLITE_ONLY
def test_the_desk_reads_today_off_the_gui_thread_and_follows_the_office(
    desk_office: Database, make_desk: MakeDesk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    readers: list[threading.Thread] = []
    real = FrontDesk.availability

    def recorded(desk: FrontDesk) -> list[ServiceDay]:
        readers.append(threading.current_thread())
        return real(desk)

    monkeypatch.setattr(FrontDesk, "availability", recorded)
    window = make_desk(desk_office)
    sign_in(window, "rina")
    page = desk_page(window)
    for _ in range(5):
        issue_ticket(desk_office, "A")
    qtbot.waitUntil(lambda: _waiting(page, "A") == 5, timeout=3000)
    assert readers
    assert threading.main_thread() not in readers


def _waiting(page: FrontDeskPage, code: str) -> int | None:
    table = page.availability.table
    for row in range(table.rowCount()):
        name, waiting = table.item(row, 0), table.item(row, 3)
        if name is not None and waiting is not None and name.text().startswith(code):
            return int(waiting.text())
    return None


def test_the_printers_come_from_the_front_desk_table(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text('[front_desk]\nprinter = "tcp://10.0.0.9:9100"\npaper = 58\n')
    config = load_front_desk_config(path, {})
    assert config.own is not None
    assert config.own.target.host == "10.0.0.9"
    assert config.kiosk is None
    override = load_front_desk_config(path, {"WALKIN_FRONT_DESK_PRINTER": "none"})
    assert override.own is None
    path.write_text('[front_desk]\nprinter = "lpt1"\n')
    with pytest.raises(FrontDeskConfigError, match=r"front_desk\.printer"):
        load_front_desk_config(path, {})
    path.write_text("[front_desk]\nprinters = 1\n")
    with pytest.raises(FrontDeskConfigError, match="unknown key"):
        load_front_desk_config(path, {})
