"""The Qt application of the display (imported only once a display is to be shown)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication

from db.errors import DatabaseUnavailable
from db.services.devices import device_name
from db.store.engine import Database, check_connection
from display_board.app import Display, build_display
from display_board.config import DisplayConfig
from display_board.player import audio_output_available, make_player
from qtshared.fullscreen import fill_screen
from qtshared.shell import AppInfo, run_app

log = logging.getLogger(__name__)

PORTRAIT_SIZE = (1080, 1920)
LANDSCAPE_SIZE = (1920, 1080)


def run_window(db: Database, config: DisplayConfig) -> int:
    """Show the display and run Qt's event loop until the window closes (or Ctrl+C)."""
    info = AppInfo("display", "Layar antrean", device_name("display"), "display")
    return run_app(info, db, lambda app: _start(app, db, config))


def _start(app: QApplication, db: Database, config: DisplayConfig) -> Display:
    try:
        check_connection(db)
    except DatabaseUnavailable as error:
        # An unattended screen must come up anyway and show the data once the server answers.
        log.warning("%s: the display starts and keeps retrying", error)
    display = build_display(db, config, make_player(mute=config.mute, volume=config.volume))
    display.audio = "silent" if config.mute else ("ok" if audio_output_available() else "no device")
    window = display.view
    if config.windowed:
        width, height = PORTRAIT_SIZE if config.portrait else LANDSCAPE_SIZE
        window.resize(width // 2, height // 2)
        window.show()
    else:
        fill_screen(window)
    display.start()
    return display
