"""The display window: lays out the parts for landscape or portrait and follows the model."""

from __future__ import annotations

from typing import Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer, SignalInstance
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from db.rules.clock import DEFAULT_TIMEZONE, utcnow
from db.views.queries import DisplaySnapshot
from display_board.board import Board
from display_board.config import DisplayConfig, Theme
from display_board.items import sections
from display_board.labels import Labels
from display_board.legibility import Panel, min_font_px
from display_board.sections import CurrentCallPanel
from display_board.speech import Call
from display_board.widgets import InfoPanel, Ticker, apply_scale, label, natural

MARKER_COLOR = "#FFB74D"


def stylesheet(theme: Theme) -> str:
    """The Qt style sheet of a theme."""
    return f"""
    QWidget#display {{ background: {theme.background}; }}
    QLabel {{ color: {theme.text}; background: transparent; }}
    QLabel#muted {{ color: {theme.muted}; }}
    QLabel#accent {{ color: {theme.accent}; }}
    QLabel#closed {{ color: {theme.closed}; }}
    QLabel#marker {{ color: {MARKER_COLOR}; }}
    QFrame#panel, QFrame#call_inner {{ background: {theme.panel}; border-radius: 18px; }}
    QFrame#tile {{ background: {theme.background}; border-radius: 12px; }}
    QFrame#call[lit="true"] QFrame#call_inner {{ background: {theme.highlight}; }}
    QFrame#call[lit="true"] QLabel {{ color: {theme.highlight_text}; }}
    """


class DisplaySource(Protocol):
    """What the view follows: the display's model, or a hand-built stand-in (tests)."""

    snapshot_changed: SignalInstance  # (DisplaySnapshot)
    called: SignalInstance  # (Call)
    connection_changed: SignalInstance  # (bool)

    @property
    def snapshot(self) -> DisplaySnapshot | None: ...


class DisplayView(QWidget):
    """The wall screen. It only shows what the model reports; it never reads the database."""

    def __init__(self, model: DisplaySource, config: DisplayConfig) -> None:
        super().__init__()
        self.setObjectName("display")
        self.setWindowTitle("Walk-in queue display")
        self._config = config
        self._model = model
        self._labels = Labels(config.languages)
        self._scale = 1.0
        self._build()
        self.setStyleSheet(stylesheet(config.theme))
        self._zone = ZoneInfo(DEFAULT_TIMEZONE)  # until the first snapshot names the office's
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._tick()
        model.snapshot_changed.connect(self._on_snapshot_changed)
        model.called.connect(self._on_called)
        model.connection_changed.connect(self._on_connection_changed)
        if model.snapshot is not None:
            self._on_snapshot_changed(model.snapshot)

    def _build(self) -> None:
        portrait = self._config.portrait
        self.office = label(self._labels("starting"), 34, bold=True)
        self.office.setWordWrap(True)
        self.marker = label(self._labels("reconnecting"), 26, bold=True, role="marker")
        self.marker.setVisible(False)
        self.date = natural(label("", 26, role="muted", align="right"))
        self.clock = natural(label("", 44, bold=True, align="right"))
        self.current = CurrentCallPanel(
            self._labels, self._config.highlight_seconds, portrait=portrait
        )
        self.info = InfoPanel(self._config.info_folder, self._config.info_seconds)
        theme = self._config.theme
        self.board = Board(theme.font_family, self._config.page_seconds, self.info)
        self.ticker = Ticker(theme.ticker_background, theme.ticker_text, theme.font_family)
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 8, 16, 0)
        root.setSpacing(8)
        root.addLayout(self._header(portrait))
        root.addWidget(self.current)
        root.addWidget(self.board, 1)
        root.addWidget(self.ticker)

    def _header(self, portrait: bool) -> QHBoxLayout:
        header = QHBoxLayout()
        header.setSpacing(24)
        header.addWidget(self.office, 5)
        header.addWidget(self.marker, 2)
        if portrait:  # narrow: the date under the clock
            right = QVBoxLayout()
            right.setSpacing(0)
            right.addWidget(self.clock)
            right.addWidget(self.date)
            header.addLayout(right)
        else:
            header.addWidget(self.date)
            header.addWidget(self.clock)
        return header

    @property
    def legible_px(self) -> int:
        """The smallest font read from the configured distance on this screen (its panel size
        from the config, its pixels from the window), for the theme's font."""
        font = QFont(self._config.theme.font_family)
        font.setPixelSize(100)
        font.setBold(True)
        cap_ratio = QFontMetricsF(font).capHeight() / 100
        panel = Panel(self._config.screen_inches, max(self.width(), 1), max(self.height(), 1))
        return min_font_px(self._config.reading_distance_m, panel, cap_ratio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale = min(self.width(), self.height()) / 1080
        self._rescale()

    def _rescale(self) -> None:
        px = self.legible_px
        apply_scale(self, self._scale, self._config.theme.font_family, px)
        self.ticker.setFixedHeight(max(int(56 * self._scale), 24))
        self.current.fit(px, self.width())
        self.board.set_font_px(px)

    def _on_snapshot_changed(self, snapshot: DisplaySnapshot) -> None:
        if self._zone.key != snapshot.timezone:
            self._zone = ZoneInfo(snapshot.timezone)
            self._tick()
        self.office.setText(snapshot.office_name)
        self.ticker.set_text(snapshot.ticker)
        self.board.set_sections(
            sections(self._labels, snapshot.counters, snapshot.recent_calls, snapshot.services)
        )
        self._show_featured(snapshot)
        self._show_step(snapshot)

    def _show_step(self, snapshot: DisplaySnapshot | None) -> None:
        """The featured call's step, from its counter's current ticket (if still there)."""
        shown = self.current.shown
        ticket = None
        if shown is not None and snapshot is not None:
            counter = next((c for c in snapshot.counters if c.number == shown.counter), None)
            current = counter.current if counter else None
            ticket = current if current is not None and current.code == shown.code else None
        self.current.show_step(self._labels.step(ticket) if ticket else "")

    def _show_featured(self, snapshot: DisplaySnapshot) -> None:
        codes = {(c.code, c.counter_number) for c in snapshot.recent_calls}
        shown = self.current.shown
        if shown is not None and (shown.code, shown.counter) in codes:
            return
        newest = snapshot.recent_calls[0] if snapshot.recent_calls else None
        self.current.show_call(Call(newest.code, newest.counter_number) if newest else None)

    def _on_called(self, call: Call) -> None:
        self.current.show_call(call, flash=True)
        self._show_step(self._model.snapshot)

    def _on_connection_changed(self, connected: bool) -> None:
        self.marker.setVisible(not connected)

    def _tick(self) -> None:
        now = utcnow().astimezone(self._zone)  # the office clock: simulated in a demo
        text = now.strftime("%H:%M")
        if text != self.clock.text():
            self.clock.setText(text)
            self.date.setText(self._labels.date(now.date()))
