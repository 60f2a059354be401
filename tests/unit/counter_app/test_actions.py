"""Each action changes the ticket and the event log; conflicts are one line and a fresh view."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter_app.desk import Desk
from counter_app.desk_page import DeskPage
from counter_app.dialogs import ConfirmDialog, TicketCodeDialog, TransferDialog
from counter_app.window import CounterWindow
from db.errors import CounterBusy, NobodyWaiting
from db.services import counters, officers
from db.services.calls import call_next
from db.services.tickets import issue_ticket
from db.store.engine import Database, open_database
from tests.unit.counter_app.conftest import (
    OFFSCREEN_NOISE,
    SQLITE_ONLY,
    MakeWindow,
    events_of,
    refresh,
    settle,
    sign_in,
)

pytestmark = OFFSCREEN_NOISE


def desk_of(window: CounterWindow) -> DeskPage:
    assert window.page is not None
    return window.page


def press(window: CounterWindow, key: str) -> None:
    desk_of(window).action_panel.buttons[key].click()
    settle(window)


def enabled(window: CounterWindow) -> set[str]:
    buttons = desk_of(window).action_panel.buttons
    return {key for key, button in buttons.items() if button.isEnabled()}


def shown_code(window: CounterWindow) -> str:
    return desk_of(window).ticket_card.number.text()


@pytest.fixture
def budi(office: Database, make_window: MakeWindow) -> CounterWindow:
    window = make_window(office)
    sign_in(window, "budi")
    return window


def test_call_serve_finish_with_buttons_enabled_only_when_they_make_sense(
    office: Database, budi: CounterWindow
) -> None:
    assert enabled(budi) == {"call_specific", "pause"}  # nobody waiting: no Call next
    issue_ticket(office, "A", priority="lansia")
    refresh(budi)
    assert enabled(budi) == {"call_next", "call_specific", "pause"}
    press(budi, "call_next")
    assert shown_code(budi) == "A001"
    assert desk_of(budi).ticket_card.priority.text() == "Senior"
    assert enabled(budi) == {"recall", "start", "finish", "no_show", "transfer"}
    press(budi, "recall")
    assert desk_of(budi).ticket_card.status.text() == "Called · recalled 1×"
    press(budi, "start")
    assert enabled(budi) == {"finish", "transfer"}
    assert desk_of(budi).ticket_card.timer_caption.text() == "Serving for"
    press(budi, "finish")
    assert shown_code(budi) == "No ticket"
    assert events_of(office, "A001") == [
        "issued",
        "called",
        "recalled",
        "serving_started",
        "finished",
    ]
    assert desk_of(budi).figures.values["served"].text() == "1"


def test_no_show_then_requeue_through_the_dialog(
    office: Database, budi: CounterWindow, qtbot: QtBot
) -> None:
    issue_ticket(office, "A")
    refresh(budi)
    press(budi, "call_next")
    press(budi, "no_show")
    confirm = desk_of(budi).dialog
    assert isinstance(confirm, ConfirmDialog)
    qtbot.keyClick(confirm, Qt.Key.Key_Return)
    settle(budi)
    assert desk_of(budi).message.text() == "A001 marked as no-show."
    assert "requeue" in enabled(budi)
    press(budi, "requeue")
    dialog = desk_of(budi).dialog
    assert isinstance(dialog, TicketCodeDialog)
    assert dialog.value() == "A001"  # the latest no-show is offered first
    dialog.accept()
    settle(budi)
    assert desk_of(budi).waiting.codes() == ["A001"]
    assert events_of(office, "A001") == ["issued", "called", "no_show", "requeued"]


@SQLITE_ONLY
def test_call_a_specific_number(office: Database, budi: CounterWindow) -> None:
    for _ in range(3):
        issue_ticket(office, "B")
    refresh(budi)
    press(budi, "call_specific")
    dialog = desk_of(budi).dialog
    assert isinstance(dialog, TicketCodeDialog)
    dialog.code.setEditText("b003")
    dialog.accept()
    settle(budi)
    assert shown_code(budi) == "B003"
    assert desk_of(budi).waiting.codes() == ["B001", "B002"]


@SQLITE_ONLY
@pytest.mark.parametrize("keep_place", [True, False])
def test_transfer_to_another_service(
    office: Database, budi: CounterWindow, keep_place: bool
) -> None:
    issue_ticket(office, "A")
    issue_ticket(office, "E")
    refresh(budi)
    press(budi, "call_next")
    press(budi, "transfer")
    dialog = desk_of(budi).dialog
    assert isinstance(dialog, TransferDialog)
    assert [dialog.service.itemData(i) for i in range(dialog.service.count())] == ["B", "E"]
    dialog.select("E", keep_place=keep_place)
    dialog.accept()
    settle(budi)
    assert shown_code(budi) == "No ticket"
    assert desk_of(budi).message.text() == (
        "A001 transferred to E, keeping its place."
        if keep_place
        else "A001 transferred to E, at the end of the line."
    )
    assert events_of(office, "A001") == ["issued", "called", "transferred"]


@SQLITE_ONLY
def test_pause_and_resume(office: Database, budi: CounterWindow) -> None:
    press(budi, "pause")
    button = desk_of(budi).action_panel.buttons["pause"]
    assert button.caption.text() == "Resume"
    assert enabled(budi) == {"pause"}
    assert shown_code(budi) == "Counter paused"
    press(budi, "pause")
    assert button.caption.text() == "Pause"
    assert counters.list_counters(office)[0].state == "open"


def test_another_counter_first_gives_one_line_and_a_fresh_view(
    office: Database, budi: CounterWindow, db_url: str
) -> None:
    issue_ticket(office, "A")
    refresh(budi)
    other = open_database(db_url)
    try:
        call_next(other, 2)  # another counter, another connection, before our click
    finally:
        other.dispose()
    press(budi, "call_next")
    assert desk_of(budi).message.text() == "Nobody is waiting for counter 1"
    assert desk_of(budi).message.property("level") == "error"
    assert desk_of(budi).waiting.codes() == []
    assert "call_next" not in enabled(budi)


def test_sign_out_is_refused_with_a_ticket_in_hand(office: Database, budi: CounterWindow) -> None:
    issue_ticket(office, "A")
    refresh(budi)
    press(budi, "call_next")
    assert not budi.sign_out()
    assert budi.page is not None
    assert desk_of(budi).message.text().startswith("Counter 1 still has A001")


@SQLITE_ONLY
def test_shortcuts_trigger_the_actions(qtbot: QtBot, office: Database, budi: CounterWindow) -> None:
    issue_ticket(office, "A")
    refresh(budi)
    budi.show()
    budi.activateWindow()
    qtbot.waitUntil(budi.isActiveWindow)
    # A button's shortcut "animates" a click: it lands about 100 ms later.
    qtbot.keyClick(budi, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: shown_code(budi) == "A001")
    qtbot.keyClick(budi, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: desk_of(budi).ticket_card.status.text() == "Serving")
    qtbot.keyClick(budi, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: shown_code(budi) == "No ticket")
    assert events_of(office, "A001") == ["issued", "called", "serving_started", "finished"]
    assert not desk_of(budi).action_panel.buttons["call_next"].isEnabled()


def test_two_windows_on_two_connections_never_share_a_ticket(
    office: Database, make_window: MakeWindow, db_url: str
) -> None:
    second = open_database(db_url)
    two = make_window(second, 2)
    try:
        one = make_window(office, 1)
        sign_in(one, "budi")
        sign_in(two, "siti")
        for _ in range(6):
            issue_ticket(office, "B")
        called: list[str] = []
        for _ in range(3):
            for window in (one, two):
                refresh(window)
                press(window, "call_next")
                called.append(shown_code(window))
                press(window, "call_next")  # a double press calls nothing more
                press(window, "finish")
        assert sorted(called) == [f"B00{n}" for n in range(1, 7)]
    finally:
        two.notifier.stop()  # no more refreshes through `second` once it is disposed
        two.close()
        second.dispose()


def test_desks_racing_in_threads_never_share_a_ticket(office: Database, db_url: str) -> None:
    for _ in range(20):
        issue_ticket(office, "A" if _ < 5 else "B")
    results: dict[int, list[str]] = {1: [], 2: []}
    start = threading.Barrier(2)

    def work(counter: int, login: str) -> None:
        db = open_database(db_url)
        try:
            desk = Desk(db, officers.authenticate(db, login, "1234"), counter)
            start.wait()
            while True:
                try:
                    results[counter].append(desk.call_next().code)
                except NobodyWaiting:
                    return
                desk.finish()
        finally:
            db.dispose()

    threads = [
        threading.Thread(target=work, args=(n, who)) for n, who in ((1, "budi"), (2, "siti"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    everything = results[1] + results[2]
    assert len(everything) == len(set(everything)) == 20


def test_a_double_call_is_refused_by_the_core_too(office: Database) -> None:
    issue_ticket(office, "A")
    issue_ticket(office, "A")
    desk = Desk(office, officers.authenticate(office, "budi", "1234"), 1)
    desk.call_next()
    with pytest.raises(CounterBusy):
        desk.call_next()


@SQLITE_ONLY
def test_no_show_asks_first_and_escape_leaves_the_ticket_called(
    office: Database, budi: CounterWindow, qtbot: QtBot
) -> None:
    issue_ticket(office, "A")
    refresh(budi)
    press(budi, "call_next")
    press(budi, "no_show")
    confirm = desk_of(budi).dialog
    assert isinstance(confirm, ConfirmDialog)
    assert "A001" in confirm.question.text()
    qtbot.keyClick(confirm, Qt.Key.Key_Escape)
    assert desk_of(budi).dialog is None
    assert shown_code(budi) == "A001"
    assert events_of(office, "A001") == ["issued", "called"]


@SQLITE_ONLY
def test_messages_name_the_ticket_and_go_when_the_next_is_called(
    office: Database, budi: CounterWindow
) -> None:
    issue_ticket(office, "A")
    issue_ticket(office, "B")
    refresh(budi)
    press(budi, "call_next")
    press(budi, "recall")
    message = desk_of(budi).message
    assert message.text() == "A001 called again (1×)."
    press(budi, "finish")
    assert message.text() == "A001 finished."
    assert not message.isHidden()
    press(budi, "call_next")
    assert shown_code(budi) == "B001"
    assert message.isHidden()
