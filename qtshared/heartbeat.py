"""Reporting, every 30 seconds, that this app is alive and how its hardware is."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from db.errors import UserError
from db.services.devices import heartbeat
from db.store.engine import Database
from qtshared.worker import Worker

log = logging.getLogger(__name__)
INTERVAL_MS = 30_000


class Heartbeat(QObject):
    """Writes a heartbeat at start and then every 30 s; a lost database only skips beats.

    The health is asked in the GUI thread (it describes widgets' hardware); the write runs on a
    worker thread, so a slow or unreachable database never freezes the screen. A beat due while
    the last one is still being written is skipped.

    Signals:
        written(bool): a beat was written (True) or could not be (False).
    """

    written = Signal(bool)

    def __init__(
        self,
        db: Database,
        name: str,
        kind: str,
        health: Callable[[], dict[str, Any]],
        parent: QObject | None = None,
        *,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._db, self._name, self._kind, self._health = db, name, kind, health
        self._failing = False
        self._writing = False
        self._worker = Worker(self)
        self._worker.finished.connect(self._on_written)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.beat)

    def start(self) -> None:
        self.beat()
        self._timer.start()

    def stop(self) -> None:
        """Stop beating and wait for a beat being written."""
        self._timer.stop()
        self._worker.wait()

    def beat(self) -> None:
        if self._writing:
            return
        self._writing = True
        db, name, kind, health = self._db, self._name, self._kind, self._health()
        self._worker.run(lambda: heartbeat(db, name, kind, health))

    def _on_written(self, _result: object, error: object) -> None:
        self._writing = False
        if isinstance(error, UserError):
            if not self._failing:
                log.warning("heartbeat of %s not recorded: %s", self._name, error)
            self._failing = True
        elif isinstance(error, BaseException):
            raise error
        else:
            self._failing = False
        self.written.emit(not self._failing)
