"""ChangeNotifier: database changes become Qt signals; outages are reported and recovered from."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from db.errors import DatabaseUnavailable
from db.ops import notify
from db.services.calls import call_next
from db.services.tickets import issue_ticket
from db.store.engine import Database, open_database
from db.store.events import CHANNEL_PREFIX
from qtshared import changes
from qtshared.changes import ChangeNotifier

REPO_ROOT = Path(__file__).resolve().parents[3]
UNREACHABLE_PG = "postgresql://postgres@127.0.0.1:1/test"
ISSUE_IN_CHILD = """
import sys
from db.store.engine import open_database
from db.services.tickets import issue_ticket
db = open_database(sys.argv[1])
print(issue_ticket(db, "B").ticket.code)
db.dispose()
"""

MakeNotifier = Callable[..., ChangeNotifier]


@pytest.fixture
def make_notifier(qtbot: QtBot) -> Iterator[MakeNotifier]:
    """Notifiers with short test timings, all stopped at teardown even when a test fails."""
    made: list[ChangeNotifier] = []

    def make(db: Database, *, safety_refresh_ms: int = 600_000) -> ChangeNotifier:
        made.append(
            ChangeNotifier(
                db, poll_interval_ms=20, safety_refresh_ms=safety_refresh_ms, retry_ms=(10, 20, 40)
            )
        )
        return made[-1]

    yield make
    for notifier in made:
        notifier.stop()


@pytest.fixture
def notifier(make_notifier: MakeNotifier, db: Database) -> ChangeNotifier:
    return make_notifier(db)


def issued(code: str) -> Callable[[list[notify.Change]], bool]:
    """A waitSignal check: the batch holds the issue of ticket `code`."""

    def check(batch: list[notify.Change]) -> bool:
        return any(c.kind == "issued" and c.ticket == code for c in batch)

    return check


class FailingListener(notify.ChangeListener):
    """A listener whose link is gone: every poll raises."""

    def __init__(self) -> None:
        self.closed = False

    def fileno(self) -> int | None:
        return None

    def poll(self) -> list[notify.Change]:
        raise DatabaseUnavailable("lost the database test: connection reset")

    def close(self) -> None:
        self.closed = True


def test_reports_a_ticket_issued_after_start(
    qtbot: QtBot, notifier: ChangeNotifier, db: Database
) -> None:
    notifier.start()
    with qtbot.waitSignal(notifier.changed, check_params_cb=issued("A001")) as blocker:
        issue_ticket(db, "A")
    assert [c.service for c in blocker.args[0] if c.kind == "issued"] == ["A"]


def test_reports_a_call_after_the_issue(
    qtbot: QtBot, notifier: ChangeNotifier, db: Database
) -> None:
    notifier.start()
    issue_ticket(db, "A")

    def called(batch: list[notify.Change]) -> bool:
        return any(c.kind == "called" and c.counter == 1 for c in batch)

    with qtbot.waitSignal(notifier.changed, check_params_cb=called):
        call_next(db, 1)


def test_reports_a_change_made_by_another_process(
    qtbot: QtBot, notifier: ChangeNotifier, db: Database, db_url: str
) -> None:
    notifier.start()
    with qtbot.waitSignal(notifier.changed, check_params_cb=issued("B001"), timeout=15_000):
        child = subprocess.run(
            [sys.executable, "-c", ISSUE_IN_CHILD, db_url],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    assert child.stdout.strip() == "B001"


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
@pytest.mark.postgres
def test_postgres_changes_arrive_through_the_socket(
    qtbot: QtBot, make_notifier: MakeNotifier, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(changes, "DEAD_CHECK_MS", 600_000)  # so that only the socket can deliver
    notifier = make_notifier(db)
    notifier.start()
    with qtbot.waitSignal(notifier.changed, check_params_cb=issued("A001")):
        issue_ticket(db, "A")


def test_safety_net_asks_for_a_refresh_with_an_empty_batch(
    qtbot: QtBot, make_notifier: MakeNotifier, db: Database
) -> None:
    notifier = make_notifier(db, safety_refresh_ms=50)
    notifier.start()
    with qtbot.waitSignal(notifier.changed, check_params_cb=lambda batch: batch == []):
        pass


def test_a_lost_link_is_reported_once_then_restored(
    qtbot: QtBot, notifier: ChangeNotifier, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_listen = notify.listen
    failing = FailingListener()
    attempts: list[Database] = []

    def flaky_listen(database: Database) -> notify.ChangeListener:
        attempts.append(database)
        if len(attempts) == 1:
            return failing
        if len(attempts) <= 3:
            raise DatabaseUnavailable("cannot watch the database test: refused")
        return real_listen(database)

    monkeypatch.setattr(notify, "listen", flaky_listen)
    lost: list[str] = []
    notifier.connection_lost.connect(lost.append)
    signals = [notifier.connection_lost, notifier.connection_restored]
    with qtbot.waitSignals(signals, order="strict"):
        notifier.start()
    assert lost == ["lost the database test: connection reset"]
    assert failing.closed
    assert len(attempts) == 4
    with qtbot.waitSignal(notifier.changed, check_params_cb=issued("A001")):
        issue_ticket(db, "A")


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
@pytest.mark.postgres
def test_postgres_recovers_when_the_server_drops_the_listener(
    qtbot: QtBot, notifier: ChangeNotifier, db: Database
) -> None:
    notifier.start()
    signals = [notifier.connection_lost, notifier.connection_restored]
    with qtbot.waitSignals(signals, order="strict"), db.engine.begin() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        listen_sql = f'LISTEN "{CHANNEL_PREFIX + schema}"'
        stmt = text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = :q")
        assert conn.execute(stmt, {"q": listen_sql}).scalars().all() == [True]
    with qtbot.waitSignal(notifier.changed, check_params_cb=issued("A001")):
        issue_ticket(db, "A")


@pytest.fixture
def unreachable_db() -> Iterator[Database]:
    db = open_database(UNREACHABLE_PG)
    yield db
    db.dispose()


@pytest.fixture
def listen_calls(monkeypatch: pytest.MonkeyPatch) -> list[Database]:
    """Records every call of `db.ops.notify.listen` (which still does its job)."""
    real_listen = notify.listen
    calls: list[Database] = []

    def counting_listen(database: Database) -> notify.ChangeListener:
        calls.append(database)
        return real_listen(database)

    monkeypatch.setattr(notify, "listen", counting_listen)
    return calls


def test_an_unreachable_database_at_start_is_reported_and_retried(
    qtbot: QtBot,
    make_notifier: MakeNotifier,
    unreachable_db: Database,
    listen_calls: list[Database],
) -> None:
    notifier = make_notifier(unreachable_db)
    lost: list[str] = []
    notifier.connection_lost.connect(lost.append)
    with qtbot.waitSignal(notifier.connection_lost) as blocker:
        notifier.start()  # must not raise
    assert "cannot watch the database" in blocker.args[0]
    qtbot.waitUntil(lambda: len(listen_calls) >= 5)  # past the last delay, and still retrying
    assert len(lost) == 1


def test_stop_twice_is_safe_and_silences_the_notifier(
    qtbot: QtBot, notifier: ChangeNotifier, db: Database
) -> None:
    notifier.start()
    notifier.stop()
    notifier.stop()
    with qtbot.assertNotEmitted(notifier.changed, wait=200):
        issue_ticket(db, "A")


def test_stop_while_retrying_stops_the_retries(
    qtbot: QtBot,
    make_notifier: MakeNotifier,
    unreachable_db: Database,
    listen_calls: list[Database],
) -> None:
    notifier = make_notifier(unreachable_db)
    with qtbot.waitSignal(notifier.connection_lost):
        notifier.start()
    notifier.stop()
    notifier.stop()
    attempts = len(listen_calls)
    with qtbot.assertNotEmitted(notifier.connection_lost, wait=150):
        pass
    assert len(listen_calls) == attempts


def test_a_notifier_stopped_before_it_started_still_starts_and_reports_changes(
    qtbot: QtBot, notifier: ChangeNotifier, db: Database
) -> None:
    notifier.stop()
    notifier.start()
    with qtbot.waitSignal(notifier.changed, check_params_cb=issued("A001")):
        issue_ticket(db, "A")


def test_restart_after_stop_reports_new_changes(
    qtbot: QtBot, notifier: ChangeNotifier, db: Database
) -> None:
    notifier.start()
    notifier.stop()
    notifier.start()
    with qtbot.waitSignal(notifier.changed, check_params_cb=issued("A001")):
        issue_ticket(db, "A")


def test_needs_at_least_one_retry_delay(qtbot: QtBot, db: Database) -> None:
    with pytest.raises(ValueError, match="retry_ms"):
        ChangeNotifier(db, retry_ms=())
