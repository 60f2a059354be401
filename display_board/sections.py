"""The parts of the screen: the current call, the counters, the last calls, the waiting counts.

Each part takes plain values from the snapshot (`update(...)`) and never reads the database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QWidget

from db.queries import CallRecord, ServiceStatus
from db.results import CounterView
from display_board.labels import Labels, counter_state
from display_board.speech import Call
from display_board.widgets import label, natural, panel

FLASH_MS = 600
CODE_PX = 320  # the called number at 1080 p: DejaVu Sans Bold capitals are 0.73 em = 233 px


def _heading(labels: Labels, key: str) -> str:
    second = labels.second(key)
    return f"{labels(key)}  ·  {second}" if second else labels(key)


def _repolish(widget: QWidget) -> None:
    for item in [widget, *widget.findChildren(QWidget)]:
        item.style().unpolish(item)
        item.style().polish(item)


def _clear(grid: QGridLayout) -> None:
    while grid.count():
        item = grid.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class CurrentCallPanel(QFrame):
    """The newest call, biggest on the screen; it flashes for a few seconds when it arrives."""

    def __init__(self, labels: Labels, highlight_seconds: float) -> None:
        super().__init__()
        self.setObjectName("call")
        self._labels = labels
        frame, layout = panel("call_inner")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.heading = label(
            _heading(labels, "ticket"), 40, bold=True, role="muted", align="center"
        )
        self.code = label(labels("none_yet"), CODE_PX, bold=True, align="center", fit=True)
        self.counter = label("", 120, bold=True, role="accent", align="center", fit=True)
        self.step = label("", 44, bold=True, align="center", fit=True)
        self.step.hide()
        layout.addWidget(self.heading)
        layout.addWidget(self.code, 5)
        layout.addWidget(self.counter, 2)
        layout.addWidget(self.step, 1)
        self._flashes_left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(FLASH_MS)
        self._timer.timeout.connect(self._toggle)
        self._flash_count = max(math.ceil(highlight_seconds * 1000 / FLASH_MS), 0)
        self.shown: Call | None = None

    @property
    def flashing(self) -> bool:
        return self._timer.isActive()

    def show_call(self, call: Call | None, *, flash: bool = False) -> None:
        self.shown = call
        if call is None:
            self.code.setText(self._labels("none_yet"))
            self.counter.setText("")
        else:
            self.code.setText(call.code)
            self.counter.setText(f"{self._labels('counter')} {call.counter}")
        if flash and self._flash_count:
            self._flashes_left = self._flash_count
            self._set_lit(True)
            self._timer.start()

    def show_step(self, text: str) -> None:
        """Where the called visit is: "Langkah 2 dari 2: Foto & Wawancara" ("" hides it)."""
        self.step.setText(text)
        self.step.setVisible(bool(text))

    def _toggle(self) -> None:
        self._flashes_left -= 1
        if self._flashes_left <= 0:
            self._timer.stop()
            self._set_lit(False)
            return
        self._set_lit(self._flashes_left % 2 == 0)

    def _set_lit(self, lit: bool) -> None:
        self.setProperty("lit", "true" if lit else "false")  # a string: see widgets.label
        _repolish(self)


class CountersPanel(QFrame):
    """Every counter of this display with its current number, or that it is closed."""

    def __init__(self, labels: Labels, columns: int) -> None:
        super().__init__()
        self.setObjectName("panel")
        self._labels = labels
        self._columns = columns
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(24, 16, 24, 16)
        self._grid.setHorizontalSpacing(40)
        self._numbers: tuple[int, ...] = ()
        self.values: dict[int, QLabel] = {}

    def update_counters(self, counters: Sequence[CounterView]) -> bool:
        """Show the counters; True when the set of counters changed (the fonts need scaling)."""
        numbers = tuple(c.number for c in counters)
        rebuilt = numbers != self._numbers
        if rebuilt:
            self._build(numbers)
        for view in counters:
            self._show(view)
        return rebuilt

    def _build(self, numbers: tuple[int, ...]) -> None:
        _clear(self._grid)
        self._numbers = numbers
        self.values = {}
        rows = max(math.ceil(len(numbers) / self._columns), 1)
        size = min(1.0, 6 / rows)
        for index, number in enumerate(numbers):
            row, col = divmod(index, self._columns)
            name = natural(label(f"{self._labels('counter')} {number}", int(40 * size)))
            name.setObjectName("muted")
            value = label("", int(64 * size), bold=True, align="right", fit=True)
            self._grid.addWidget(name, row, col * 2)
            self._grid.addWidget(value, row, col * 2 + 1)
            self._grid.setColumnStretch(col * 2 + 1, 1)
            self.values[number] = value

    def _show(self, view: CounterView) -> None:
        widget = self.values[view.number]
        key = counter_state(view.state, view.current is not None)
        text = self._labels(key) if key else (view.current.code if view.current else "")
        widget.setText(text)
        role = "closed" if key in ("paused", "closed") else ""
        if widget.objectName() != role:
            widget.setObjectName(role)
            _repolish(widget)


class RecentCallsPanel(QFrame):
    """The last calls, newest first, as tiles: number and counter."""

    def __init__(self, labels: Labels, count: int, columns: int) -> None:
        super().__init__()
        self.setObjectName("panel")
        self._labels = labels
        frame_layout = QGridLayout(self)
        frame_layout.setContentsMargins(24, 12, 24, 12)
        title = label(_heading(labels, "recent"), 28, bold=True, role="muted")
        frame_layout.addWidget(title, 0, 0, 1, columns)
        self.codes: list[QLabel] = []
        self.counters: list[QLabel] = []
        for index in range(count):
            row, col = divmod(index, columns)
            tile = QWidget()
            tile_layout = QHBoxLayout(tile)
            tile_layout.setContentsMargins(0, 4, 0, 4)
            self.codes.append(natural(label("", 50, bold=True)))
            self.counters.append(label("", 30, role="muted"))
            tile_layout.addWidget(self.codes[-1])
            tile_layout.addSpacing(12)
            tile_layout.addWidget(self.counters[-1], 1)
            frame_layout.addWidget(tile, row + 1, col)

    def update_calls(self, calls: Sequence[CallRecord]) -> None:
        for index, (code, counter) in enumerate(zip(self.codes, self.counters, strict=True)):
            record = calls[index] if index < len(calls) else None
            code.setText(record.code if record else "")
            word = self._labels("counter").title()
            counter.setText(f"{word} {record.counter_number}" if record else "")


class WaitingPanel(QFrame):
    """How many people wait for each service."""

    def __init__(self, labels: Labels, columns: int) -> None:
        super().__init__()
        self.setObjectName("panel")
        self._labels = labels
        self._columns = columns
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(24, 10, 24, 10)
        self._grid.setHorizontalSpacing(48)
        self._codes: tuple[str, ...] = ()
        self.counts: dict[str, QLabel] = {}

    def update_services(self, services: Sequence[ServiceStatus]) -> bool:
        codes = tuple(s.code for s in services)
        rebuilt = codes != self._codes
        if rebuilt:
            self._build(services)
        for service in services:
            self.counts[service.code].setText(str(service.waiting))
        return rebuilt

    def _build(self, services: Sequence[ServiceStatus]) -> None:
        _clear(self._grid)
        self._codes = tuple(s.code for s in services)
        self.counts = {}
        title = label(_heading(self._labels, "waiting"), 26, bold=True, role="muted")
        self._grid.addWidget(title, 0, 0, 1, self._columns)
        for index, service in enumerate(services):
            row, col = divmod(index, self._columns)
            badge = natural(label(service.code, 40, bold=True, align="center"))
            badge.setStyleSheet(
                f"background: {service.color}; color: white; border-radius: 8px; padding: 0 14px;"
            )
            name = service.name_id if self._labels.primary == "id" else service.name_en
            text = label(name, 24, role="muted")
            text.setWordWrap(True)
            count = natural(label("0", 52, bold=True, align="right"))
            tile = QWidget()
            tile_layout = QHBoxLayout(tile)
            tile_layout.setContentsMargins(0, 0, 0, 0)
            tile_layout.addWidget(badge)
            tile_layout.addWidget(text, 1)
            tile_layout.addWidget(count)
            self._grid.addWidget(tile, row + 1, col)
            self._grid.setColumnStretch(col, 1)
            self.counts[service.code] = count
