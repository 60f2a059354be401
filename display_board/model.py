"""The display's model: the latest snapshot of the office, kept current from change notifications.

A `LiveSnapshot` re-reads `display_snapshot` off the GUI thread on each committed change; the model
announces the calls and recalls it finds there. A notification is only a hint that something
changed: any database role can send one (or insert an event row) naming any ticket and counter,
so what is announced comes from the tickets table alone: a counter's ticket whose status is
"called", announced again when its `called_at` or `recall_count` changes. Only the counter role
can write those. The notifier's slow safety-net refresh covers a lost notification (the call is
then announced late rather than never). When the database goes away the model keeps its last
snapshot (the screen keeps showing it), reports that it is reconnecting, and recovers by itself
however long it takes (any error the database layer names counts as an outage here: an
unattended screen keeps retrying rather than stop).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from functools import partial

from PySide6.QtCore import QObject, Signal

from db.errors import UserError
from db.results import TicketView
from db.store.engine import Database
from db.store.models import TicketStatus
from db.views.queries import DisplaySnapshot, display_snapshot
from display_board.speech import Call
from qtshared.changes import ChangeNotifier
from qtshared.live import RETRY_MS, LiveSnapshot

CallKey = tuple[int, datetime | None, int]  # ticket id, called_at, recall_count


class DisplayModel(QObject):
    """What one display shows, limited to some counters and services if asked.

    Args:
        db: the queue database.
        notifier: reports its changes (not started yet; `start()` starts it).
        counters: only these counter numbers (None: all).
        services: only these service codes (None: all).
        last: how many recent calls to keep.
        retry_ms: the delays between reads while the database cannot be read (the last repeats).

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
        retry_ms: tuple[int, ...] = RETRY_MS,
    ) -> None:
        super().__init__(parent)
        counters = frozenset(counters) if counters is not None else None
        self._services = frozenset(s.upper() for s in services) if services is not None else None
        read = partial(display_snapshot, counters=counters, services=self._services, last=last)
        self._live: LiveSnapshot[DisplaySnapshot] = LiveSnapshot(
            db, read, notifier, self, retry_ms=retry_ms, outages=(UserError,)
        )
        self._heard: set[CallKey] | None = None  # None until the first snapshot
        self._live.changed.connect(self._on_snapshot)
        self._live.offline.connect(lambda _: self.connection_changed.emit(False))
        self._live.online.connect(lambda: self.connection_changed.emit(True))
        self._notifier = notifier

    @property
    def snapshot(self) -> DisplaySnapshot | None:
        """The latest snapshot read (None until the database first answers)."""
        return self._live.snapshot

    @property
    def connected(self) -> bool:
        return self._live.is_online

    def start(self) -> None:
        """Read the first snapshot and start following changes."""
        self._live.refresh()
        self._notifier.start()

    def stop(self) -> None:
        self._live.stop()
        self._notifier.stop()

    def refresh(self) -> None:
        """Read the snapshot again (off the GUI thread); `snapshot_changed` brings it."""
        self._live.refresh()

    def _on_snapshot(self, snapshot: DisplaySnapshot) -> None:
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


def _call_order(key: CallKey) -> tuple[float, int]:
    return (key[1].timestamp() if key[1] else 0.0, key[2])
