"""The display's building blocks: scalable labels, the ticker, the information panel.

Every text size is given for a 1080-pixel short side and scaled with the window (`apply_scale`),
so one layout serves 1080p and 4K, landscape and portrait.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from display_board.legibility import wrap_words

log = logging.getLogger(__name__)

BASE_PX = "base_px"
LEGIBLE = "legible"  # a label read from the back of the room: its size is a share of that rule's
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"}
TICKER_FPS = 25
TICKER_SPEED = 90  # pixels per second at 1080 p


class FitLabel(QLabel):
    """A label whose font shrinks, when needed, so that its text fits its width on one line.

    It never shrinks below its floor (the size read from the back of the room, for a legible
    label); a text still too wide there wraps between words instead.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._full = text
        self._max_font: QFont | None = None
        self._floor_px = 8
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def set_max_font(self, font: QFont, floor_px: int = 8) -> None:
        """The largest font; it never shrinks below `floor_px` (the size read from afar)."""
        self._max_font = font
        self._floor_px = min(floor_px, font.pixelSize())
        self.refit()

    def text(self) -> str:
        """The text as set (without the line breaks wrapping may add)."""
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        super().setText(text)
        self.refit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()

    def refit(self) -> None:
        if self._max_font is None:
            return
        font = QFont(self._max_font)
        metrics = QFontMetricsF(font)
        room = max(self.width() - 8, 40)
        width = max(metrics.horizontalAdvance(self._full), 1.0)
        ratio = min(room / width, max(self.height(), 12) / metrics.height())
        if ratio < 1:
            font.setPixelSize(max(int(font.pixelSize() * ratio), self._floor_px))
        shown = "\n".join(wrap_words(self._full, room, QFontMetricsF(font).horizontalAdvance))
        if shown != super().text():
            super().setText(shown)
        if _font_key(font) != _font_key(self.font()):  # (QFont == QFont upsets PySide6's refcounts)
            self.setFont(font)

    def full_line_height(self) -> int:
        """The height of one line at the largest font (before any shrinking)."""
        font = self._max_font or self.font()
        return math.ceil(QFontMetricsF(font).height())

    def lines_at(self, px: int, width: int) -> int:
        """How many lines the text takes at `px` within `width` (1 when it fits)."""
        if self._max_font is None:
            return 1
        font = QFont(self._max_font)
        font.setPixelSize(px)
        return len(
            wrap_words(self._full, max(width - 8, 40), QFontMetricsF(font).horizontalAdvance)
        )


def _font_key(font: QFont) -> tuple[str, int, int]:
    return (font.family(), font.pixelSize(), font.weight().value)


def label(
    text: str,
    px: int,
    *,
    bold: bool = False,
    role: str = "",
    align: str = "left",
    fit: bool = False,
) -> QLabel:
    """A label whose font size (`px` at 1080 p) follows the window's scale.

    With `fit`, the font also shrinks to keep the text on one line within the label's width.
    """
    widget = FitLabel(text) if fit else QLabel(text)
    widget.setProperty(BASE_PX, px)
    widget.setProperty("bold", 1 if bold else 0)  # an int: PySide6 miscounts bool properties
    if role:
        widget.setObjectName(role)
    alignments = {"left": Qt.AlignmentFlag.AlignLeft, "center": Qt.AlignmentFlag.AlignHCenter}
    alignments["right"] = Qt.AlignmentFlag.AlignRight
    widget.setAlignment(alignments[align] | Qt.AlignmentFlag.AlignVCenter)
    if not fit:
        widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return widget


def fit_label(text: str, px: int, *, bold: bool = False, role: str = "") -> FitLabel:
    """A centred `label(..., fit=True)`, typed as the FitLabel it is."""
    widget = label(text, px, bold=bold, role=role, align="center", fit=True)
    assert isinstance(widget, FitLabel)
    return widget


def legible(widget: QLabel, factor: float = 1.0) -> QLabel:
    """Mark a label as read from the back of the room: its font is `factor` times the smallest
    size legible from there (display_board.legibility), never less than that size."""
    widget.setProperty(LEGIBLE, max(factor, 1.0))
    return widget


def is_legible(widget: QWidget) -> bool:
    return widget.property(LEGIBLE) is not None


def natural(widget: QLabel) -> QLabel:
    """Give a label at least the width its text needs (labels are elastic by default)."""
    widget.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
    return widget


def apply_scale(root: QWidget, scale: float, family: str, legible_px: int = 8) -> None:
    """Set the font of every scalable label under `root` for this scale.

    A label marked `legible` gets its share of `legible_px` (the size read from the back of the
    room) when that is larger, and a fitting label never shrinks below `legible_px`.
    """
    for widget in root.findChildren(QLabel):
        base = widget.property(BASE_PX)
        if base is None:
            continue
        factor = widget.property(LEGIBLE)
        px = max(int(base * scale), 8)
        if factor is not None:
            px = max(px, math.ceil(legible_px * float(factor)))
        font = QFont(family)
        font.setPixelSize(px)
        font.setBold(widget.property("bold") == 1)
        if isinstance(widget, FitLabel):
            widget.set_max_font(font, legible_px if factor is not None else 8)
        else:
            widget.setFont(font)


def panel(role: str = "panel") -> tuple[QFrame, QVBoxLayout]:
    """A framed panel with a vertical layout."""
    frame = QFrame()
    frame.setObjectName(role)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(24, 16, 24, 16)
    layout.setSpacing(4)
    return frame, layout


class Ticker(QWidget):
    """A line of text scrolling right to left, drawn from a cached pixmap (cheap when idle)."""

    def __init__(self, background: str, color: str, family: str) -> None:
        super().__init__()
        self._background = QColor(background)
        self._color = QColor(color)
        # It paints every pixel itself: Qt need not repaint the styled window underneath.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._family = family
        self._text = ""
        self._strip: QPixmap | None = None
        self._x = 0.0  # where the text strip starts, moving left
        self._step = 3.0
        self._timer = QTimer(self)
        self._timer.setInterval(1000 // TICKER_FPS)
        self._timer.timeout.connect(self._advance)

    def set_text(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        self._x = self.height() * 0.3  # starts at the left edge (readable at once), then moves
        self._render()

    def text(self) -> str:
        return self._text

    def running(self) -> bool:
        return self._timer.isActive()

    def sizeHint(self) -> QSize:
        return QSize(400, 72)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._step = TICKER_SPEED * max(self.height() / 72, 0.5) / TICKER_FPS
        self._render()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._background)
        if self._strip is not None:
            width = self._strip.width() / self._strip.devicePixelRatio()
            x = self._x
            while x < self.width():
                painter.drawPixmap(int(x), 0, self._strip)
                x += width
        painter.end()

    def _render(self) -> None:
        self._timer.stop()
        if not self._text or self.height() <= 0:
            self._strip = None
            self.update()
            return
        font = QFont(self._family)
        font.setPixelSize(max(int(self.height() * 0.5), 8))
        gap = "      •      "
        width = QFontMetricsF(font).horizontalAdvance(self._text + gap)
        strip = QPixmap(int(width) + 1, self.height())
        strip.fill(self._background)
        painter = QPainter(strip)
        painter.setFont(font)
        painter.setPen(self._color)
        area = QRectF(0, 0, width, self.height())
        painter.drawText(area, Qt.AlignmentFlag.AlignVCenter, self._text + gap)
        painter.end()
        self._strip = strip
        self._timer.start()

    def _advance(self) -> None:
        if self._strip is None:
            return
        self._x -= self._step
        if self._x <= -self._strip.width():
            self._x += self._strip.width()
        self.update()


class InfoPanel(QLabel):
    """Shows the images of a folder in turn (the office's fees, requirements, standards)."""

    def __init__(self, folder: Path | None, seconds: float) -> None:
        super().__init__()
        self.setObjectName("info")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._images = find_images(folder)
        self._index = -1
        self._timer = QTimer(self)
        self._timer.setInterval(int(seconds * 1000))
        self._timer.timeout.connect(self.show_next)
        if self._images:
            self._timer.start()
            self.show_next()

    @property
    def images(self) -> list[Path]:
        return list(self._images)

    def current(self) -> Path | None:
        return self._images[self._index] if self._images else None

    def show_next(self) -> None:
        if not self._images:
            return
        self._index = (self._index + 1) % len(self._images)
        self._show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show()

    def _show(self) -> None:
        path = self.current()
        if path is None or self.width() <= 1:
            return
        pixmap = QPixmap(str(path))
        if pixmap.isNull():
            self.setText(path.name)
            return
        self.setPixmap(
            pixmap.scaled(
                self.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )


def find_images(folder: Path | None) -> list[Path]:
    """The image files of a folder, by name; none (logged) when it is missing or empty."""
    if folder is None:
        return []
    if not folder.is_dir():
        log.warning("information folder %s does not exist: no information panel", folder)
        return []
    images = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not images:
        log.warning("information folder %s has no images: no information panel", folder)
    return images
