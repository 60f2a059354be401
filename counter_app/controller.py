"""Runs the officer's actions and keeps the screen's snapshot fresh and honest about the link.

An action is one short write in the GUI thread behind a busy cursor; the snapshot (5-8 queries)
is read off the GUI thread by a `LiveSnapshot`, once per action: the action asks for it, and the
notification of the same change, when it comes back, is known as its echo and read no more.
Whether an action cut off by a lost link happened is looked up off the GUI thread too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication

from counter_app.desk import Attempt, Desk, DeskSnapshot
from counter_app.errors import explain
from db.errors import DatabaseUnavailable, UserError
from db.ops.notify import Change
from qtshared.changes import ChangeNotifier
from qtshared.live import RETRY_MS, LiveSnapshot
from qtshared.worker import Worker

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


def echo_of(attempt: Attempt) -> Callable[[Change], bool]:
    """Whether a notified change is the event this desk's own action recorded."""
    return lambda change: change.kind == attempt.kind and change.counter == attempt.counter


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
        retry_ms: Sequence[int] = RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.online = True
        self._pending: Attempt | None = None
        self.live: LiveSnapshot[DeskSnapshot] = LiveSnapshot(
            desk.db, lambda _: desk.snapshot(), notifier, self, retry_ms=retry_ms
        )
        self.live.changed.connect(self._on_snapshot)
        self.live.offline.connect(self._go_offline)
        self._checking = False  # whether an interrupted action is being looked up in the log
        self._checks = Worker(self)
        self._checks.finished.connect(self._on_checked)

    @property
    def snapshot(self) -> DeskSnapshot | None:
        return self.live.snapshot

    def detach(self) -> None:
        """Stop reading (the officer signed out); the notifier lives on for the next one."""
        self.live.stop()
        self._checks.wait()

    def refresh(self) -> None:
        """Read a fresh snapshot (off the GUI thread): `snapshot_changed` brings it."""
        self.live.refresh()

    def run(self, action: Callable[[], T], done: Done[T] = None) -> bool:
        """Run one action; say what went wrong in one line and always show the fresh state.

        The previous message goes as the action starts (a "finished" line must not linger over
        the next ticket); `done` is the line for success, or makes it from the action's result.
        """
        if not self.online:
            self.message.emit(
                self.tr("Not connected to the database: wait for it to come back."), "error"
            )
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
                self.message.emit(explain(error), "error")
                self.refresh()
                return False
        said = done(result) if callable(done) else done
        if said:
            self.message.emit(said, "ok")
        self._expect_echo()
        self.refresh()
        return True

    def _expect_echo(self) -> None:
        # This refresh shows the action's change: its notification, when it comes, is not news.
        attempt = self.desk.last_attempt
        if attempt is not None:
            self.live.expect_echo(echo_of(attempt))

    def _interrupted(self, reason: str) -> None:
        self._pending = self.desk.last_attempt
        self._go_offline(reason)
        self.refresh()  # fails too while the link is down, and is retried until it is back
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

    def _on_snapshot(self, snapshot: DeskSnapshot) -> None:
        if not self.online:
            self.online = True
            self.online_changed.emit(True, "")
        self.snapshot_changed.emit(snapshot)
        if self._pending is not None and not self._checking:
            self._checking = True
            desk, attempt = self.desk, self._pending
            self._checks.run(lambda: desk.happened(attempt))

    def _on_checked(self, happened: object, error: object) -> None:
        self._checking = False
        attempt, self._pending = self._pending, None
        if attempt is None:
            return
        if isinstance(error, DatabaseUnavailable):
            self._pending = attempt  # asked again once a snapshot can be read
            self._go_offline(str(error))
            self.refresh()
        elif isinstance(error, BaseException):
            raise error
        elif happened:
            done = self.tr("Connection back. {action} was done.")
            self.message.emit(done.format(action=attempt.label), "ok")
        else:
            lost = self.tr("Connection back. {action} did NOT happen: do it again if needed.")
            self.message.emit(lost.format(action=attempt.label), "error")
