"""Today's availability per service: can a walk-in still get a ticket, and is it worth waiting?"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counter_app import style
from counter_app.front_desk.texts import booked_text, issuing_text, places_text, wait_text
from counter_app.waiting import card, read_only_table, set_row
from db.views.availability import ServiceDay


class AvailabilityPanel(QWidget):
    """A read-only table, one row per service open today; refreshed with the queue."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        columns = (
            self.tr("Service"),
            self.tr("Walk-in tickets now"),
            self.tr("Places left"),
            self.tr("Waiting"),
            self.tr("Wait for a newcomer"),
            self.tr("Booked sessions to come"),
        )
        self.table = read_only_table(columns, self)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.note = QLabel(
            self.tr(
                "Walk-in tickets stop when today's places are taken or when the queue would run "
                "past closing time. Booked applicants still to come are counted in the wait."
            )
        )
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        box, layout = card(self.tr("TODAY, PER SERVICE  ·  F5 REFRESH"), self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)

    def show_days(self, days: list[ServiceDay]) -> None:
        self.table.setRowCount(len(days))
        for row, day in enumerate(days):
            issuing, can = issuing_text(day)
            items = set_row(
                self.table,
                row,
                [
                    f"{day.code} · {day.status.name_id}",
                    issuing,
                    places_text(day),
                    str(day.status.waiting),
                    wait_text(day.newcomer_wait),
                    booked_text(day),
                ],
            )
            items[1].setForeground(QColor(style.GREEN if can else style.RED))
