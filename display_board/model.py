"""The display's model: the latest snapshot of the office, kept current from change notifications.

A `ChangeNotifier` reports each committed change; the model re-reads `display_snapshot` and
announces the calls and recalls it finds there. A notification is only a hint that something
changed: any database role can send one (or insert an event row) naming any ticket and counter,
so what is announced comes from the tickets table alone: a counter's ticket whose status is
"called", announced again when its `called_at` or `recall_count` changes. Only the counter role
can write those. The notifier's slow safety-net refresh covers a lost notification (the call is
then announced late rather than never). When the database goes away the model keeps its last
snapshot (the screen keeps showing it), reports that it is reconnecting, and recovers by itself
however long it takes.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from db.errors import UserError
from db.ops.notify import Change
from db.results import TicketView
from db.store.engine import Database
from db.store.models import TicketStatus
from db.views.queries import DisplaySnapshot, display_snapshot
from display_board.speech import Call
from qtshared.changes import ChangeNotifier

log = logging.getLogger(__name__)

READ_RETRY_MS = 2000

CallKey = tuple[int, datetime | None, int]  # ticket id, called_at, recall_count


class DisplayModel(QObject):
    """What one display shows, limited to some counters and services if asked.

    Args:
        db: the queue database.
        notifier: reports its changes (not started yet; `start()` starts it).
        counters: only these counter numbers (None: all).
        services: only these service codes (None: all).
        last: how many recent calls to keep.

    Signals:
        snapshot_changed(object): a new `DisplaySnapshot` was read.
        called(object): a `speech.Call` was called or recalled (announce it, highlight it).
        connection_changed(bool): False while reconnecting (the last snapshot stays), True again
            once the database answers.
    """

    snapshot_changed = Signal(object)
    called = Signal(object)
    connection_changed = Signal(bool)

    def __init__(
        self,
        db: Database,
        notifier: ChangeNotifier,
        parent: QObject | None = None,
        *,
        counters: Collection[int] | None = None,
        services: Collection[str] | None = None,
        last: int = 6,
        read_retry_ms: int = READ_RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._notifier = notifier
        self._counters = frozenset(counters) if counters is not None else None
        self._services = frozenset(s.upper() for s in services) if services is not None else None
        self._last = last
        self._snapshot: DisplaySnapshot | None = None
        self._heard: set[CallKey] | None = None  # None until the first snapshot
        self._link_ok = True
        self._read_ok = True
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(read_retry_ms)
        self._retry.timeout.connect(self.refresh)
        notifier.changed.connect(self._on_changes)
        notifier.connection_lost.connect(self._on_connection_lost)
        notifier.connection_restored.connect(self._on_connection_restored)

    @property
    def snapshot(self) -> DisplaySnapshot | None:
        """The latest snapshot read (None until the database first answers)."""
        return self._snapshot

    @property
    def connected(self) -> bool:
        return self._link_ok and self._read_ok

    def start(self) -> None:
        """Read the first snapshot and start following changes."""
        self.refresh()
        self._notifier.start()

    def stop(self) -> None:
        self._retry.stop()
        self._notifier.stop()

    def refresh(self) -> None:
        """Read the snapshot now; on failure keep the last one and retry a little later."""
        try:
            snapshot = display_snapshot(
                self._db, counters=self._counters, services=self._services, last=self._last
            )
        except UserError as error:
            self._set_state(read_ok=False)
            log.warning("cannot read the display snapshot: %s", error)
            if self._link_ok:
                self._retry.start()
            return
        self._snapshot = snapshot
        self._set_state(read_ok=True)
        self.snapshot_changed.emit(snapshot)
        self._announce_new_calls(snapshot)

    def _announce_new_calls(self, snapshot: DisplaySnapshot) -> None:
        # The first snapshot only tells what was already called before this display started.
        calls = self._calls_in(snapshot)
        heard, self._heard = self._heard, set(calls)
        if heard is None:
            return
        for key in sorted(set(calls) - heard, key=_call_order):
            self.called.emit(calls[key])

    def _calls_in(self, snapshot: DisplaySnapshot) -> dict[CallKey, Call]:
        calls = {}
        for counter in snapshot.counters:
            ticket = counter.current
            if ticket is not None and self._announces(ticket):
                key = (ticket.id, ticket.called_at, ticket.recall_count)
                calls[key] = Call(ticket.code, counter.number)
        return calls

    def _announces(self, ticket: TicketView) -> bool:
        if ticket.status != TicketStatus.CALLED:
            return False
        return self._services is None or ticket.service_code.upper() in self._services

    def _on_changes(self, batch: list[Change]) -> None:
        self.refresh()

    def _on_connection_lost(self, message: str) -> None:
        log.warning("display lost the database, reconnecting: %s", message)
        self._retry.stop()
        self._set_state(link_ok=False)

    def _on_connection_restored(self) -> None:
        log.info("display reconnected to the database")
        self._set_state(link_ok=True)
        self.refresh()

    def _set_state(self, *, link_ok: bool | None = None, read_ok: bool | None = None) -> None:
        before = self.connected
        if link_ok is not None:
            self._link_ok = link_ok
        if read_ok is not None:
            self._read_ok = read_ok
        if self.connected != before:
            self.connection_changed.emit(self.connected)


def _call_order(key: CallKey) -> tuple[float, int]:
    return (key[1].timestamp() if key[1] else 0.0, key[2])
