"""The board: counters, last calls and waiting lines, in letters read from the back of the room.

At that size a 55-inch screen holds a few lines, so the board shows its items in pages, in turn.
Each item is one box: a name and its value side by side, or the value under the name when they
do not fit on one line, so a number is never far from the counter it belongs to. A name too long
for a line wraps (a word too long for a line is hyphenated) instead of being cut off.

Items are placed by hand (no layouts): their size must never push the window past the screen.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from display_board.items import BoardItem, Section
from display_board.legibility import elide_lines, wrap_words
from display_board.widgets import InfoPanel, label, legible

INFO = "info"
VALUE_BREAK = " · "  # "TUTUP · 2": where a value too wide for a line breaks (the dot goes)


@dataclass(frozen=True)
class Page:
    kind: str  # a section's kind, or INFO for the information images
    title: str
    items: tuple[BoardItem, ...]
    number: int = 1  # of the section's pages
    of: int = 1


@dataclass(frozen=True)
class _Fonts:
    regular: QFont
    bold: QFont

    def of(self, bold: bool) -> QFont:
        return self.bold if bold else self.regular

    def advance(self, bold: bool) -> QFontMetricsF:
        return QFontMetricsF(self.of(bold))

    @property
    def line(self) -> int:
        return math.ceil(QFontMetricsF(self.regular).height())


@dataclass(frozen=True)
class _Text:
    lines: tuple[str, ...]
    full: str
    bold: bool
    role: str
    rect: QRect
    align: Qt.AlignmentFlag


@dataclass(frozen=True)
class _Plan:
    """Where an item's texts go in its box, for a given width."""

    texts: tuple[_Text, ...]
    badge: QRect | None
    height: int
    elided: bool = False  # the name was cut short to fit a page: the page's title names it


def plan(item: BoardItem, fonts: _Fonts, width: int, max_lines: int = 99) -> _Plan:
    """Name and value side by side when that takes no more lines, else the value under the name.

    A name too long for `max_lines` (what a page holds) is cut short with "…".
    """
    line = fonts.line
    pad = max(line // 16, 6)
    inner = width - 2 * pad
    badge_w = 0
    if item.badge:
        badge_w = math.ceil(fonts.advance(True).horizontalAdvance(item.badge[0])) + 2 * pad
    name_x = pad + (badge_w + pad if badge_w else 0)
    name_room = width - pad - name_x
    value_adv = fonts.advance(item.value_bold).horizontalAdvance
    value_w = math.ceil(value_adv(item.value))
    side_room = name_room - value_w - 2 * pad
    name_adv = fonts.advance(item.name_bold).horizontalAdvance
    side = wrap_words(item.name, side_room, name_adv) if side_room > line else None
    stacked = wrap_words(item.name, name_room, name_adv)
    parts = item.value.split(VALUE_BREAK) if value_adv(item.value) > inner else [item.value]
    values = [line for part in parts for line in wrap_words(part, inner, value_adv)]
    right = Qt.AlignmentFlag.AlignRight
    left = Qt.AlignmentFlag.AlignLeft
    badge = QRect(pad, 0, badge_w, line) if item.badge else None
    side, stacked, elided = _choose(
        side, stacked, len(values), max_lines, (side_room, name_room), name_adv
    )
    if side is not None:
        height = len(side) * line
        name = _Text(
            tuple(side), item.name, item.name_bold, "", QRect(name_x, 0, side_room, height), left
        )
        value_rect = QRect(width - pad - value_w, 0, value_w, line)
        value = _Text(
            (item.value,), item.value, item.value_bold, item.value_role, value_rect, right
        )
    else:
        top = len(stacked) * line
        height = top + len(values) * line
        name = _Text(
            tuple(stacked), item.name, item.name_bold, "", QRect(name_x, 0, name_room, top), left
        )
        value_rect = QRect(pad, top, inner, len(values) * line)
        value = _Text(
            tuple(values), item.value, item.value_bold, item.value_role, value_rect, right
        )
    return _Plan((name, value), badge, height, elided)


def _choose(
    side: list[str] | None,
    stacked: list[str],
    value_lines: int,
    max_lines: int,
    widths: tuple[float, float],
    advance: Callable[[str], float],
) -> tuple[list[str] | None, list[str], bool]:
    """Side by side (name lines, None) or stacked (None, name lines), and whether the name was
    cut short: the arrangement that fits `max_lines` whole, in the fewest lines."""
    stacked_fit = elide_lines(stacked, max(max_lines - value_lines, 1), widths[1], advance)
    if side is None:
        return None, stacked_fit, stacked_fit != stacked
    side_fit = elide_lines(side, max_lines, widths[0], advance)
    side_whole, stacked_whole = side_fit == side, stacked_fit == stacked
    if side_whole and (not stacked_whole or len(side) < len(stacked) + value_lines):
        return side, stacked, False
    if stacked_whole:
        return None, stacked, False
    kept = (len("".join(side_fit)), len("".join(stacked_fit)))
    return (side_fit, stacked, True) if kept[0] > kept[1] else (None, stacked_fit, True)


class _Tile(QFrame):
    """One item's box, its labels placed as planned."""

    def __init__(
        self, item: BoardItem, fonts: _Fonts, width: int, max_lines: int, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.item = item
        self.labels: list[QLabel] = []
        layout = plan(item, fonts, width, max_lines)
        for text in layout.texts:
            widget = legible(QLabel("\n".join(text.lines), self))
            widget.setProperty("full_text", text.full)
            widget.setFont(fonts.of(text.bold))
            widget.setAlignment(text.align | Qt.AlignmentFlag.AlignTop)
            if text.role:
                widget.setObjectName(text.role)
            widget.setGeometry(text.rect)
            self.labels.append(widget)
        if item.badge and layout.badge:
            code, colour = item.badge
            badge = legible(QLabel(code, self))
            badge.setObjectName("badge")
            badge.setFont(fonts.bold)
            badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
            badge.setStyleSheet(f"background: {colour}; color: white; border-radius: 10px;")
            badge.setGeometry(layout.badge)
            self.labels.append(badge)
        self.resize(width, layout.height)


def paginate(heights: Sequence[int], room: int, spacing: int) -> list[list[int]]:
    """Split items (by index) into pages of at most `room` pixels; an item taller than a page
    gets a page of its own."""
    pages: list[list[int]] = []
    used = room + 1
    for index, height in enumerate(heights):
        needed = height if used > room else used + spacing + height
        if used <= room and needed <= room:
            pages[-1].append(index)
            used = needed
        else:
            pages.append([index])
            used = height
    return pages


class _Rows(QWidget):
    """The area the tiles are placed in; it never asks for room (the window decides)."""

    def __init__(self, board: Board) -> None:
        super().__init__()
        self._board = board
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._board.repaginate()


class Board(QFrame):
    """The pages of the board, shown in turn every `page_seconds`."""

    def __init__(self, family: str, page_seconds: float, info: InfoPanel) -> None:
        super().__init__()
        self.setObjectName("panel")
        self._family = family
        self._px = 40
        self._sections: tuple[Section, ...] = ()
        self._pages: list[Page] = []
        self._index = 0
        self.tiles: list[_Tile] = []
        self.title = label("", 26, bold=True, role="muted", fit=True)
        self.counter = label("", 26, bold=True, role="muted", align="right")
        self.rows = _Rows(self)
        self.info = info
        info.setParent(self.rows)
        info.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 4)
        layout.setSpacing(2)
        top = QHBoxLayout()
        top.addWidget(self.title, 3)
        top.addWidget(self.counter, 1)
        layout.addLayout(top)
        layout.addWidget(self.rows, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(int(page_seconds * 1000))
        self._timer.timeout.connect(self.next_page)

    # --- what it shows --------------------------------------------------------------------------

    def set_sections(self, sections: Sequence[Section]) -> None:
        sections = tuple(sections)
        if sections != self._sections:
            self._sections = sections
            self.repaginate()

    def set_font_px(self, px: int) -> None:
        if px != self._px:
            self._px = px
            self.repaginate()

    @property
    def pages(self) -> list[Page]:
        return list(self._pages)

    @property
    def page_index(self) -> int:
        return self._index

    def items(self, kind: str) -> tuple[BoardItem, ...]:
        """Every item of a section, whichever page is shown."""
        section = next((s for s in self._sections if s.kind == kind), None)
        return section.items if section else ()

    def value(self, kind: str, key: str) -> str | None:
        """The value shown for an item ("A001" for counter "1"), or None when there is none."""
        return next((i.value for i in self.items(kind) if i.key == key), None)

    # --- pages ----------------------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        self._index = index % len(self._pages) if self._pages else 0
        self._place()

    def next_page(self) -> None:
        self.show_page(self._index + 1)

    def repaginate(self) -> None:
        current = self._pages[self._index] if self._pages else None
        fonts = self._fonts()
        width, room = self.rows.width(), self.rows.height()
        self._pages = []
        spacing = self._spacing()
        for section in self._sections:
            heights = [plan(item, fonts, width, self._max_lines()).height for item in section.items]
            split = paginate(heights, room, spacing)
            for number, indexes in enumerate(split, start=1):
                items = tuple(section.items[i] for i in indexes)
                self._pages.append(Page(section.kind, section.title, items, number, len(split)))
        if self.info.images:
            self._pages.append(Page(INFO, "", ()))
        self._index = self._same_page(current)
        self._place()
        if len(self._pages) > 1 and not self._timer.isActive():
            self._timer.start()
        elif len(self._pages) <= 1:
            self._timer.stop()

    def _same_page(self, before: Page | None) -> int:
        """After a change, stay on the same page of the same section when it is still there."""
        if before is None:
            return 0
        for index, page in enumerate(self._pages):
            if (page.kind, page.number) == (before.kind, before.number):
                return index
        return next((i for i, p in enumerate(self._pages) if p.kind == before.kind), 0)

    def _place(self) -> None:
        for tile in self.tiles:
            tile.hide()  # at once: deleteLater waits for the event loop, a grab may come first
            tile.deleteLater()
        self.tiles = []
        page = self._pages[self._index] if self._pages else None
        self.info.setVisible(page is not None and page.kind == INFO)
        if page is None:
            self.title.setText("")
            self.counter.setText("")
            return
        if page.kind == INFO:
            self.info.setGeometry(self.rows.rect())
        fonts = self._fonts()
        width = self.rows.width()
        cut = [i for i in page.items if plan(i, fonts, width, self._max_lines()).elided]
        names = "  ·  ".join(f"{i.key}: {i.name}" for i in cut)  # in full, where it fits
        self.title.setText(f"{page.title}  —  {names}" if names else page.title)
        self.counter.setText(f"{page.number} / {page.of}" if page.of > 1 else "")
        top = 0
        for item in page.items:
            tile = _Tile(item, fonts, self.rows.width(), self._max_lines(), self.rows)
            tile.move(0, top)
            tile.show()
            top += tile.height() + self._spacing()
            self.tiles.append(tile)

    def _max_lines(self) -> int:
        return max(self.rows.height() // self._fonts().line, 1)

    def _spacing(self) -> int:
        return max(self._px // 40, 4)

    def _fonts(self) -> _Fonts:
        regular = QFont(self._family)
        regular.setPixelSize(self._px)
        bold = QFont(regular)
        bold.setBold(True)
        return _Fonts(regular, bold)
