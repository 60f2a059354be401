"""The Qt application of the display (imported only once a display is to be shown)."""

from __future__ import annotations

import logging
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from db.services.devices import device_name
from db.store.engine import Database
from display_board.app import build_display
from display_board.config import DisplayConfig
from display_board.player import audio_output_available, make_player
from qtshared.fullscreen import fill_screen
from qtshared.heartbeat import Heartbeat
from qtshared.screen import require_display

PORTRAIT_SIZE = (1080, 1920)
LANDSCAPE_SIZE = (1920, 1080)


def run_window(db: Database, config: DisplayConfig) -> int:
    """Show the display and run Qt's event loop until the window closes (or Ctrl+C)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    require_display()
    app = QApplication.instance() or QApplication(sys.argv)
    player = make_player(mute=config.mute, volume=config.volume)
    display = build_display(db, config, player)
    window = display.view
    if config.windowed:
        width, height = PORTRAIT_SIZE if config.portrait else LANDSCAPE_SIZE
        window.resize(width // 2, height // 2)
        window.show()
    else:
        fill_screen(window)
    display.start()
    audio = "silent" if config.mute else ("ok" if audio_output_available() else "no device")
    beat = Heartbeat(db, device_name("display"), "display", lambda: {"audio": audio})
    beat.start()
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    wake = QTimer()  # lets Python see Ctrl+C while Qt waits
    wake.start(500)
    wake.timeout.connect(lambda: None)
    try:
        return app.exec()
    finally:
        beat.stop()
        display.stop()
