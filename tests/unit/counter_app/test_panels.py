"""The counter's panels show a hand-built desk snapshot (in English, the source language)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from counter_app.desk import DeskSnapshot
from counter_app.ticket_card import TicketCard
from counter_app.waiting import FiguresRow, WaitingPanel
from db.results import TicketView
from db.rules.clock import utcnow
from tests.helpers.snapshots import MORNING, called, figures, overview, service, ticket

JOURNEY = {"step": 2, "steps": 2, "step_name_id": "Foto & Wawancara", "step_name_en": "Photo"}


def desk(current: TicketView | None = None, *waiting: TicketView, **fields: object) -> DeskSnapshot:
    base = DeskSnapshot(
        counter=overview(1, current),
        waiting=waiting,
        services=(service("A", 2), service("B", 0)),
        all_services=(("A", "Paspor Baru"), ("B", "Penggantian Paspor")),
        no_shows=(),
        figures=figures(),
        supervisor=None,
        read_at=MORNING,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def row_texts(panel: WaitingPanel, row: int) -> list[str]:
    items = (panel.table.item(row, column) for column in range(panel.table.columnCount()))
    return [item.text() if item is not None else "" for item in items]


def chip_texts(panel: WaitingPanel) -> list[str]:
    items = (panel.counts.itemAt(index) for index in range(panel.counts.count()))
    widgets = [item.widget() for item in items if item is not None]
    return [widget.text() for widget in widgets if isinstance(widget, QLabel)]


@pytest.fixture
def card(qtbot: QtBot) -> TicketCard:
    shown = TicketCard()
    qtbot.addWidget(shown)
    return shown


def test_the_card_shows_the_called_ticket_its_priority_its_recalls_and_its_step(
    card: TicketCard,
) -> None:
    current = called("B007", 1, priority="lansia", recall_count=2, **JOURNEY)
    card.show_snapshot(desk(current))
    assert card.ticket == current
    assert card.number.text() == "B007"
    assert card.service.text() == "B · Penggantian Paspor"
    assert card.status.text() == "Called · recalled 2×"
    assert card.priority.isVisibleTo(card)
    assert card.step.text() == "Step 2 of 2: Photo"
    assert not card.appointment.isVisibleTo(card)
    assert card.timer_caption.text() == "Called"


def test_the_card_of_a_paused_counter_says_so_and_of_an_idle_one_says_to_call(
    card: TicketCard,
) -> None:
    card.show_snapshot(desk(counter=overview(1, state="paused")))
    assert card.ticket is None
    assert (card.number.text(), card.status.text()) == ("Counter paused", "Paused")
    card.show_snapshot(desk())
    assert card.number.text() == "No ticket"
    assert card.service.text() == "Press Call next (F2)."
    assert not card.status.isVisibleTo(card)


def test_the_waiting_panel_lists_the_tickets_in_order_with_the_counts_per_service(
    qtbot: QtBot,
) -> None:
    panel = WaitingPanel()
    qtbot.addWidget(panel)
    issued = utcnow() - timedelta(minutes=12, seconds=30)
    line = (ticket("A003", issued_at=issued), ticket("A004", priority="lansia", issued_at=issued))
    panel.show_snapshot(desk(None, *line))
    assert panel.codes() == ["A003", "A004"]
    assert panel.heading.text() == "WAITING · 2"
    assert row_texts(panel, 1) == ["A004", "A · Paspor Baru", "Senior", "12 min"]
    assert chip_texts(panel) == ["<b>A</b>  2", "<b>B</b>  0"]
    panel.show_snapshot(desk())
    assert panel.codes() == []
    assert panel.empty.isVisibleTo(panel)


def test_the_figures_show_the_officers_day(qtbot: QtBot) -> None:
    row = FiguresRow()
    qtbot.addWidget(row)
    row.show_figures(figures(served=14, no_shows=2, median_s=245))
    assert {key: label.text() for key, label in row.values.items()} == {
        "served": "14",
        "median": "4:05",
        "no_shows": "2",
    }
    row.show_figures(figures())
    assert row.values["median"].text() == "–"
