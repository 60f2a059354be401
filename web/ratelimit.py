"""Per-client limits kept in memory: token buckets for requests, a cap on open event streams.

A client is the socket peer address. A guest Wi-Fi behind one NAT address looks like one client,
so the limits are parameters (`walkin web --requests-per-minute ...`).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

SWEEP_EVERY = 1024  # look for idle clients after this many new ones


@dataclass(frozen=True)
class Limits:
    """How much one client address may ask. Rates are per minute; bursts are bucket sizes."""

    requests_per_minute: float = 120.0
    request_burst: int = 60
    surveys_per_minute: float = 10.0
    survey_burst: int = 5
    streams_per_client: int = 20

    def __post_init__(self) -> None:
        numbers = (
            self.requests_per_minute,
            self.request_burst,
            self.surveys_per_minute,
            self.survey_burst,
            self.streams_per_client,
        )
        if min(numbers) <= 0:
            raise ValueError("every limit must be a positive number")


class TokenBuckets:
    """One bucket per client: `burst` tokens, refilled at `per_minute`; a request takes one."""

    def __init__(
        self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)
        self._new_since_sweep = 0

    def take(self, client: str) -> float:
        """0 when the request may go ahead, else the seconds until it may."""
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.get(client, (self._burst, now))
            if client not in self._buckets:
                self._new_since_sweep += 1
            tokens = min(self._burst, tokens + (now - at) * self._rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                self._sweep(now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1.0 - tokens) / self._rate

    def __len__(self) -> int:
        return len(self._buckets)

    def _sweep(self, now: float) -> None:
        # A bucket that would be full again is the same as no bucket: forget it, so that
        # memory follows the clients of the last minutes, not of the whole day.
        if self._new_since_sweep < SWEEP_EVERY:
            return
        self._new_since_sweep = 0
        refill = self._burst / self._rate
        self._buckets = {c: (t, at) for c, (t, at) in self._buckets.items() if now - at < refill}


class StreamSlots:
    """How many event streams each client holds open, with a cap."""

    def __init__(self, per_client: int) -> None:
        self._cap = per_client
        self._lock = threading.Lock()
        self._open: dict[str, int] = {}

    def acquire(self, client: str) -> bool:
        with self._lock:
            held = self._open.get(client, 0)
            if held >= self._cap:
                return False
            self._open[client] = held + 1
            return True

    def release(self, client: str) -> None:
        with self._lock:
            held = self._open.get(client, 0) - 1
            if held > 0:
                self._open[client] = held
            else:
                self._open.pop(client, None)

    def held(self, client: str) -> int:
        with self._lock:
            return self._open.get(client, 0)


class ClientLimits:
    """The buckets and stream slots of one app, built from its `Limits`."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.requests = TokenBuckets(limits.requests_per_minute, limits.request_burst, clock)
        self.surveys = TokenBuckets(limits.surveys_per_minute, limits.survey_burst, clock)
        self.streams = StreamSlots(limits.streams_per_client)


def retry_after(seconds: float) -> str:
    """A Retry-After value: whole seconds, at least one."""
    return str(max(1, math.ceil(seconds)))
