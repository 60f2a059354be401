"""Runs the officer's actions and keeps the screen's snapshot fresh and honest about the link.

The database calls take milliseconds, so they run in the GUI thread behind a busy cursor; an
unreachable PostgreSQL server fails within the engine's 3 s connect timeout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from counter_app.desk import Attempt, Desk, DeskSnapshot
from counter_app.format import sentence
from db.errors import DatabaseUnavailable, UserError
from qtshared.changes import ChangeNotifier

RECHECK_MS = 2000
T = TypeVar("T")
# What to say when an action succeeds: nothing, a line, or a line made from its result.
Done = str | Callable[[T], str] | None


@contextmanager
def busy_cursor() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


class DeskController(QObject):
    """Owns a Desk's current snapshot; views connect to its signals.

    The link counts as lost when the notifier says so or when a call fails with
    DatabaseUnavailable; it is back when a fresh snapshot can be read. An action cut off by the
    loss is checked against the event log once the link is back, and the outcome is said.

    Signals:
        snapshot_changed(object): a new DeskSnapshot.
        message(str, str): a one-line message and its level ("ok", "info" or "error"); an empty
            one clears the line.
        online_changed(bool, str): the link came back (True, "") or was lost (False, reason).
    """

    snapshot_changed = Signal(object)
    message = Signal(str, str)
    online_changed = Signal(bool, str)

    def __init__(
        self,
        desk: Desk,
        notifier: ChangeNotifier,
        parent: QObject | None = None,
        *,
        recheck_ms: int = RECHECK_MS,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.snapshot: DeskSnapshot | None = None
        self.online = True
        self._notifier = notifier
        self._notifier_lost = False
        self._pending: Attempt | None = None
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(recheck_ms)
        self._recheck.timeout.connect(self._on_recheck)
        notifier.changed.connect(self._on_changed)
        notifier.connection_lost.connect(self._on_connection_lost)
        notifier.connection_restored.connect(self._on_connection_restored)

    def detach(self) -> None:
        """Stop listening (the officer signed out); the notifier lives on for the next one."""
        self._recheck.stop()
        self._notifier.changed.disconnect(self._on_changed)
        self._notifier.connection_lost.disconnect(self._on_connection_lost)
        self._notifier.connection_restored.disconnect(self._on_connection_restored)

    def refresh(self) -> bool:
        """Read a fresh snapshot; False when the database could not be read."""
        try:
            snapshot = self.desk.snapshot()
        except DatabaseUnavailable as error:
            self._go_offline(str(error))
            return False
        self.snapshot = snapshot
        self._go_online()
        self.snapshot_changed.emit(snapshot)
        return True

    def run(self, action: Callable[[], T], done: Done[T] = None) -> bool:
        """Run one action; say what went wrong in one line and always show the fresh state.

        The previous message goes as the action starts (a "finished" line must not linger over
        the next ticket); `done` is the line for success, or makes it from the action's result.
        """
        if not self.online:
            self.message.emit("Not connected to the database: wait for it to come back.", "error")
            return False
        self.desk.last_attempt = None
        self.message.emit("", "")
        with busy_cursor():
            try:
                result = action()
            except DatabaseUnavailable as error:
                self._interrupted(str(error))
                return False
            except UserError as error:
                self.message.emit(sentence(str(error)), "error")
                self.refresh()
                return False
            said = done(result) if callable(done) else done
            if said:
                self.message.emit(said, "ok")
            self.refresh()
        return True

    def _interrupted(self, reason: str) -> None:
        self._pending = self.desk.last_attempt
        self._go_offline(reason)
        if self._pending is not None:
            self.message.emit(
                f"{self._pending.label}: the connection dropped; not confirmed yet. "
                "The outcome is shown when it is back.",
                "error",
            )

    def _go_offline(self, reason: str) -> None:
        if self.online:
            self.online = False
            self.online_changed.emit(False, reason)
        if not self._notifier_lost and not self._recheck.isActive():
            self._recheck.start()  # the notifier saw nothing wrong: look again ourselves

    def _go_online(self) -> None:
        if self.online:
            return
        self.online = True
        self._recheck.stop()
        self.online_changed.emit(True, "")
        if self._pending is not None:
            self._report_outcome(self._pending)

    def _report_outcome(self, attempt: Attempt) -> None:
        try:
            happened = self.desk.happened(attempt)
        except DatabaseUnavailable as error:
            self._go_offline(str(error))
            return
        self._pending = None
        if happened:
            self.message.emit(f"Connection back. {attempt.label} was done.", "ok")
        else:
            self.message.emit(
                f"Connection back. {attempt.label} did NOT happen: do it again if needed.", "error"
            )

    def _on_changed(self, _batch: list[object]) -> None:
        self.refresh()

    def _on_connection_lost(self, reason: str) -> None:
        self._notifier_lost = True
        self._recheck.stop()
        self._go_offline(reason)

    def _on_connection_restored(self) -> None:
        self._notifier_lost = False
        self.refresh()

    def _on_recheck(self) -> None:
        if not self.online:
            self.refresh()
