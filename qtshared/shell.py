"""Running one of the Qt apps: logging, the Qt application, Ctrl+C, the heartbeat and shutdown.

The kiosk, the counter app and the display differ in their windows only; `run_app` does the rest
the same way for all three, so that each logs to a file an installer can find, quits cleanly on
Ctrl+C and always stops its threads and closes its database connections.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any, Protocol

import platformdirs
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from db.errors import UserError
from db.store.engine import Database
from qtshared.heartbeat import Heartbeat
from qtshared.screen import require_display

log = logging.getLogger(__name__)

LOG_BYTES = 1_000_000  # per file; with the backups at most ~6 MB per app
LOG_BACKUPS = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
WAKE_MS = 500


@dataclass(frozen=True)
class AppInfo:
    """What names a running app: its log file, its Qt names and its heartbeat row."""

    name: str  # short: the log file's name and Qt's application name, e.g. "kiosk"
    title: str  # what a person reads, e.g. "Kiosk antrean"
    device: str  # the heartbeat's device name
    kind: str  # the heartbeat's device kind: "kiosk", "counter" or "display"


class Running(Protocol):
    """What an app's `build` returns: its shown window's parts, and how to stop them."""

    def health(self) -> dict[str, Any]: ...

    def stop(self) -> None: ...


def log_folder() -> Path:
    """The platform's log folder (e.g. ~/.local/state/walkin/log on Linux)."""
    return Path(platformdirs.user_log_dir("walkin", appauthor=False))


@contextmanager
def logging_to(name: str) -> Iterator[Path | None]:
    """Log INFO and above to stderr and to `<log folder>/<name>.log` (rotated) while inside.

    Yields the log file, or None when it cannot be written (then stderr only, and it says why).
    """
    file = _log_file(name)
    ours: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if isinstance(file, logging.Handler):
        ours.append(file)
    with _root_handlers(ours):
        if isinstance(file, str):
            log.warning("logging to stderr only: %s", file)
        yield Path(file.baseFilename) if isinstance(file, logging.Handler) else None


@contextmanager
def _root_handlers(handlers: list[logging.Handler]) -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    # The printer library calls logging.basicConfig() when imported: ours replace its handler.
    plain = [h for h in root.handlers if type(h) is logging.StreamHandler]
    for theirs in plain:
        root.removeHandler(theirs)
    for handler in handlers:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield
    finally:
        for handler in handlers:
            root.removeHandler(handler)
            handler.close()
        for theirs in plain:
            root.addHandler(theirs)
        root.setLevel(level)


def _log_file(name: str) -> RotatingFileHandler | str:
    """The rotating log file's handler, or why there is none."""
    path = log_folder() / f"{name}.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return RotatingFileHandler(path, "a", LOG_BYTES, LOG_BACKUPS, "utf-8")
    except OSError as error:
        return f"cannot write {path}: {error.strerror}"


@contextmanager
def quit_on_ctrl_c(app: QApplication) -> Iterator[None]:
    """Ctrl+C (SIGINT) ends the event loop, so that the shutdown below it still runs."""
    previous = signal.signal(signal.SIGINT, lambda *_: app.quit())
    # Python runs a signal handler only between its own bytecodes: wake it while Qt waits.
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(WAKE_MS)
    try:
        yield
    finally:
        wake.stop()
        signal.signal(signal.SIGINT, previous)


def qt_application(info: AppInfo) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(f"walkin-{info.name}")
    app.setApplicationDisplayName(info.title)
    return app


def run_app(info: AppInfo, db: Database, build: Callable[[QApplication], Running]) -> int:
    """Run an app until its window closes or Ctrl+C; then stop everything and close `db`.

    `build` makes and shows the window (and starts its reads) in the new Qt application.
    """
    try:
        require_display()
    except UserError:
        db.dispose()
        raise
    with logging_to(info.name) as path:
        log.info("%s starting on %s (log: %s)", info.name, db.label, path or "stderr")
        try:
            app = qt_application(info)
            running = build(app)
            try:
                return _loop(app, db, info, running)
            finally:
                running.stop()
        finally:
            db.dispose()
            log.info("%s stopped", info.name)


def _loop(app: QApplication, db: Database, info: AppInfo, running: Running) -> int:
    beat = Heartbeat(db, info.device, info.kind, running.health)
    beat.start()
    try:
        with quit_on_ctrl_c(app):
            return app.exec()
    finally:
        beat.stop()
