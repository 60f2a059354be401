"""The display announces only calls a counter really made, whatever the notifications say.

Any role can NOTIFY the channel or insert an event row; the display must treat both as hints
and take the call from the tickets table. Each forgery below is checked to have reached the
display (it re-read its snapshot) and to have announced nothing.
"""

from __future__ import annotations

import json

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select, text

from db.ops import notify
from db.rules.clock import utcnow
from db.services.calls import call_next, recall
from db.services.tickets import issue_ticket
from db.store.engine import Database, write
from db.store.events import CHANNEL_PREFIX
from db.store.models import Counter, Event, Ticket
from display_board.speech import Call
from tests.unit.display_board.conftest import MakeDisplay, start

QUIET_MS = 400  # how long to listen for an announcement that must not come


def forged_payload(kind: str = "called", ticket: str = "A001", counter: int = 1) -> str:
    return json.dumps(
        {"id": 999_999, "kind": kind, "ticket": ticket, "counter": counter, "service": "A"}
    )


def forge_notify(db: Database, payload: str) -> None:
    with write(db) as session:
        session.execute(
            text("SELECT pg_notify(:prefix || current_schema(), :payload)"),
            {"prefix": CHANNEL_PREFIX, "payload": payload},
        )


def forge_event_row(db: Database, code: str = "A001", counter: int = 1) -> None:
    """An event row saying ticket `code` was called to `counter`, with its notification."""
    with write(db) as session:
        ticket_id = session.scalar(select(Ticket.id).where(Ticket.code == code))
        counter_id = session.scalar(select(Counter.id).where(Counter.number == counter))
        session.execute(
            insert(Event).values(
                at=utcnow(), kind="called", ticket_id=ticket_id, counter_id=counter_id, details={}
            )
        )
    if db.dialect == "postgresql":
        forge_notify(db, forged_payload(ticket=code, counter=counter))


def check_nothing_announced(qtbot: QtBot, display: object, forge: object) -> None:
    """`forge()` makes the display re-read its snapshot, and announce nothing."""
    model = display.model  # type: ignore[attr-defined]
    with (
        qtbot.assertNotEmitted(model.called, wait=QUIET_MS),
        qtbot.waitSignal(model.snapshot_changed, timeout=5000),
    ):
        forge()  # type: ignore[operator]


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_a_forged_notify_of_a_waiting_ticket_announces_nothing(
    qtbot: QtBot, make_display: MakeDisplay, db: Database
) -> None:
    issue_ticket(db, "A")
    display = make_display(db)
    start(qtbot, display)
    check_nothing_announced(qtbot, display, lambda: forge_notify(db, forged_payload()))
    assert display.view.board.value("counters", "1") != "A001"


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_a_forged_recall_of_a_real_call_is_not_announced_again(
    qtbot: QtBot, make_display: MakeDisplay, db: Database
) -> None:
    issue_ticket(db, "A")
    display = make_display(db)
    start(qtbot, display)
    with qtbot.waitSignal(display.model.called):
        call_next(db, 1)
    forged = forged_payload(kind="recalled")
    check_nothing_announced(qtbot, display, lambda: forge_notify(db, forged))


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_an_unreadable_notify_payload_is_only_a_hint(
    qtbot: QtBot, make_display: MakeDisplay, db: Database
) -> None:
    display = make_display(db)
    start(qtbot, display)
    for payload in ("not json", "[1, 2]", '{"kind": "called"}', '{"id": "x", "kind": 1}'):
        check_nothing_announced(qtbot, display, lambda p=payload: forge_notify(db, p))
    assert display.model.connected


def test_a_forged_event_row_announces_nothing(
    qtbot: QtBot, make_display: MakeDisplay, db: Database
) -> None:
    issue_ticket(db, "A")
    display = make_display(db)
    start(qtbot, display)
    check_nothing_announced(qtbot, display, lambda: forge_event_row(db))


def test_a_real_call_is_announced_once_and_a_recall_again(
    qtbot: QtBot, make_display: MakeDisplay, db: Database
) -> None:
    issue_ticket(db, "A")
    display = make_display(db)
    start(qtbot, display)
    heard: list[Call] = []
    display.model.called.connect(heard.append)
    with qtbot.waitSignal(display.model.called):
        call_next(db, 1)
    check_nothing_announced(qtbot, display, lambda: issue_ticket(db, "B"))  # any other change
    with qtbot.waitSignal(display.model.called):
        recall(db, 1)
    assert heard == [Call("A001", 1), Call("A001", 1)]


def test_calls_made_before_the_display_started_are_not_announced(
    qtbot: QtBot, make_display: MakeDisplay, db: Database
) -> None:
    issue_ticket(db, "A")
    call_next(db, 1)
    display = make_display(db)
    start(qtbot, display)
    check_nothing_announced(qtbot, display, lambda: issue_ticket(db, "B"))
    assert display.view.board.value("counters", "1") == "A001"


@pytest.mark.parametrize(
    "payload", ["", "null", "{}", '{"id": 1}', '{"id": 1, "kind": "x", "counter": "1"}']
)
def test_the_listener_reads_any_payload_without_raising(payload: str) -> None:
    change = notify._parse(payload)
    assert change.counter is None
    assert change.kind in (notify.UNKNOWN_KIND, "x")
