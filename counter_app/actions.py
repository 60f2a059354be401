"""The counter actions: label, keyboard shortcut, and when each one makes sense."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app.desk import DeskSnapshot


def _free(s: DeskSnapshot) -> bool:
    return s.counter.state == "open" and s.current is None


def _called(s: DeskSnapshot) -> bool:
    return s.current is not None and s.current.status == "called"


@dataclass(frozen=True)
class ActionSpec:
    key: str
    label: str
    shortcut: str
    enabled: Callable[[DeskSnapshot], bool]
    primary: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("call_next", "Call next", "F2", lambda s: _free(s) and bool(s.waiting), True),
    ActionSpec("recall", "Recall", "F3", _called),
    ActionSpec("start", "Start serving", "F4", _called),
    ActionSpec("finish", "Finish", "F5", lambda s: s.current is not None),
    ActionSpec("no_show", "No-show", "F6", _called),
    ActionSpec(
        "transfer", "Transfer…", "F7", lambda s: s.current is not None and len(s.all_services) > 1
    ),
    ActionSpec("call_specific", "Call number…", "F8", _free),
    ActionSpec("requeue", "Requeue no-show…", "F9", lambda s: bool(s.no_shows)),
    ActionSpec("pause", "Pause", "F10", lambda s: _free(s) or s.counter.state != "open"),
)


COLUMNS = 3


class ActionButton(QPushButton):
    """A large button with its label and, underneath, the key that triggers it."""

    def __init__(self, spec: ActionSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName("action")
        self.setProperty("primary", spec.primary)
        self.setShortcut(QKeySequence(spec.shortcut))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the shortcuts, not a button
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMaximumHeight(76)
        self.caption = QLabel(spec.label)
        self.caption.setObjectName("actionLabel")
        self.key_hint = QLabel(spec.shortcut)
        self.key_hint.setObjectName("actionKey")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        for label in (self.caption, self.key_hint):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        self.setAccessibleName(f"{spec.label} ({spec.shortcut})")
        self.setToolTip(f"{spec.label} — {spec.shortcut}")

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)
        self.setAccessibleName(f"{text} ({self.spec.shortcut})")


class ActionPanel(QWidget):
    """The grid of action buttons; `triggered(key)` when one is pressed or its key is hit.

    Signals:
        triggered(str): the ActionSpec key.
    """

    triggered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, ActionButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        # Three rows of three, in the order of their keys (F2-F4, F5-F7, F8-F10): short enough
        # to leave the ticket room on a 1280x720 screen, with a banner and a message showing.
        for index, spec in enumerate(ACTIONS):
            button = ActionButton(spec, self)
            grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self._add(button)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        self.set_enabled_for(None, online=False)

    def _add(self, button: ActionButton) -> None:
        self.buttons[button.spec.key] = button
        button.clicked.connect(lambda _checked=False, key=button.spec.key: self.triggered.emit(key))

    def set_enabled_for(self, snapshot: DeskSnapshot | None, *, online: bool) -> None:
        paused = snapshot is not None and snapshot.counter.state != "open"
        self.buttons["pause"].set_caption("Resume" if paused else "Pause")
        for button in self.buttons.values():
            button.setEnabled(online and snapshot is not None and button.spec.enabled(snapshot))
