"""Small building blocks of the kiosk screens: labels, the service button, the QR image."""

from __future__ import annotations

import io

import qrcode
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import contrast, style


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
        self.setMinimumHeight(style.BUTTON_HEIGHT + 20)
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


def vbox(widget: QWidget, margins: int = 0, spacing: int = 0) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(margins, margins, margins, margins)
    layout.setSpacing(spacing)
    return layout
