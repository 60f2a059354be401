"""A USB numeric keypad beside the screen: its keys, told apart from the keyboard's and scanner's.

A numeric keypad is a keyboard whose keys Qt marks with the KeypadModifier, so its digits never
reach the barcode scanner's buffer (a scanner types the main-row digits). Its keys:

    +         start the voice guide (the tall key, easy to find by touch); again: start over
    -         leave the voice guide
    0-9       choose (0 repeats what was said)

With Num Lock off a keypad sends its second functions (End, Down, PgDn ... for 1, 2, 3 ...);
they are read as the digits printed on the keys, since a blind applicant cannot see the lamp.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent

START = "+"
LEAVE = "-"

_KEY = Qt.Key
_NAMED = {
    _KEY.Key_Plus: START,
    _KEY.Key_Minus: LEAVE,
    # Num Lock off: the navigation keys printed under the digits.
    _KEY.Key_Insert: "0",
    _KEY.Key_End: "1",
    _KEY.Key_Down: "2",
    _KEY.Key_PageDown: "3",
    _KEY.Key_Left: "4",
    _KEY.Key_Clear: "5",
    _KEY.Key_Right: "6",
    _KEY.Key_Home: "7",
    _KEY.Key_Up: "8",
    _KEY.Key_PageUp: "9",
}


def keypad_key(event: QKeyEvent) -> str | None:
    """The keypad key of a key press ("0"-"9", "+", "-"), None for any other key."""
    if not event.modifiers() & Qt.KeyboardModifier.KeypadModifier:
        return None
    key = event.key()
    if _KEY.Key_0 <= key <= _KEY.Key_9:
        return str(key - _KEY.Key_0)
    return _NAMED.get(_KEY(key))


class KeypadFilter(QObject):
    """An application event filter that takes the keypad's presses (held keys do not repeat).

    Signals:
        pressed(str): a keypad key ("0"-"9", "+", "-").
    """

    pressed = Signal(str)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if not isinstance(event, QKeyEvent):
            return False
        key = keypad_key(event)
        if key is None:
            return False
        if event.type() == QEvent.Type.KeyPress and not event.isAutoRepeat():
            self.pressed.emit(key)
        return True
