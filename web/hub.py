"""The one background watcher that keeps every open page up to date.

A single thread listens for database changes. After each burst of changes it reads the office
snapshot once and every followed ticket with one `phone_tickets` call, whatever the number of open
pages, and hands each event stream its new JSON only when that JSON changed. When the database is
lost it tells every stream so, keeps listening again with a growing pause, and refreshes
everything once it is back.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Collection, Sequence
from contextlib import suppress
from datetime import datetime

from db.errors import UserError
from db.ops.notify import ChangeListener, listen
from db.rules.clock import utcnow
from db.services.devices import device_name, heartbeat
from db.store.engine import Database
from db.views.phone import PastTicket, PhoneTicket, phone_tickets
from db.views.queries import DisplaySnapshot, display_snapshot
from web.payloads import office_payload, status_payload, ticket_payload, to_json

log = logging.getLogger(__name__)

MIN_REFRESH_INTERVAL_S = 0.15  # a burst of changes costs one refresh
SAFETY_REFRESH_S = 30.0  # estimates and opening hours change without an event
HEARTBEAT_S = 30.0  # like the Qt apps: `walkin status` shows the server alive or silent
RETRY_DELAYS_S = (0.5, 1.0, 2.0, 5.0, 10.0)
POLL_FOLLOW_S = 120.0  # a polling page is followed this long after its last poll
_WAIT_S = 0.5

OFFICE = "office"
TICKET = "ticket"
STATUS = "status"

Snapshots = Callable[[Database], DisplaySnapshot]
Tickets = Callable[[Database, Collection[str]], dict[str, PhoneTicket | PastTicket]]
View = Callable[[str], str]


class Subscription:
    """One open event stream: the latest unsent JSON of each kind, and a wake-up for its task.

    The hub thread offers JSON when it changed, passed through the stream's `view` (the page's
    rendered update); the stream's task on the event loop takes it. Only the newest
    JSON of a kind is kept, so a slow phone skips states instead of piling them up.
    """

    def __init__(self, token: str | None, view: View = str) -> None:
        self.token = token
        self.kind = OFFICE if token is None else TICKET
        # What the page receives for a JSON: the page's rendering of it (called on the hub
        # thread, so that no rendering runs on the event loop), or the JSON itself.
        self.view = view
        self.last_sent: str | None = None  # touched by the hub thread only, once subscribed
        # Hub.refreshes_started when the stream's opening state was read: a refresh that began
        # between that read and the subscription did not include this stream.
        self.seen_refreshes = 0
        self._loop = asyncio.get_running_loop()
        self._pending: dict[str, str] = {}
        self._wake = asyncio.Event()
        self.closed = False

    def offer(self, kind: str, data: str) -> None:
        """Called from any thread."""
        with suppress(RuntimeError):  # the loop has closed: nobody is listening any more
            self._loop.call_soon_threadsafe(self._put, kind, data)

    def close(self) -> None:
        """End the stream (the server is stopping). Called from any thread."""
        with suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._close)

    def _put(self, kind: str, data: str) -> None:
        self._pending[kind] = data
        self._wake.set()

    def _close(self) -> None:
        self.closed = True
        self._wake.set()

    async def next(self, timeout: float) -> list[tuple[str, str]]:
        """The pending events (status first), or [] when `timeout` passes without any."""
        if not self._pending:
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)
        self._wake.clear()
        pending, self._pending = self._pending, {}
        return sorted(pending.items(), key=lambda item: item[0] != STATUS)


class Hub:
    """Listens, refreshes, and fans the results out to the subscribed streams."""

    def __init__(
        self,
        db: Database,
        *,
        listener: Callable[[Database], ChangeListener] = listen,
        snapshots: Snapshots = display_snapshot,
        tickets: Tickets = phone_tickets,
        min_interval: float = MIN_REFRESH_INTERVAL_S,
        safety_interval: float = SAFETY_REFRESH_S,
        retry_delays: Sequence[float] = RETRY_DELAYS_S,
        device: str | None = None,
        heartbeat_interval: float = HEARTBEAT_S,
        poll_follow: float = POLL_FOLLOW_S,
        poll_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._listen = listener
        self._snapshots = snapshots
        self._tickets = tickets
        self._min_interval = min_interval
        self._safety_interval = safety_interval
        self._retry_delays = tuple(retry_delays)
        self._device = device or device_name("web")
        self._heartbeat_interval = heartbeat_interval
        self._last_beat = float("-inf")
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._subs: set[Subscription] = set()
        # token -> poll_clock() at its last poll; a clock of its own so that tests can age a poll
        # without slowing down the refreshes, which run on real time
        self._polled: dict[str, float] = {}
        self._poll_follow = poll_follow
        self._poll_clock = poll_clock
        self._office: str | None = None
        self._tickets_json: dict[str, str] = {}
        self._online = True  # until proven otherwise: pages must not start with an alarm
        self._last_good: datetime | None = None
        self._timezone: str | None = None
        self.office_name = ""  # for page headers, known after the first refresh
        self._last_refresh = 0.0
        self.refreshes = 0  # how many refreshes ran (for tests and the benchmark)
        self.refreshes_started = 0
        self._wanted = threading.Event()

    # --- lifecycle, called from the app ----------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="web-hub", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    # --- what the request handlers ask ---------------------------------------------------------

    @property
    def online(self) -> bool:
        return self._online

    def status(self, *, online: bool | None = None) -> str:
        """The status JSON; `online=False` when a request just failed to read the database."""
        with self._lock:
            now_online = self._online if online is None else online
            return to_json(status_payload(now_online, self._last_good, self._timezone))

    def office_json(self) -> str | None:
        """The latest office JSON while the database answers, else None."""
        with self._lock:
            return self._office if self._online else None

    def ticket_json(self, token: str) -> str | None:
        """The latest JSON of a followed ticket while the database answers, else None."""
        with self._lock:
            return self._tickets_json.get(token) if self._online else None

    def follow_polls(self, token: str) -> None:
        """Keep a polling page's ticket in the refreshes for a while, to answer from memory."""
        with self._lock:
            self._polled[token] = self._poll_clock()

    def subscribe(self, sub: Subscription) -> None:
        with self._lock:
            self._subs.add(sub)
            missed = self.refreshes_started != sub.seen_refreshes
        if missed:
            self._wanted.set()

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            self._subs.discard(sub)

    def close_streams(self) -> None:
        """End every open stream cleanly, so that a stopping server need not cut them."""
        with self._lock:
            subs = list(self._subs)
        for sub in subs:
            sub.close()

    @property
    def streams(self) -> int:
        with self._lock:
            return len(self._subs)

    # --- the thread ------------------------------------------------------------------------------

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                listener = self._listen(self._db)
            except Exception as error:  # the thread must outlive any failure
                self._lost(error)
            else:
                try:
                    self._refresh()
                    failures = 0
                    self._follow(listener)
                except Exception as error:  # as above
                    self._lost(error)
                finally:
                    with suppress(Exception):
                        listener.close()
            delay = self._retry_delays[min(failures, len(self._retry_delays) - 1)]
            failures += 1
            self._stop.wait(delay)

    def _follow(self, listener: ChangeListener) -> None:
        """Refresh after changes (at most once per interval) and now and then regardless."""
        pending = False
        while not self._stop.is_set():
            now = time.monotonic()
            due = self._last_refresh + self._min_interval
            timeout = max(due - now, 0.01) if pending else _WAIT_S
            if listener.wait(timeout) or self._wanted.is_set():
                self._wanted.clear()
                pending = True
            now = time.monotonic()
            safety_due = now >= self._last_refresh + self._safety_interval
            if (pending and now >= due) or safety_due:
                self._refresh()
                pending = False
            if now >= self._last_beat + self._heartbeat_interval:
                self._beat(now)

    def _beat(self, now: float) -> None:
        self._last_beat = now
        try:
            heartbeat(self._db, self._device, "web", {})
        except UserError as error:
            # Only the heartbeat is lost: refreshes notice a real outage and tell the pages.
            log.debug("heartbeat skipped: %s", error)

    def _refresh(self) -> None:
        self._last_refresh = time.monotonic()
        with self._lock:
            self.refreshes_started += 1
        tokens = self._followed_tokens()
        snapshot = self._snapshots(self._db)
        found = self._tickets(self._db, tokens) if tokens else {}
        office = to_json(office_payload(snapshot))
        tickets = {token: to_json(ticket_payload(found.get(token))) for token in tokens}
        with self._lock:
            came_back = not self._online
            self._online = True
            self._last_good = utcnow()
            self._timezone = snapshot.timezone
            self.office_name = snapshot.office_name
            self._office, self._tickets_json = office, tickets
            subs = list(self._subs)
        self.refreshes += 1
        if came_back:
            log.info("the queue database answers again; every page is refreshed")
            self._send_status(subs)
        for sub in subs:
            data = office if sub.token is None else tickets.get(sub.token)
            if data is not None and data != sub.last_sent:
                sub.last_sent = data
                sub.offer(sub.kind, sub.view(data))

    def _followed_tokens(self) -> set[str]:
        horizon = self._poll_clock() - self._poll_follow
        with self._lock:
            self._polled = {t: at for t, at in self._polled.items() if at >= horizon}
            streamed = {sub.token for sub in self._subs if sub.token is not None}
            return streamed | set(self._polled)

    def _lost(self, error: Exception) -> None:
        with self._lock:
            was_online = self._online
            self._online = False
            subs = list(self._subs)
        if not was_online:
            return
        if isinstance(error, UserError):
            log.warning("pages show the queue as unreachable: %s", error)
        else:
            log.error(
                "pages show the queue as unreachable after an unexpected error", exc_info=error
            )
        self._send_status(subs)

    def _send_status(self, subs: list[Subscription]) -> None:
        status = self.status()
        for sub in subs:
            sub.offer(STATUS, status)
