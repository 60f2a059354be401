"""The display follows the database: calls from anywhere, filters, outages and recovery."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from db.errors import DatabaseUnavailable
from db.ops import notify
from db.services.calls import call_next, finish, recall
from db.services.tickets import issue_ticket
from db.store.engine import Database, open_database
from display_board import model
from display_board.config import DisplayConfig
from display_board.speech import Call
from tests.unit.display_board.conftest import FakePlayer, MakeDisplay, start

REPO_ROOT = Path(__file__).resolve().parents[3]
CALL_IN_CHILD = """
import sys
from db.store.engine import open_database
from db.services.calls import call_next
db = open_database(sys.argv[1])
print(call_next(db, 2).code)
db.dispose()
"""


def newest(display_snapshot: object) -> str | None:
    calls = display_snapshot.recent_calls  # type: ignore[attr-defined]
    return calls[0].code if calls else None


def test_a_call_made_by_another_connection_appears_and_is_announced(
    qtbot: QtBot, make_display: MakeDisplay, db: Database
) -> None:
    display = make_display(db)
    start(qtbot, display)
    issue_ticket(db, "A")
    with qtbot.waitSignal(display.model.called) as blocker:
        call_next(db, 1)
    assert blocker.args == [Call("A001", 1)]
    assert newest(display.model.snapshot) == "A001"
    assert display.view.current.code.text() == "A001"
    assert display.view.current.flashing
    assert display.view.board.value("counters", "1") == "A001"
    player = display.announcer._player
    assert isinstance(player, FakePlayer)
    qtbot.waitUntil(lambda: "id/satu" in player.names())


def test_a_call_made_by_another_process_appears(
    qtbot: QtBot, make_display: MakeDisplay, db: Database, db_url: str
) -> None:
    display = make_display(db)
    start(qtbot, display)
    issue_ticket(db, "B")
    with qtbot.waitSignal(display.model.called, timeout=15_000) as blocker:
        child = subprocess.run(
            [sys.executable, "-c", CALL_IN_CHILD, db_url],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    assert child.stdout.strip() == "B001"
    assert blocker.args == [Call("B001", 2)]
    assert newest(display.model.snapshot) == "B001"


def test_a_recall_is_announced_again(qtbot: QtBot, make_display: MakeDisplay, db: Database) -> None:
    display = make_display(db)
    start(qtbot, display)
    issue_ticket(db, "A")
    with qtbot.waitSignal(display.model.called):
        call_next(db, 1)
    with qtbot.waitSignal(display.model.called) as blocker:
        recall(db, 1)
    assert blocker.args == [Call("A001", 1)]


def test_the_counter_filter_keeps_other_counters_off_this_display(
    qtbot: QtBot, make_display: MakeDisplay, db: Database
) -> None:
    display = make_display(db, DisplayConfig(counters=frozenset({1, 2})))
    start(qtbot, display)
    assert [item.key for item in display.view.board.items("counters")] == ["1", "2"]
    issue_ticket(db, "E")
    issue_ticket(db, "A")
    with qtbot.assertNotEmitted(display.model.called, wait=300):
        call_next(db, 3)  # counter 3 serves E: another waiting room
    with qtbot.waitSignal(display.model.called) as blocker:
        call_next(db, 1)
    assert blocker.args == [Call("A001", 1)]
    assert [c.code for c in display.model.snapshot.recent_calls] == ["A001"]  # type: ignore[union-attr]


def test_the_service_filter_announces_only_those_services(
    qtbot: QtBot, make_display: MakeDisplay, db: Database
) -> None:
    display = make_display(db, DisplayConfig(services=frozenset({"B"})))
    start(qtbot, display)
    issue_ticket(db, "A")
    issue_ticket(db, "B")
    with qtbot.assertNotEmitted(display.model.called, wait=300):
        call_next(db, 1)  # A001 comes first
    finish(db, 1)
    with qtbot.waitSignal(display.model.called) as blocker:
        call_next(db, 1)
    assert blocker.args == [Call("B001", 1)]
    assert [s.code for s in display.model.snapshot.services] == ["B"]  # type: ignore[union-attr]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_lost_database_shows_reconnecting_keeps_the_screen_and_recovers(
    qtbot: QtBot, make_display: MakeDisplay, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    display = make_display(db)
    issue_ticket(db, "A")
    call_next(db, 1)
    start(qtbot, display)
    assert display.view.current.code.text() == "A001"
    real_listen = notify.listen
    outage = {"on": True}

    class Broken(notify.ChangeListener):
        def fileno(self) -> int | None:
            return None

        def poll(self) -> list[notify.Change]:
            raise DatabaseUnavailable("lost the database test: connection reset")

        def close(self) -> None:
            pass

    def flaky_listen(database: Database) -> notify.ChangeListener:
        if outage["on"]:
            raise DatabaseUnavailable("cannot watch the database test: refused")
        return real_listen(database)

    running = display.notifier._listener
    assert running is not None
    running.close()
    display.notifier._listener = Broken()  # the link dies under the running display
    monkeypatch.setattr(notify, "listen", flaky_listen)
    with qtbot.waitSignal(display.model.connection_changed) as lost:
        pass
    assert lost.args == [False]
    assert not display.view.marker.isHidden()
    assert display.view.current.code.text() == "A001"  # the last state stays on screen
    finish(db, 1)
    issue_ticket(db, "B")
    with qtbot.waitSignal(display.model.connection_changed) as back:
        outage["on"] = False
    assert back.args == [True]
    assert display.view.marker.isHidden()
    with qtbot.waitSignal(display.model.called):
        call_next(db, 2)
    assert newest(display.model.snapshot) == "B001"


def test_an_unreachable_database_at_start_shows_reconnecting(
    qtbot: QtBot, make_display: MakeDisplay
) -> None:
    unreachable = open_database("postgresql://postgres@127.0.0.1:1/test")
    try:
        display = make_display(unreachable)
        with qtbot.waitSignal(display.model.connection_changed) as lost:
            display.start()  # must not raise
        assert lost.args == [False]
        assert display.model.snapshot is None
        assert not display.view.marker.isHidden()
        assert display.view.office.text() == "Menghubungkan ke server…"
    finally:
        unreachable.dispose()


def test_the_safety_refresh_rereads_without_notifications(
    qtbot: QtBot, make_display: MakeDisplay, db: Database
) -> None:
    display = make_display(db, safety_refresh_ms=50)
    start(qtbot, display)
    with qtbot.waitSignal(display.model.snapshot_changed):
        pass
    display.stop()  # before the database goes: it re-reads every 50 ms


def test_the_display_reads_its_snapshot_off_the_gui_thread(
    qtbot: QtBot, make_display: MakeDisplay, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    readers: list[threading.Thread] = []
    read = model.display_snapshot

    def spy(*args: Any, **kwargs: Any) -> object:
        readers.append(threading.current_thread())
        return read(*args, **kwargs)

    monkeypatch.setattr(model, "display_snapshot", spy)
    display = make_display(db)
    start(qtbot, display)
    issue_ticket(db, "A")
    with qtbot.waitSignal(display.model.called):
        call_next(db, 1)
    assert len(readers) >= 2
    assert threading.main_thread() not in readers
