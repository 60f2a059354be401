"""A snapshot of the database that keeps itself current: the shared shell of the three apps.

Each app shows one frozen snapshot read by a plain function of the db layer. `LiveSnapshot` runs
that function on a worker thread whenever the database changes, hands the result to the GUI
thread, says when the database goes away and comes back, and retries while it is away. Views
connect to its signals and never read the database themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from db.errors import DatabaseUnavailable, SchemaOutOfDate
from db.ops.notify import Change
from db.store.engine import Database
from qtshared.changes import ChangeNotifier
from qtshared.worker import Worker

log = logging.getLogger(__name__)

S = TypeVar("S")
OUTAGES: tuple[type[Exception], ...] = (DatabaseUnavailable, SchemaOutOfDate)
RETRY_MS = (500, 1000, 2000, 5000)
Echo = Callable[[Change], bool]
ECHOES_KEPT = 4


class LiveSnapshot(QObject, Generic[S]):
    """The latest snapshot `read(db)` returned, re-read off the GUI thread on every change.

    Bursts coalesce: a change that arrives while a read runs asks for exactly one more read after
    it, however many arrive. A read that fails with one of `outages` makes it offline (the last
    snapshot stays); it retries with the `retry_ms` backoff (the last delay repeats) until a read
    succeeds, unless the notifier has lost the link too: then its `connection_restored` is awaited.
    Any other exception is a bug and is raised again in the GUI thread.

    Signals:
        changed(object): a fresh snapshot.
        offline(str): the database cannot be read (a one-line reason); once per outage.
        online(): a read succeeded again after an outage (`changed` follows at once).
    """

    changed = Signal(object)
    offline = Signal(str)
    online = Signal()

    def __init__(
        self,
        db: Database,
        read: Callable[[Database], S],
        notifier: ChangeNotifier | None = None,
        parent: QObject | None = None,
        *,
        retry_ms: Sequence[int] = RETRY_MS,
        outages: tuple[type[Exception], ...] = OUTAGES,
    ) -> None:
        super().__init__(parent)
        if not retry_ms:
            raise ValueError("retry_ms needs at least one delay")
        self._db, self._read, self._outages = db, read, outages
        self._retry_ms = tuple(retry_ms)
        self._attempt = 0
        self.snapshot: S | None = None
        self.is_online = True
        self._reading = self._again = self._stopped = self._link_lost = False
        self._echoes: list[Echo] = []
        self._worker = Worker(self)
        self._worker.finished.connect(self._on_read)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.refresh)
        self._notifier = notifier
        if notifier is not None:
            notifier.changed.connect(self._on_changes)
            notifier.connection_lost.connect(self._on_link_lost)
            notifier.connection_restored.connect(self._on_link_restored)

    @property
    def reading(self) -> bool:
        """Whether a read is running (or queued on the worker)."""
        return self._reading

    def refresh(self) -> None:
        """Read again soon; while a read runs, once more after it (never two at a time)."""
        if self._stopped:
            return
        if self._reading:
            self._again = True
            return
        self._reading = True
        self._retry.stop()
        db, read = self._db, self._read
        self._worker.run(lambda: read(db))

    def settle(self, timeout_ms: int = 10_000) -> bool:
        """Run the event loop until the reads asked for so far have arrived (scripts and tests;
        an app just connects to `changed`). False if they had not within `timeout_ms`."""
        loop = QEventLoop()
        self._worker.finished.connect(loop.quit)
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(loop.quit)
        deadline.start(timeout_ms)
        while self._reading and deadline.isActive():
            loop.exec()
        self._worker.finished.disconnect(loop.quit)
        return not self._reading

    def expect_echo(self, echo: Echo) -> None:
        """This app just made a change and refreshed: its notification is not news.

        The first change of a later batch that `echo` matches is dropped instead of causing a
        read; a batch with anything else in it is read as usual. Only the last few are kept: an
        echo that never came (a lost notification) must not hide other changes for long.
        """
        self._echoes = [*self._echoes[-(ECHOES_KEPT - 1) :], echo]

    def stop(self) -> None:
        """No more reads: stops the retries, leaves the notifier, waits for a running read.

        The notifier is the caller's to stop: it may outlive this snapshot (the counter app keeps
        one for the sign-in page and each officer's desk in turn).
        """
        self._stopped = True
        self._retry.stop()
        if self._notifier is not None:
            self._notifier.changed.disconnect(self._on_changes)
            self._notifier.connection_lost.disconnect(self._on_link_lost)
            self._notifier.connection_restored.disconnect(self._on_link_restored)
            self._notifier = None
        self._worker.wait()

    def _on_read(self, snapshot: object, error: object) -> None:
        self._reading = False
        if self._stopped:
            return
        if isinstance(error, self._outages):
            self._go_offline(str(error))
        elif isinstance(error, BaseException):
            raise error
        else:
            self._show(snapshot)  # type: ignore[arg-type]  # what `read` returned
        if self._again:
            self._again = False
            self.refresh()

    def _show(self, snapshot: S) -> None:
        self.snapshot = snapshot
        self._attempt = 0
        self._retry.stop()
        if not self.is_online:
            self.is_online = True
            log.info("the database answers again")
            self.online.emit()
        self.changed.emit(snapshot)

    def _go_offline(self, reason: str) -> None:
        if self.is_online:
            self.is_online = False
            log.warning("cannot read the database: %s", reason)
            self.offline.emit(reason)
        if not self._link_lost and not self._again:
            self._retry.start(self._retry_ms[self._attempt])
            self._attempt = min(self._attempt + 1, len(self._retry_ms) - 1)

    def _on_changes(self, batch: list[Change]) -> None:
        news = [change for change in batch if not self._is_echo(change)]
        if news or not batch:  # an empty batch is the notifier's safety-net refresh
            self.refresh()

    def _is_echo(self, change: Change) -> bool:
        for echo in self._echoes:
            if echo(change):
                self._echoes.remove(echo)
                return True
        return False

    def _on_link_lost(self, reason: str) -> None:
        self._link_lost = True
        self._retry.stop()  # the notifier retries the link; its restoration triggers a read
        self._go_offline(reason)

    def _on_link_restored(self) -> None:
        self._link_lost = False
        self._echoes.clear()  # whatever was missed meanwhile is read now anyway
        self.refresh()
