"""Counter windows over the small test office, with fast notifier timings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.desk_page import DeskPage
from counter_app.window import CounterWindow
from db.services import officers
from db.store import engine
from db.store.engine import Database
from db.store.models import Event, Ticket
from qtshared.changes import ChangeNotifier

PIN = "1234"
# The offscreen platform cannot pass size hints to a window manager and says so whenever a window
# or dialog is shown; that is the test platform talking, not the app.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
MakeWindow = Callable[..., CounterWindow]
# For tests of the screen alone: the backends are covered by the tests of the actions.
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def office(db: Database) -> Database:
    """The small office with a supervisor (kepala) and two officers (budi, siti), PIN 1234."""
    for login, name, role in (
        ("kepala", "Hendra Wijaya", "supervisor"),
        ("budi", "Budi Santoso", "officer"),
        ("siti", "Siti Rahmawati", "officer"),
    ):
        officers.add_officer(db, login, name, role)
        officers.set_pin(db, login, PIN)
    return db


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[MakeWindow]:
    made: list[CounterWindow] = []

    def make(db: Database, counter: int | None = 1) -> CounterWindow:
        retry_ms = (10, 20, 40)
        notifier = ChangeNotifier(
            db, poll_interval_ms=20, safety_refresh_ms=600_000, retry_ms=retry_ms
        )
        window = CounterWindow(db, counter=counter, notifier=notifier, retry_ms=retry_ms)
        notifier.setParent(window)
        qtbot.addWidget(window)
        window.start()
        made.append(window)
        return window

    yield make
    for window in made:
        window.stop()


def sign_in(window: CounterWindow, login: str, pin: str = PIN) -> None:
    """Sign in and, at a counter, wait for the desk's first snapshot."""
    window.signin.login.setText(login)
    window.signin.pin.setText(pin)
    window.signin.submit.click()
    settle(window)


def refresh(window: CounterWindow | DeskPage) -> None:
    """Read the desk's snapshot now (as a notification would) and wait for it."""
    assert window.controller is not None
    window.controller.refresh()
    settle(window)


def settle(window: CounterWindow | DeskPage) -> None:
    """Wait until the desk shows what it last asked to read (reads run off the GUI thread)."""
    if window.controller is not None:
        assert window.controller.live.settle(), "the desk's snapshot was not read in time"


def events_of(db: Database, code: str) -> list[str]:
    with engine.read(db) as session:
        query = (
            select(Event.kind)
            .join(Ticket, Ticket.id == Event.ticket_id)
            .where(Ticket.code == code)
            .order_by(Event.id)
        )
        return list(session.scalars(query))
