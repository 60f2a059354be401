"""Reporting, every 30 seconds, that this app is alive and how its hardware is."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from db.errors import UserError
from db.services.devices import heartbeat
from db.store.engine import Database

log = logging.getLogger(__name__)
INTERVAL_MS = 30_000


class Heartbeat(QObject):
    """Writes a heartbeat at start and then every 30 s; a lost database only skips beats."""

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
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.beat)

    def start(self) -> None:
        self.beat()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def beat(self) -> None:
        try:
            heartbeat(self._db, self._name, self._kind, self._health())
        except UserError as error:
            if not self._failing:
                log.warning("heartbeat of %s not recorded: %s", self._name, error)
            self._failing = True
            return
        self._failing = False
