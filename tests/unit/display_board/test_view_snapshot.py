"""The wall screen shows a hand-built snapshot as it is: no database, no notifier, no clock."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from db.results import CounterView
from db.rules.hours import Availability, ClosedReason
from db.views.queries import CallRecord
from display_board.config import DisplayConfig
from display_board.speech import Call
from display_board.view import DisplayView
from tests.helpers.snapshots import (
    MORNING,
    SnapshotSource,
    called,
    display_snapshot,
    service,
)

CLOSED = Availability(False, ClosedReason.INACTIVE)
PHOTO_STEP = {"step": 2, "steps": 2, "step_name_id": "Foto", "step_name_en": "Photo"}

BUSY = display_snapshot(
    counters=(
        CounterView(1, "Loket 1", "open", "budi", called("A002", 1)),
        CounterView(2, "Loket 2", "paused", None, None),
        CounterView(3, "Loket 3", "open", "siti", called("B001", 3, **PHOTO_STEP)),
    ),
    recent=(
        CallRecord("B001", 3, MORNING, 0),
        CallRecord("A002", 1, MORNING, 0),
        CallRecord("A001", 2, MORNING, 1),
    ),
    services=(service("A", 3), service("B", 2, availability=CLOSED)),
    office_name="Kantor Imigrasi Uji",
    ticker="Selamat datang",
)


@pytest.fixture
def source() -> SnapshotSource:
    return SnapshotSource()


@pytest.fixture
def view(qtbot: QtBot, source: SnapshotSource) -> DisplayView:
    shown = DisplayView(source, DisplayConfig(languages=("id",)))
    qtbot.addWidget(shown)
    shown.resize(1920, 1080)
    return shown


def test_the_screen_shows_the_office_the_counters_the_calls_and_the_lines_of_a_snapshot(
    view: DisplayView, source: SnapshotSource
) -> None:
    source.show(BUSY)
    assert view.office.text() == "Kantor Imigrasi Uji"
    assert view.ticker.text() == "Selamat datang"
    board = view.board
    assert {i.name: i.value for i in board.items("counters")} == {
        "LOKET 1": "A002",
        "LOKET 2": "ISTIRAHAT",
        "LOKET 3": "B001",
    }
    assert [(i.name, i.value) for i in board.items("recent")] == [("A001", "LOKET 2")]
    assert {i.key: i.value for i in board.items("waiting")} == {"A": "3", "B": "TUTUP · 2"}


def test_the_newest_call_is_featured_with_the_step_its_counter_reports(
    view: DisplayView, source: SnapshotSource
) -> None:
    source.show(BUSY)
    panel = view.current
    assert (panel.code.text(), panel.counter.text()) == ("B001", "LOKET 3")
    assert panel.step.text() == "Langkah 2 dari 2: Foto"


def test_before_any_call_the_screen_says_so_and_a_call_heard_later_is_featured(
    view: DisplayView, source: SnapshotSource
) -> None:
    source.show(display_snapshot(counters=(CounterView(1, "Loket 1", "open", None, None),)))
    assert view.current.code.text() == "—"
    assert view.current.step.text() == "Belum ada panggilan"
    assert view.board.value("counters", "1") == "—"
    source.called.emit(Call("A001", 1))
    assert view.current.code.text() == "A001"
    assert view.current.flashing


def test_the_reconnecting_marker_shows_only_while_the_link_is_down(
    view: DisplayView, source: SnapshotSource
) -> None:
    source.show(BUSY)
    assert not view.marker.isVisibleTo(view)
    source.connection_changed.emit(False)
    assert view.marker.isVisibleTo(view)
    assert view.board.value("counters", "1") == "A002"  # the last snapshot stays up
    source.connection_changed.emit(True)
    assert not view.marker.isVisibleTo(view)
