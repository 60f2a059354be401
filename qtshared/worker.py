"""Running blocking database work off the GUI thread, one job at a time per owner.

Qt widgets may only be touched from the GUI thread, and a database call can block for seconds
(an unreachable PostgreSQL server takes its whole connect timeout to fail). A `Worker` runs plain
functions on its own pool thread and hands each outcome back to the GUI thread through a queued
signal, so the slot that receives it runs where widgets live.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], report: Callable[[object, object], None]) -> None:
        super().__init__()
        self._work = work
        self._report = report

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # handed to the GUI thread, which decides what it means
            self._report(None, error)
            return
        self._report(result, None)


class Worker(QObject):
    """One background thread; `run(work)` queues a job, `finished` reports it in the GUI thread.

    Signals:
        finished(object, object): the job's result and None, or None and the exception it raised.
    """

    finished = Signal(object, object)
    _done = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # jobs run in order, never two against one owner
        self._done.connect(self.finished, Qt.ConnectionType.QueuedConnection)

    def run(self, work: Callable[[], Any]) -> None:
        self._pool.start(_Job(work, self._done.emit))

    def wait(self) -> None:
        """Block until every queued job has run (at shutdown)."""
        self._pool.waitForDone()
