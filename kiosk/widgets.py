"""Small building blocks of the kiosk screens: labels, the service button, the QR image."""

from __future__ import annotations

import io

import qrcode
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk import contrast, style
from kiosk.stack import CurrentStack


def label(name: str, text: str = "", *, wrap: bool = True, center: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setObjectName(name)
    widget.setWordWrap(wrap)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


def button(name: str, text: str = "", *, height: int = style.BUTTON_HEIGHT) -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.setMinimumHeight(height)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return widget


def qr_pixmap(payload: str, size: int) -> QPixmap:
    """The QR code of `payload` as a crisp square pixmap about `size` pixels wide."""
    code = qrcode.QRCode(box_size=1, border=4)
    code.add_data(payload)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    image = QImage.fromData(buffer.getvalue())
    scale = max(size // image.width(), 1)
    return QPixmap.fromImage(image.scaled(image.width() * scale, image.height() * scale))


class ServiceButton(QPushButton):
    """A large button for one service: its letter on its colour, its name and its state."""

    def __init__(self, code: str, color: str) -> None:
        super().__init__()
        self.code = code
        self.color = color
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(style.SERVICE_HEIGHT)
        self.letter = label("Letter", code, wrap=False, center=True)
        self.letter.setFixedWidth(170)
        self.name = label("Name")
        self.state = label("State")
        texts = QVBoxLayout()
        texts.setContentsMargins(28, 14, 20, 14)
        texts.addWidget(self.name)
        texts.addWidget(self.state)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.letter)
        row.addLayout(texts, 1)
        for child in (self.letter, self.name, self.state):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def show_state(self, name: str, state: str, available: bool) -> None:
        self.name.setText(name)
        self.state.setText(state)
        self.setEnabled(available)
        self.setAccessibleName(f"{self.code} {name}: {state}")
        self._restyle(available)

    def _restyle(self, available: bool) -> None:
        # The kiosk window carries the high-contrast switch (kiosk.contrast.PROPERTY).
        high = bool(self.window().property(contrast.PROPERTY))
        colours = contrast.service_button(self.color, available, high)
        self.setStyleSheet(
            f"ServiceButton {{ background: {colours.card}; border: 4px solid {colours.band};"
            " border-radius: 18px; }"
            f"ServiceButton:pressed {{ background: {style.PAPER if not high else colours.band}; }}"
        )

        def size(pixels: int) -> int:
            return contrast.larger(pixels) if colours.large else pixels

        self.letter.setStyleSheet(
            f"background: {colours.band}; color: {colours.band_ink};"
            f" font-size: {size(96)}px; font-weight: bold;"
            " border-top-left-radius: 12px; border-bottom-left-radius: 12px;"
        )
        self.name.setStyleSheet(
            f"color: {colours.ink}; font-size: {size(40)}px; font-weight: bold;"
        )
        weight = colours.state_weight
        self.state.setStyleSheet(
            f"color: {colours.state_ink}; font-size: {size(28)}px; font-weight: {weight};"
        )


class FittedLabel(QLabel):
    """One line of large text that shrinks its font, never the window, to fit its width.

    A long booking code must stay on screen: the label asks for no width of its own and picks
    the largest font size up to `pixels` at which the whole text fits.
    """

    def __init__(self, name: str, pixels: int, *, smallest: int = 24, inset: int = 48) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pixels, self._smallest, self._inset = pixels, smallest, inset
        self._size = 0
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def minimumSizeHint(self) -> QSize:
        return QSize(self._inset * 2, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def font_pixels(self) -> int:
        return self._size

    def _fit(self) -> None:
        font = QFont(self.font())
        font.setPixelSize(self._pixels)
        font.setBold(True)  # measured as the style sheet draws it
        needed = QFontMetrics(font).horizontalAdvance(self.text())
        room = self.width() - 2 * self._inset
        size = self._pixels
        if needed > room > 0:
            size = max(self._smallest, int(self._pixels * room / needed))
        if size != self._size:
            self._size = size
            self.setStyleSheet(f"font-size: {size}px;")


def vbox(widget: QWidget, margins: int = 0, spacing: int = 0) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(margins, margins, margins, margins)
    layout.setSpacing(spacing)
    return layout


def screen_stack(window: QWidget, screens: tuple[QWidget, ...], below: QWidget) -> QStackedLayout:
    """The window's screens, one at a time, with `below` (a strip) under every one of them.

    The window takes the screen's size and lays itself out for it: the layout sets no minimum on
    the window, which would otherwise keep the widest orientation's width.
    """
    column = vbox(window)
    column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    pages = QWidget()
    stack = CurrentStack()  # sized by the screen shown: the strip below keeps its room
    pages.setLayout(stack)
    for screen in screens:
        stack.addWidget(screen)
    column.addWidget(pages, 1)
    column.addWidget(below)
    return stack


def remeasure(window: QWidget) -> None:
    """Make every layout in `window` measure again (also those of hidden widgets)."""
    for widget in (window, *window.findChildren(QWidget)):
        if (layout := widget.layout()) is not None:
            layout.invalidate()
