"""The waiting list of the counter's services, counts per service, and the officer's figures."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app import style
from counter_app.desk import DeskSnapshot
from counter_app.format import clock, minutes, priority_label, translate
from db.rules.clock import utcnow
from db.views.officer_stats import OfficerFigures
from qtshared.i18n import QT_TRANSLATE_NOOP

COLUMNS = (
    QT_TRANSLATE_NOOP("Counter", "Ticket"),
    QT_TRANSLATE_NOOP("Counter", "Service"),
    QT_TRANSLATE_NOOP("Counter", "Priority"),
    QT_TRANSLATE_NOOP("Counter", "Waited"),
)


def card(title: str, parent: QWidget | None = None) -> tuple[QWidget, QVBoxLayout]:
    """A white card with a small caption; returns it and the layout to fill."""
    box = QWidget(parent)
    box.setObjectName("card")
    box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(18, 14, 18, 14)
    if title:
        caption = QLabel(title)
        caption.setObjectName("cardTitle")
        layout.addWidget(caption)
    return box, layout


def read_only_table(columns: tuple[str, ...], parent: QWidget | None = None) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels([translate("Counter", column) for column in columns])
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setShowGrid(False)
    table.setAlternatingRowColors(False)
    table.verticalHeader().setDefaultSectionSize(34)
    table.setMinimumHeight(120)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def set_row(table: QTableWidget, row: int, values: list[str]) -> list[QTableWidgetItem]:
    items = [QTableWidgetItem(value) for value in values]
    for column, item in enumerate(items):
        table.setItem(row, column, item)
    return items


class FiguresRow(QWidget):
    """Today's figures for this officer: served, median service time, no-shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.values: dict[str, QLabel] = {}
        for key, caption in (
            ("served", self.tr("SERVED")),
            ("median", self.tr("MEDIAN TIME")),
            ("no_shows", self.tr("NO-SHOW")),
        ):
            column = QVBoxLayout()
            value = QLabel("–")
            value.setObjectName("figure")
            label = QLabel(caption)
            label.setObjectName("figureLabel")
            column.addWidget(value)
            column.addWidget(label)
            layout.addLayout(column)
            layout.addStretch(1)
            self.values[key] = value

    def show_figures(self, figures: OfficerFigures) -> None:
        self.values["served"].setText(str(figures.served))
        median = figures.median_service_seconds
        self.values["median"].setText("–" if median is None else clock(median))
        self.values["no_shows"].setText(str(figures.no_shows))


class WaitingPanel(QWidget):
    """Counts per service on top, then the waiting tickets in arrival order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = QHBoxLayout()
        self.counts.setSpacing(8)
        self.heading = QLabel(self.tr("WAITING"))
        self.heading.setObjectName("cardTitle")
        self.table = read_only_table(COLUMNS, self)
        self.empty = QLabel(self.tr("Nobody is waiting for this counter's services."))
        self.empty.setObjectName("muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(self.counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)

    def show_snapshot(self, snapshot: DeskSnapshot) -> None:
        self._show_counts(snapshot)
        now = utcnow()
        self.table.setRowCount(len(snapshot.waiting))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, ticket in enumerate(snapshot.waiting):
            items = set_row(
                self.table,
                row,
                [
                    ticket.code,
                    f"{ticket.service_code} · {ticket.service_name_id}",
                    priority_label(ticket.priority),
                    minutes((now - ticket.issued_at).total_seconds()),
                ],
            )
            items[0].setFont(bold)
            if ticket.priority:
                items[2].setForeground(QBrush(QColor(style.PRIORITY)))
                items[2].setFont(bold)
        self.heading.setText(self.tr("WAITING · {n}").format(n=len(snapshot.waiting)))
        self.table.setVisible(bool(snapshot.waiting))
        self.empty.setVisible(not snapshot.waiting)

    def codes(self) -> list[str]:
        items = (self.table.item(row, 0) for row in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]

    def _show_counts(self, snapshot: DeskSnapshot) -> None:
        while self.counts.count():
            item = self.counts.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone at once: deleteLater waits for the event loop
                widget.deleteLater()
        for status in snapshot.services:
            # The code only: a counter with many services keeps its chips on one short row.
            chip = QLabel(f"<b>{status.code}</b>  {status.waiting}")
            chip.setObjectName("countChip")
            chip.setToolTip(
                self.tr("{name}: {waiting} waiting, {issued} issued today").format(
                    name=status.name_id, waiting=status.waiting, issued=status.issued
                )
            )
            self.counts.addWidget(chip)
        self.counts.addStretch(1)
