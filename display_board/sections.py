"""The current call: the newest number, biggest on the screen, and the counter to go to.

Both are read from the back of the room (display_board.legibility): the number is at least 1.25
times that size, the counter at least that size. In landscape they stand side by side, in
portrait one above the other.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QWidget

from display_board.items import heading
from display_board.labels import Labels
from display_board.speech import Call
from display_board.widgets import fit_label, label, legible, panel

FLASH_MS = 600
PANEL_MARGIN = 8
CODE_PX = 320  # the called number at 1080 p: DejaVu Sans Bold capitals are 0.73 em = 233 px


def _line(font: QFont, px: int) -> int:
    sized = QFont(font)
    sized.setPixelSize(max(px, 1))
    return math.ceil(QFontMetricsF(sized).height())


def _repolish(widget: QWidget) -> None:
    for item in [widget, *widget.findChildren(QWidget)]:
        item.style().unpolish(item)
        item.style().polish(item)


class CurrentCallPanel(QFrame):
    """The newest call, biggest on the screen; it flashes for a few seconds when it arrives."""

    def __init__(self, labels: Labels, highlight_seconds: float, *, portrait: bool) -> None:
        super().__init__()
        self.setObjectName("call")
        self._labels = labels
        frame, layout = panel("call_inner")
        layout.setContentsMargins(16, PANEL_MARGIN, 16, PANEL_MARGIN)
        layout.setSpacing(0)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.heading = label(heading(labels, "ticket"), 28, bold=True, role="muted")
        self.go_to = label(heading(labels, "go_to"), 28, bold=True, role="muted")
        self.code = fit_label(labels("idle"), CODE_PX, bold=True)
        legible(self.code, 1.35 if portrait else 1.25)
        self.counter = fit_label("", 120, bold=True, role="accent")
        legible(self.counter)
        self.step = fit_label("", 30, bold=True)
        self.step.hide()
        self._portrait = portrait
        self._legible_px = 8
        self._width = 0
        grid = self._grid = QGridLayout()
        grid.setSpacing(0)
        if portrait:
            for row, widget in enumerate((self.heading, self.code, self.go_to, self.counter)):
                grid.addWidget(widget, row, 0)
        else:
            grid.addWidget(self.heading, 0, 0)
            grid.addWidget(self.go_to, 0, 1)
            grid.addWidget(self.code, 1, 0)
            grid.addWidget(self.counter, 1, 1)
            grid.setColumnStretch(0, 1)
        layout.addLayout(grid, 1)
        layout.addWidget(self.step)
        self._flashes_left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(FLASH_MS)
        self._timer.timeout.connect(self._toggle)
        self._flash_count = max(math.ceil(highlight_seconds * 1000 / FLASH_MS), 0)
        self.shown: Call | None = None

    @property
    def flashing(self) -> bool:
        return self._timer.isActive()

    def fit(self, legible_px: int, width: int) -> None:
        """Size the panel for the legible font size and the window's width (set after scaling)."""
        self._legible_px = legible_px
        self._width = width
        self._refit()

    def _refit(self) -> None:
        """Fixed heights for every line of the panel, so that it is exactly as tall as they are."""
        px = self._legible_px
        code_h = _line(self.code.font(), math.ceil(px * self.code.property("legible")))
        counter_h = _line(self.counter.font(), px)
        if self._portrait:
            counter_h *= self.counter.lines_at(px, self._width - 64)
        heading_h = self.heading.sizeHint().height()
        for heading_label in (self.heading, self.go_to):
            heading_label.setFixedHeight(heading_label.sizeHint().height())
        step_h = 0 if self.step.isHidden() else self.step.full_line_height()
        self.step.setFixedHeight(step_h)
        self.code.setFixedHeight(code_h)
        self.counter.setFixedHeight(code_h if not self._portrait else counter_h)
        if not self._portrait:
            font = QFont(self.counter.font())
            font.setPixelSize(px)
            counter_w = math.ceil(QFontMetricsF(font).horizontalAdvance(self.counter.text())) + 24
            self._grid.setColumnMinimumWidth(1, max(counter_w, self._width // 3))
        rows = heading_h + code_h + (heading_h + counter_h if self._portrait else 0)
        self.setFixedHeight(2 * PANEL_MARGIN + rows + step_h)

    def show_call(self, call: Call | None, *, flash: bool = False) -> None:
        self.shown = call
        if call is None:  # a dash where the number goes; the words in the line under it
            self.code.setText(self._labels("idle"))
            self.counter.setText("")
            self.show_step("")
        else:
            self.code.setText(call.code)
            self.counter.setText(f"{self._labels('counter')} {call.counter}")
        self._refit()
        if flash and self._flash_count:
            self._flashes_left = self._flash_count
            self._set_lit(True)
            self._timer.start()

    def show_step(self, text: str) -> None:
        """Where the called visit is: "Langkah 2 dari 2: Foto & Wawancara" ("" hides it).

        Before the first call of the day it says there is none yet.
        """
        if not text and self.shown is None:
            text = heading(self._labels, "none_yet")
        self.step.setText(text)
        self.step.setVisible(bool(text))
        self._refit()

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
