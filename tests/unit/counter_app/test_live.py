"""Live updates, the supervisor tab, and losing and regaining the database."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter_app.desk import Attempt, DeskSnapshot
from counter_app.desk_page import DeskPage
from counter_app.window import CounterWindow
from db.errors import DatabaseUnavailable
from db.results import TicketView
from db.rules.clock import local_time, utcnow
from db.services import calls
from db.services.devices import heartbeat
from db.services.supervisor import service_controls
from db.services.tickets import issue_ticket
from db.store.engine import Database, open_database
from db.views.queries import service_statuses
from tests.unit.counter_app.conftest import (
    OFFSCREEN_NOISE,
    SQLITE_ONLY,
    MakeWindow,
    events_of,
    settle,
    sign_in,
)

pytestmark = OFFSCREEN_NOISE
REPO_ROOT = Path(__file__).resolve().parents[3]


def page(window: CounterWindow) -> DeskPage:
    assert window.page is not None
    return window.page


def test_the_waiting_list_follows_a_kiosk_on_another_connection(
    qtbot: QtBot, office: Database, make_window: MakeWindow, db_url: str
) -> None:
    window = make_window(office)
    sign_in(window, "budi")
    kiosk = open_database(db_url)
    try:
        issue_ticket(kiosk, "A", priority="balita")
        qtbot.waitUntil(lambda: page(window).waiting.codes() == ["A001"])
        issue_ticket(kiosk, "E")  # not a service of counter 1
        issue_ticket(kiosk, "B")
        qtbot.waitUntil(lambda: page(window).waiting.codes() == ["A001", "B001"])
    finally:
        kiosk.dispose()
    table = page(window).waiting.table
    assert table.item(0, 2).text() == "Small child"
    assert page(window).action_panel.buttons["call_next"].isEnabled()


def test_a_supervisor_quota_change_reaches_the_kiosks_read_model(
    office: Database, make_window: MakeWindow
) -> None:
    window = make_window(office, 3)
    sign_in(window, "kepala")
    panel = page(window).supervisor
    assert panel is not None
    panel.service.setCurrentIndex(panel.service.findData("A"))
    assert panel.quota.value() == 5
    panel.quota.setValue(2)
    panel.set_quota.click()
    settle(window)
    [a] = [s for s in service_statuses(office) if s.code == "A"]
    assert (a.quota, a.quota_left) == (2, 2)
    assert page(window).message.text() == "Today's quota of A is now 2."
    assert "changed today" in panel.services.item(0, 4).text()


def test_the_supervisor_sees_which_devices_are_alive(
    qtbot: QtBot, office: Database, make_window: MakeWindow
) -> None:
    heartbeat(office, "kiosk@entrance", "kiosk", {"printer": "paper out"})
    window = make_window(office, 3)
    sign_in(window, "kepala")
    panel = page(window).supervisor
    assert panel is not None
    qtbot.waitUntil(lambda: panel.devices.rowCount() == 1)
    row = [panel.devices.item(0, column).text() for column in (0, 1, 3)]
    assert row == ["kiosk@entrance", "alive", "printer: paper out"]


def test_a_supervisor_closes_moves_cancels_and_sets_the_ticker(
    office: Database, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(office, 3)
    sign_in(window, "kepala")
    panel = page(window).supervisor
    assert panel is not None
    issue_ticket(office, "A")
    issue_ticket(office, "A")
    panel.service.setCurrentIndex(panel.service.findData("B"))
    panel.toggle_service.click()
    assert [c.active for c in service_controls(office)] == [True, True, True]  # asked first
    assert panel.dialog is not None
    assert "Close <b>B · " in panel.dialog.question.text()
    qtbot.keyClick(panel.dialog, Qt.Key.Key_Escape)
    assert [c.active for c in service_controls(office)] == [True, True, True]
    panel.toggle_service.click()
    assert panel.dialog is not None
    qtbot.keyClick(panel.dialog, Qt.Key.Key_Return)
    settle(window)
    assert [c.active for c in service_controls(office)] == [True, False, True]
    assert page(window).message.text() == "Service B closed."
    assert panel.toggle_service.text() == "Reopen service"
    panel.ticket.setText("a001")
    panel.move_to.setCurrentIndex(panel.move_to.findData("E"))
    panel.move_ticket.click()
    settle(window)
    assert events_of(office, "A001")[-1] == "ticket_moved"
    panel.ticket.setText("A002")
    panel.reason.setText("left the office")
    panel.cancel_ticket.click()
    settle(window)
    assert events_of(office, "A002")[-1] == "cancelled"
    panel.ticker.setText("Loket 4 tutup")
    panel.set_ticker.click()
    settle(window)
    assert page(window).message.text() == "Ticker updated."
    overview = panel.counters
    assert overview.item(2, 1).text() == "Hendra Wijaya"


@SQLITE_ONLY
def test_an_officer_cannot_act_as_supervisor(office: Database, make_window: MakeWindow) -> None:
    window = make_window(office)
    sign_in(window, "budi")
    assert page(window).supervisor is None
    assert page(window).tabs.count() == 1


@SQLITE_ONLY
def test_a_lost_notifier_link_shows_the_banner_and_disables_actions(
    office: Database, make_window: MakeWindow
) -> None:
    issue_ticket(office, "A")
    window = make_window(office)
    sign_in(window, "budi")
    buttons = page(window).action_panel.buttons
    assert buttons["call_next"].isEnabled()
    window.notifier.connection_lost.emit("lost the database test: connection reset")
    assert not window.banner.isHidden()
    assert not any(b.isEnabled() for b in buttons.values())
    window.notifier.connection_restored.emit()
    settle(window)
    assert window.banner.isHidden()
    assert buttons["call_next"].isEnabled()


@pytest.mark.parametrize("committed", [False, True])
def test_an_action_cut_off_by_the_loss_says_whether_it_happened(
    qtbot: QtBot,
    office: Database,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
    committed: bool,
) -> None:
    issue_ticket(office, "A")
    window = make_window(office)
    sign_in(window, "budi")
    real_call_next = calls.call_next
    down = {"now": True}

    def dropped(*args: object, **kwargs: object) -> TicketView:
        if committed:
            real_call_next(*args, **kwargs)  # type: ignore[arg-type]
        raise DatabaseUnavailable("cannot use the database test: server closed the connection")

    def snapshot_while_down(*args: object, **kwargs: object) -> object:
        if down["now"]:
            raise DatabaseUnavailable("cannot use the database test: connection refused")
        return real_snapshot(*args, **kwargs)

    desk = page(window).controller.desk
    real_snapshot = desk.snapshot
    monkeypatch.setattr(calls, "call_next", dropped)
    monkeypatch.setattr(desk, "snapshot", snapshot_while_down)
    lookups: list[threading.Thread] = []
    real_happened = desk.happened

    def happened(attempt: Attempt) -> bool:
        lookups.append(threading.current_thread())
        return real_happened(attempt)

    monkeypatch.setattr(desk, "happened", happened)
    page(window).action_panel.buttons["call_next"].click()
    assert not window.banner.isHidden()
    assert "not confirmed yet" in page(window).message.text()
    assert not page(window).action_panel.buttons["finish"].isEnabled()
    down["now"] = False  # the server is back: the controller's own recheck notices
    qtbot.waitUntil(window.banner.isHidden)
    expected = "Call next was done." if committed else "Call next did NOT happen"
    # The event log is asked off the GUI thread, once the link is back.
    qtbot.waitUntil(lambda: expected in page(window).message.text())
    assert len(lookups) == 1
    assert lookups[0] is not threading.main_thread()
    assert page(window).ticket_card.number.text() == ("A001" if committed else "No ticket")
    assert events_of(office, "A001") == (["issued", "called"] if committed else ["issued"])


def test_walkin_counter_is_registered_and_help_loads_no_qt() -> None:
    code = (
        "import sys, argparse\n"
        "from counter_app import cli\n"
        "parser = argparse.ArgumentParser(); parser.add_argument('--db')\n"
        "cli.register(parser.add_subparsers(dest='command'))\n"
        "args = parser.parse_args(['--db', 'sqlite:///x', 'counter', '--counter', '3',"
        " '--windowed'])\n"
        "print(args.counter, args.windowed, args.handler.__name__, 'PySide6' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["3", "True", "handle", "False"]


def test_python_m_counter_app_reports_a_bad_url_in_one_line() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "counter_app", "--db", "mysql://nope/x"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1
    assert out.stderr.startswith("counter_app: unsupported database URL")


@SQLITE_ONLY
def test_the_supervisor_reads_times_in_office_time_whatever_the_pc_zone(
    qtbot: QtBot, office: Database, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/Los_Angeles")  # the PC's zone, 15 hours behind the office
    time.tzset()
    try:
        seen = utcnow() - timedelta(minutes=3)
        heartbeat(office, "kiosk@entrance", "kiosk", {"printer": "ok"}, now=seen)
        issue_ticket(office, "A", now=seen - timedelta(minutes=1))
        calls.call_next(office, 1, now=seen)
        window = make_window(office, 3)
        sign_in(window, "kepala")
        panel = page(window).supervisor
        assert panel is not None
        qtbot.waitUntil(lambda: panel.devices.rowCount() == 1)
        office_time = f"{local_time(seen, 'Asia/Jakarta'):%H:%M}"
        assert panel.devices.item(0, 2).text() == office_time
        assert panel.counters.item(0, 4).text() == f"{office_time} (3 min)"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    ("login", "counter", "actions"),
    [
        ("budi", 1, ("call_next", "recall", "start", "finish", "pause", "pause")),
        ("kepala", 3, ("ticker",)),
    ],
)
def test_each_action_reads_the_snapshot_once_off_the_gui_thread(
    qtbot: QtBot,
    office: Database,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
    login: str,
    counter: int,
    actions: tuple[str, ...],
) -> None:
    issue_ticket(office, "A")
    window = make_window(office, counter)
    sign_in(window, login)
    desk = page(window).controller.desk
    readers: list[threading.Thread] = []
    read = desk.snapshot

    def counted(now: datetime | None = None) -> DeskSnapshot:
        readers.append(threading.current_thread())
        return read(now)

    monkeypatch.setattr(desk, "snapshot", counted)
    for action in actions:
        readers.clear()
        # The action's own notification comes back (during the read, or after it).
        with qtbot.waitSignal(window.notifier.changed):
            act(window, action)
            settle(window)
        assert not page(window).controller.live.reading, f"{action}: its echo was read again"
        assert len(readers) == 1, action
        assert threading.main_thread() not in readers


def act(window: CounterWindow, action: str) -> None:
    if action == "ticker":
        panel = page(window).supervisor
        assert panel is not None
        panel.ticker.setText("Loket 4 tutup")
        panel.set_ticker.click()
    else:
        page(window).action_panel.buttons[action].click()
