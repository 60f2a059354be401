"""Limits on the sockets themselves, before any request exists: uvicorn has none of these.

Phones hold one long event stream each, so hundreds of connections at once are normal. What is
not normal is one address holding a thousand sockets that never finish a request head: that
once used up every file descriptor and made every page hang. So:

- at most `max_connections` sockets at once (kept below the process's open-file limit), and at
  most `per_client` from one address; a socket beyond either is closed at once, unread;
- a request (its head, and a body if any) must arrive within `request_timeout` of the connection
  opening or of the previous response ending, else the server answers 408 and closes;
- an idle kept-alive connection is closed after `keep_alive_timeout` (uvicorn's own timer).

A trusted proxy speaks for every phone: its address has no per-client cap (the total still holds).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

if sys.platform != "win32":  # Windows has no RLIMIT_NOFILE
    import resource

log = logging.getLogger(__name__)

FD_RESERVE = 100  # database pool, log file, listeners, thread pool: what is not a phone
# asyncio accepts up to `backlog` sockets per loop turn, and a refused one is closed three turns
# later: a flood holds up to four batches beyond the counted sockets. The kernel queue is the
# same number: a burst of phones connecting at once waits there for the next turn.
BACKLOG = 128
FD_HEADROOM = FD_RESERVE + 4 * BACKLOG
MIN_CONNECTIONS = 16
REFUSAL_LOG_INTERVAL_S = 60.0
SERVER_FULL = "server_full"
CLIENT_FULL = "client_full"


@dataclass(frozen=True)
class ConnectionLimits:
    """How many sockets, and how long a request may take to arrive (`walkin web` flags)."""

    max_connections: int = 4000  # a thousand phones with a page open each, and room to spare
    per_client: int = 100
    request_timeout: float = 10.0
    keep_alive_timeout: int = 5  # whole seconds: uvicorn's setting

    def __post_init__(self) -> None:
        numbers = (
            self.max_connections,
            self.per_client,
            self.request_timeout,
            self.keep_alive_timeout,
        )
        if min(numbers) <= 0:
            raise ValueError("every connection limit must be a positive number")


class ConnectionGuard:
    """Counts the open sockets of one server, in total and per address. Event loop only."""

    def __init__(
        self,
        limits: ConnectionLimits,
        *,
        exempt: frozenset[str] = frozenset(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits
        self._exempt = exempt
        self._clock = clock
        self._open: dict[str, int] = {}
        self.total = 0
        self._refused: dict[str, int] = {}  # reason -> refusals not logged yet
        self._last_log = float("-inf")

    def admit(self, client: str) -> str | None:
        """None when the socket may stay (and is counted), else why it may not."""
        held = self._open.get(client, 0)
        if self.total >= self.limits.max_connections:
            return self._refuse(SERVER_FULL, client)
        if held >= self.limits.per_client and client not in self._exempt:
            return self._refuse(CLIENT_FULL, client)
        self._open[client] = held + 1
        self.total += 1
        return None

    def release(self, client: str) -> None:
        held = self._open.get(client, 0) - 1
        if held > 0:
            self._open[client] = held
        else:
            self._open.pop(client, None)
        self.total -= 1

    def held(self, client: str) -> int:
        return self._open.get(client, 0)

    def _refuse(self, reason: str, client: str) -> str:
        # A flood means thousands of refusals: one line a minute tells the operator enough.
        self._refused[reason] = self._refused.get(reason, 0) + 1
        now = self._clock()
        if now - self._last_log >= REFUSAL_LOG_INTERVAL_S:
            self._last_log = now
            counts, self._refused = self._refused, {}
            log.warning(
                "refused connections: %d with %d open in all (--max-connections %d), "
                "%d from one address (--connections-per-client %d; the last from %s)",
                counts.get(SERVER_FULL, 0),
                self.total,
                self.limits.max_connections,
                counts.get(CLIENT_FULL, 0),
                self.limits.per_client,
                client,
            )
        return reason


def fit_open_file_limit(limits: ConnectionLimits) -> ConnectionLimits:
    """Raise the soft open-file limit as far as the hard one allows, if `max_connections`
    needs it, and lower `max_connections` below what remains: a full descriptor table makes
    accept() fail, and then every new connection waits instead of only the refused ones."""
    if sys.platform == "win32":
        return limits
    needed = limits.max_connections + FD_HEADROOM
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError) as error:
            log.warning("cannot raise the open-file limit from %d: %s", soft, error)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return limits
    allowed = max(soft - FD_HEADROOM, MIN_CONNECTIONS)
    log.warning(
        "the open-file limit is %d (hard %d): at most %d connections instead of %d; "
        "raise it (ulimit -n, or LimitNOFILE= in the service) to allow more",
        soft,
        hard,
        allowed,
        limits.max_connections,
    )
    return replace(limits, max_connections=allowed)
