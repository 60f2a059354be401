"""The large-text, high-contrast mode, and the contrast of what the kiosk actually shows.

The mode is the normal style sheet followed by a transformed copy of each of its rules:
backgrounds turn black (warnings yellow), text white, yellow, or black on yellow, borders
yellow, and every text smaller than `LARGE_PX` grows. Derived from the normal sheet, the mode
keeps up when a screen gains a widget. `text_contrasts` reads the colours each visible text is
drawn in, and on, from the live widgets once Qt has applied the style sheets, so that the
tests and `python -m benchmarks.kiosk_access` measure what an applicant sees.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk import style

SCALE = 1.4  # small texts grow by this much ...
LARGE_PX = 40  # ... up to this size; texts already this large stay as they are
BLACK = "#000000"
YELLOW = "#FFE14D"
GREEN = "#8CFF8C"
RED = "#FF9C9C"
GREY = "#C8C8C8"
DARK_BAND = "#4D4D4D"
MIN_RATIO = 7.0  # WCAG 2 AAA for normal text
LIGHT = 0.4  # a background this luminous takes black text
PROPERTY = "highContrast"  # set on the kiosk window while the mode is on

_BACKGROUNDS = {
    style.NAVY: BLACK,
    style.PAPER: BLACK,
    style.WHITE: BLACK,
    style.DISABLED_BG: BLACK,
    style.WARN_BG: YELLOW,
    style.FAULT_BG: style.FAULT_BG,  # white on it is 9:1 already
}
_INKS = {
    style.INK: style.WHITE,
    style.WHITE: style.WHITE,
    style.MUTED: style.WHITE,
    style.NAVY: YELLOW,
    style.OPEN_GREEN: GREEN,
    style.CLOSED_RED: RED,
    style.DISABLED_INK: GREY,
}
# Texts that cannot grow fully: "Hapus semua" spans two keys of the booking keypad's ten
# columns, and larger it would widen the keypad past a portrait screen (1080 px).
SIZE_CAPS = {"#KeySecondary": 26}  # its normal size
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_SIZE = re.compile(r"(\d+)px")


def high_contrast_sheet(sheet: str = style.SHEET) -> str:
    """The normal sheet with the high-contrast version of each of its rules after it."""
    rules = [_rule(selector.strip(), body) for selector, body in _RULE.findall(sheet)]
    return sheet + "\n" + "\n".join(rules)


def _rule(selector: str, body: str) -> str:
    declarations = [d.strip() for d in body.split(";") if d.strip()]
    pairs = [
        (name.strip(), value.strip()) for name, value in (d.split(":", 1) for d in declarations)
    ]
    values = dict(pairs)
    pressed = ":pressed" in selector
    background = _background_of(values.get("background"), pressed=pressed)
    light = background is not None and style.luminance(background) > LIGHT
    cap = SIZE_CAPS.get(selector)
    out = []
    for name, value in pairs:
        new = _value(name, value, background, light=light)
        if name == "font-size" and cap is not None:
            new = f"{max(cap, _px(value))}px"
        out.append(f"{name}: {new}")
    if pressed and "color" not in values:
        out.append(f"color: {BLACK}")
    if _outline_needed(values, background):
        # A filled button or badge turned black on black would lose its shape: outline it.
        colour = GREY if ":disabled" in selector else YELLOW
        out.append(f"border: 3px solid {colour}")
    return f"{selector} {{ {'; '.join(out)}; }}"


def _outline_needed(values: dict[str, str], background: str | None) -> bool:
    borderless = values.get("border", "none") == "none"
    carries_text = any(name in values for name in ("color", "font-size", "font-weight", "padding"))
    filled = values.get("background", "").upper() not in ("", style.PAPER)
    return background == BLACK and filled and borderless and carries_text


def _px(value: str) -> int:
    found = _SIZE.search(value)
    return int(found.group(1)) if found else 0


def _background_of(value: str | None, *, pressed: bool) -> str | None:
    """A rule's background in the mode: pressed buttons light up white, the rest as mapped."""
    if pressed:
        return style.WHITE
    if value is None or not _COLOUR.fullmatch(value):
        return None
    return _BACKGROUNDS.get(value.upper(), value.upper())


def _value(name: str, value: str, background: str | None, *, light: bool) -> str:
    if name == "background" and background is not None:
        return background
    if name == "color":
        return BLACK if light else _INKS.get(value.upper(), style.WHITE)
    if name.startswith("border"):
        return _COLOUR.sub(BLACK if light else YELLOW, value)
    if name == "font-size":
        return _SIZE.sub(lambda m: f"{larger(int(m.group(1)))}px", value)
    return value


def larger(pixels: int) -> int:
    """A font size in the large-text mode: every text at least about 40 px (10 mm on a 21.5-inch
    1080p screen), the big ones unchanged so that every screen still fits."""
    return max(pixels, min(round(pixels * SCALE), LARGE_PX))


@dataclass(frozen=True)
class ButtonColours:
    """A service button's colours: letter band and its ink, card, name, state, border."""

    band: str
    band_ink: str
    card: str
    ink: str
    state_ink: str
    large: bool
    # Why it cannot be chosen ("Tutup", "Kuota hari ini sudah penuh") in bold red: a greyed
    # button alone reads as "not working", not as "closed".
    state_weight: str = "normal"


def service_button(colour: str, available: bool, high: bool) -> ButtonColours:
    if high:
        band = YELLOW if available else DARK_BAND
        band_ink = BLACK if available else style.WHITE
        state = GREEN if available else RED
        weight = "normal" if available else "bold"
        return ButtonColours(band, band_ink, BLACK, style.WHITE, state, True, weight)
    band = colour if available else style.DISABLED_BAND
    card = style.WHITE if available else style.DISABLED_BG
    ink = style.INK if available else style.DISABLED_INK
    state = style.OPEN_GREEN if available else style.CLOSED_RED
    weight = "normal" if available else "bold"
    return ButtonColours(band, style.ink_on(band), card, ink, state, False, weight)


# --- measuring what is shown ----------------------------------------------------------------------


@dataclass(frozen=True)
class TextContrast:
    """One visible text: where it is, its words, its ink and background, their ratio."""

    widget: str
    text: str
    ink: str
    background: str
    ratio: float


def text_contrasts(root: QWidget) -> list[TextContrast]:
    """Every visible, non-empty label and button text under `root`, with its contrast.

    The ink is the colour Qt draws the text in (the widget's palette once the style sheets are
    applied); the background is read from the rendered window: the commonest colour of the
    widget's area, whatever painted it (the widget, a parent, a button's fill).
    """
    image = root.grab().toImage()
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        text = _text(widget)
        if not text or not widget.isVisibleTo(root) or not root.isVisible():
            continue
        ink = _colour(widget, widget.foregroundRole())
        area = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size()).intersected(image.rect())
        if area.isEmpty():
            continue
        background = _commonest(image, area)
        ratio = style.contrast(ink, background)
        found.append(TextContrast(_path(widget, root), text, ink, background, round(ratio, 2)))
    return found


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text().strip()
    return ""


def _commonest(image: QImage, area: QRect) -> str:
    step = max(1, min(area.width(), area.height()) // 24)
    counts: Counter[int] = Counter(
        image.pixel(x, y)
        for x in range(area.left(), area.right() + 1, step)
        for y in range(area.top(), area.bottom() + 1, step)
    )
    rgb = counts.most_common(1)[0][0] & 0xFFFFFF
    return f"#{rgb:06X}"


def _colour(widget: QWidget, role: QPalette.ColorRole) -> str:
    group = QPalette.ColorGroup.Active if widget.isEnabled() else QPalette.ColorGroup.Disabled
    return widget.palette().color(group, role).name().upper()


def _path(widget: QWidget, root: QWidget) -> str:
    names = []
    current: QWidget | None = widget
    while current is not None and current is not root:
        if current.objectName():
            names.append(current.objectName())
        current = current.parentWidget()
    return "/".join(reversed(names)) or type(widget).__name__
