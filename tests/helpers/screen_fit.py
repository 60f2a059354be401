"""Does a window fit a screen? Names every visible part that would lie outside it.

A window fits a screen of a given size when Qt can shrink it to that size (its minimum size is not
larger) and, laid out at that size, no visible widget reaches past the window's edges. What sits
inside a scroll area is reachable by scrolling, so only the area itself is judged.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget


def misfits(window: QWidget, screen: QSize) -> list[str]:
    """What does not fit `screen` when `window` is laid out at that size (empty when all fits)."""
    problems: list[str] = []
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    if minimum.width() > screen.width() or minimum.height() > screen.height():
        problems.append(
            f"window needs at least {minimum.width()}x{minimum.height()},"
            f" screen is {screen.width()}x{screen.height()}"
        )
    window.resize(screen)
    QApplication.processEvents()
    if window.width() > screen.width() or window.height() > screen.height():
        problems.append(f"window stays {window.width()}x{window.height()}")
    frame = QRect(0, 0, screen.width(), screen.height())
    problems.extend(_outside(window, window, frame))
    return problems


def _outside(window: QWidget, parent: QWidget, frame: QRect) -> list[str]:
    problems: list[str] = []
    for child in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if not child.isVisible() or child.isWindow():
            continue
        top_left = child.mapTo(window, child.rect().topLeft())
        placed = QRect(top_left, child.size())
        if not frame.contains(placed):
            problems.append(f"{_describe(child)} at {_rect(placed)} is outside {_rect(frame)}")
            continue
        if isinstance(child, QAbstractScrollArea):
            continue  # what scrolls is reachable: its content may be larger than the viewport
        problems.extend(_outside(window, child, frame))
    return problems


def _describe(widget: QWidget) -> str:
    name = widget.objectName() or type(widget).__name__
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    return f"{name} {label!r}" if label else name


def _rect(rect: QRect) -> str:
    return f"({rect.x()},{rect.y()} {rect.width()}x{rect.height()})"
