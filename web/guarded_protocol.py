"""uvicorn's h11 protocol with the socket limits of web/connections.py applied.

uvicorn makes one protocol object per accepted socket. This subclass asks the guard whether the
socket may stay before anything is read, and keeps a timer running whenever a request is due
but not complete: from the connection's start, and again from the end of each response (uvicorn
then starts the next cycle and handles its events).
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from web.connections import ConnectionGuard

# Sent without h11: no request exists for it to answer. A browser retries a request on a reused
# connection that says this, so a phone that merely waited too long sees nothing.
REQUEST_TIMEOUT = (
    b"HTTP/1.1 408 Request Timeout\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: 15\r\n"
    b"Connection: close\r\n"
    b"\r\n"
    b"Request Timeout"
)
_WAITING = (h11.IDLE, h11.SEND_BODY)  # their states while a request is due or arriving


class GuardedH11Protocol(H11Protocol):
    """Set `guard` on a subclass (`guarded_protocol`); uvicorn builds one object per socket."""

    guard: ClassVar[ConnectionGuard]
    _peer = ""
    _admitted = False
    _timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._peer = self.client[0] if self.client else ""
        if self.guard.admit(self._peer) is not None:
            transport.close()  # refused for load: at once, never after a wait
            return
        self._admitted = True
        self._watch_request()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()
        if self._admitted:
            self._admitted = False
            self.guard.release(self._peer)
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        self._watch_request()

    def _watch_request(self) -> None:
        due = self.conn.their_state in _WAITING and not self.transport.is_closing()
        if due and self._timer is None:
            timeout = self.guard.limits.request_timeout
            self._timer = self.loop.call_later(timeout, self._request_too_slow)
        elif not due:
            self._stop_timer()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _request_too_slow(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.IDLE and self.conn.our_state is h11.IDLE:
            self.transport.write(REQUEST_TIMEOUT)
        # Mid-body, an app task may be reading: closing tells it the client is gone.
        self.transport.close()


def guarded_protocol(guard: ConnectionGuard) -> type[GuardedH11Protocol]:
    """The protocol class for one server's `uvicorn.Config(http=...)`."""
    return type("ServerProtocol", (GuardedH11Protocol,), {"guard": guard})
