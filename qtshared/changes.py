"""Database change notifications as Qt signals, in the GUI thread and without extra threads."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from db.errors import DatabaseUnavailable
from db.ops import notify
from db.store.engine import Database

DEAD_CHECK_MS = 1000  # PostgreSQL: how often to poll a quiet socket to notice a dead link


class ChangeNotifier(QObject):
    """Watches one database and reports its committed changes as Qt signals.

    PostgreSQL pushes: a QSocketNotifier on the listener's socket reads notifications as they
    arrive, and a slow poll notices a dead link. SQLite cannot push: a timer polls the cheap
    `PRAGMA data_version`. While connected, a slow safety-net timer emits an empty batch so that
    views re-read their snapshot even if a notification was lost. An unreachable database never
    raises: it is reported and retried forever, with a backoff capped at the last `retry_ms` value.

    Signals:
        changed(list): a batch of `db.ops.notify.Change`, oldest first; an empty batch asks views to
            re-read their snapshot.
        connection_lost(str): the database cannot be reached (a one-line message); once per outage.
        connection_restored(): the link is back; notifications may have been missed meanwhile, so
            views should re-read everything.
    """

    changed = Signal(list)
    connection_lost = Signal(str)
    connection_restored = Signal()

    def __init__(
        self,
        db: Database,
        parent: QObject | None = None,
        *,
        poll_interval_ms: int = 100,
        safety_refresh_ms: int = 30_000,
        retry_ms: Sequence[int] = (500, 1000, 2000, 5000),
    ) -> None:
        super().__init__(parent)
        if not retry_ms:
            raise ValueError("retry_ms needs at least one delay")
        self._db = db
        self._poll_interval_ms = poll_interval_ms
        self._retry_ms = tuple(retry_ms)
        self._attempt = 0
        self._running = False
        self._lost = False
        self._listener: notify.ChangeListener | None = None
        self._socket: QSocketNotifier | None = None
        self._poll_timer = self._timer(poll_interval_ms, self._poll)
        self._safety_timer = self._timer(safety_refresh_ms, self._on_safety_timeout)
        self._retry_timer = self._timer(self._retry_ms[0], self._connect)
        self._retry_timer.setSingleShot(True)

    def start(self) -> None:
        """Connect and start watching; if the database is unreachable, report it and retry.

        Connect the signals first: a failure to connect is reported from within this call.
        """
        if self._running:
            return
        self._running = True
        self._attempt = 0
        self._safety_timer.start()
        self._connect()

    def stop(self) -> None:
        """Stop the timers and close the listener; safe to call more than once."""
        self._running = False
        self._safety_timer.stop()
        self._retry_timer.stop()
        self._drop_listener()

    def _timer(self, interval_ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    def _connect(self) -> None:
        try:
            listener = notify.listen(self._db)
        except DatabaseUnavailable as error:
            self._lose(str(error))
            return
        self._listener = listener
        self._attempt = 0
        self._watch(listener.fileno())
        if self._lost:
            self._lost = False
            self.connection_restored.emit()

    def _watch(self, fd: int | None) -> None:
        if fd is None:
            self._poll_timer.setInterval(self._poll_interval_ms)
        else:
            self._socket = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._socket.activated.connect(self._poll)
            self._poll_timer.setInterval(DEAD_CHECK_MS)
        self._poll_timer.start()

    def _poll(self) -> None:
        if self._listener is None:
            return
        try:
            changes = self._listener.poll()
        except DatabaseUnavailable as error:
            self._lose(str(error))
            return
        if changes:
            self.changed.emit(changes)

    def _lose(self, message: str) -> None:
        self._drop_listener()
        self._retry_timer.start(self._retry_ms[self._attempt])
        self._attempt = min(self._attempt + 1, len(self._retry_ms) - 1)
        if not self._lost:
            self._lost = True
            self.connection_lost.emit(message)

    def _drop_listener(self) -> None:
        self._poll_timer.stop()
        if self._socket is not None:
            # Stop watching the descriptor before it is closed; we may be inside its signal.
            self._socket.setEnabled(False)
            self._socket.deleteLater()
            self._socket = None
        if self._listener is not None:
            listener, self._listener = self._listener, None
            listener.close()

    def _on_safety_timeout(self) -> None:
        if self._listener is not None:  # while the link is down, views wait for connection_restored
            self.changed.emit([])
