"""LiveSnapshot: reads off the GUI thread, coalesces bursts, goes offline, retries, comes back."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from db.errors import DatabaseUnavailable
from db.ops.notify import Change
from db.services.tickets import issue_ticket
from db.store.engine import Database
from db.views import queries
from qtshared.changes import ChangeNotifier
from qtshared.live import ECHOES_KEPT, LiveSnapshot

MakeLive = Callable[..., LiveSnapshot[object]]


class Reads:
    """A read function that counts its calls, notes their threads and can fail or be held."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.failing: str | None = None
        self.gate = threading.Event()
        self.gate.set()
        self.started = threading.Event()

    def __call__(self, db: Database) -> int:
        self.threads.append(threading.current_thread())
        self.started.set()
        self.gate.wait(10)
        if self.failing:
            raise DatabaseUnavailable(self.failing)
        return len(self.threads)

    @property
    def count(self) -> int:
        return len(self.threads)


@pytest.fixture
def make_live(qtbot: QtBot) -> Iterator[MakeLive]:
    made: list[LiveSnapshot[object]] = []
    notifiers: list[ChangeNotifier] = []

    def make(
        db: Database, read: Callable[[Database], object], notifier: ChangeNotifier | None = None
    ) -> LiveSnapshot[object]:
        made.append(LiveSnapshot(db, read, notifier, retry_ms=(10, 20)))
        notifiers.extend([notifier] if notifier else [])
        return made[-1]

    yield make
    for live in made:
        live.stop()
    for notifier in notifiers:
        notifier.stop()


def test_reads_run_on_a_worker_thread_and_arrive_in_the_gui_thread(
    db: Database, qtbot: QtBot, make_live: MakeLive
) -> None:
    arrived: list[threading.Thread] = []
    live = make_live(db, lambda db: (threading.current_thread(), queries.office_info(db)))
    live.changed.connect(lambda _: arrived.append(threading.current_thread()))
    with qtbot.waitSignal(live.changed) as blocker:
        live.refresh()
    reader, office = blocker.args[0]
    assert reader is not threading.main_thread()
    assert office.name == "Kantor Uji"
    assert arrived == [threading.main_thread()]


def test_a_burst_of_refreshes_during_a_read_makes_exactly_one_more_read(
    db: Database, qtbot: QtBot, make_live: MakeLive
) -> None:
    reads = Reads()
    reads.gate.clear()
    live = make_live(db, reads)
    seen: list[object] = []
    live.changed.connect(seen.append)
    live.refresh()
    assert reads.started.wait(10)
    for _ in range(5):
        live.refresh()
    reads.gate.set()
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert reads.count == 2
    assert seen == [1, 2]
    assert threading.main_thread() not in reads.threads


def test_goes_offline_keeps_the_last_snapshot_and_comes_back_by_itself(
    db: Database, qtbot: QtBot, make_live: MakeLive
) -> None:
    reads = Reads()
    live = make_live(db, reads)
    with qtbot.waitSignal(live.changed):
        live.refresh()
    reads.failing = "the server is gone"
    with qtbot.waitSignal(live.offline) as lost:
        live.refresh()
    assert lost.args == ["the server is gone"]
    assert not live.is_online
    assert live.snapshot == 1
    with qtbot.waitSignals([live.online, live.changed], order="strict"):
        reads.failing = None  # the retry timer reads again without being asked
    assert live.is_online
    assert live.snapshot == reads.count


def test_an_outage_is_reported_once_however_many_retries_fail(
    db: Database, qtbot: QtBot, make_live: MakeLive
) -> None:
    reads = Reads()
    reads.failing = "down"
    live = make_live(db, reads)
    offline: list[str] = []
    live.offline.connect(offline.append)
    live.refresh()
    qtbot.waitUntil(lambda: reads.count >= 4)
    assert offline == ["down"]


def test_a_change_in_the_database_is_read_once_and_its_echo_is_not(
    db: Database, qtbot: QtBot, make_live: MakeLive
) -> None:
    reads = Reads()
    notifier = ChangeNotifier(db, poll_interval_ms=20, safety_refresh_ms=600_000)
    live = make_live(db, reads, notifier=notifier)
    notifier.start()
    with qtbot.waitSignal(live.changed):
        live.refresh()
    mine = issue_ticket(db, "A").ticket.code
    live.expect_echo(lambda change: change.ticket == mine)
    with qtbot.waitSignal(notifier.changed):
        pass  # the echo alone: nothing new to read
    assert not live.reading
    assert reads.count == 1
    issue_ticket(db, "B")
    with qtbot.waitSignal(live.changed):
        pass
    assert reads.count == 2


def test_a_lost_link_waits_for_the_notifier_and_reads_when_it_is_back(
    db: Database, qtbot: QtBot, make_live: MakeLive
) -> None:
    reads = Reads()
    notifier = ChangeNotifier(db, poll_interval_ms=20, safety_refresh_ms=600_000)
    live = make_live(db, reads, notifier=notifier)
    with qtbot.waitSignal(live.offline) as lost:
        notifier.connection_lost.emit("link down")
    assert lost.args == ["link down"]
    with qtbot.waitSignals([live.online, live.changed]):
        notifier.connection_restored.emit()
    assert reads.count == 1


def test_a_bug_in_the_read_function_is_raised_in_the_gui_thread(
    db: Database, qtbot: QtBot, make_live: MakeLive
) -> None:
    def broken(db: Database) -> object:
        raise KeyError("bug")

    live = make_live(db, broken)
    with qtbot.captureExceptions() as raised:
        live.refresh()
        qtbot.waitUntil(lambda: bool(raised))
    [(kind, _, _)] = raised
    assert kind is KeyError


def test_an_echo_that_never_came_stops_hiding_changes_after_a_few_actions(
    db: Database, qtbot: QtBot, make_live: MakeLive
) -> None:
    reads = Reads()
    notifier = ChangeNotifier(db)
    live = make_live(db, reads, notifier=notifier)
    live.expect_echo(lambda change: change.kind == "lost")  # its notification never arrives
    for _ in range(ECHOES_KEPT):
        live.expect_echo(lambda change: change.kind == "mine")
    with qtbot.waitSignal(live.changed):
        notifier.changed.emit([Change(1, "lost")])
    assert reads.count == 1
    notifier.changed.emit([Change(2, "mine")])
    assert not live.reading
