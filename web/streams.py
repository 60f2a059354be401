"""Server-Sent Events: one response per open page, fed by its hub subscription.

The stream first sends the state it was opened with, then whatever the hub offers, and a comment
line every 15 s so that phones, proxies and NAT boxes keep the idle connection open.
"""

from __future__ import annotations

from collections.abc import Sequence

import anyio
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from web.hub import Hub, Subscription

KEEPALIVE_S = 15.0
RECONNECT_MS = 3000  # how soon a browser reconnects on its own after a dropped stream


def frame(kind: str, data: str) -> str:
    """One event; `data` is compact JSON, which holds no line breaks."""
    return f"event: {kind}\ndata: {data}\n\n"


class EventStream(Response):
    """A streaming response that subscribes to the hub while the client stays connected."""

    media_type = "text/event-stream"

    def __init__(
        self,
        hub: Hub,
        sub: Subscription,
        first: Sequence[tuple[str, str]],
        *,
        keepalive: float | None = None,
    ) -> None:
        # Not Response.__init__: it would announce an empty body (Content-Length: 0).
        self.status_code = 200
        self.background = None
        self.init_headers({"X-Accel-Buffering": "no"})
        self._hub = hub
        self._sub = sub
        self._first = first
        self._keepalive = keepalive or KEEPALIVE_S

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        self._hub.subscribe(self._sub)
        try:
            async with anyio.create_task_group() as group:
                group.start_soon(self._until_disconnect, receive, group.cancel_scope)
                await self._pump(send)
                group.cancel_scope.cancel()  # the server ended the stream: stop listening too
        finally:
            self._hub.unsubscribe(self._sub)

    async def _pump(self, send: Send) -> None:
        opening = f"retry: {RECONNECT_MS}\n\n" + "".join(frame(k, d) for k, d in self._first)
        await _body(send, opening)
        while True:
            events = await self._sub.next(self._keepalive)
            if self._sub.closed:
                break
            await _body(send, "".join(frame(k, d) for k, d in events) or ": keepalive\n\n")
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    @staticmethod
    async def _until_disconnect(receive: Receive, scope: anyio.CancelScope) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        scope.cancel()


async def _body(send: Send, chunk: str) -> None:
    await send({"type": "http.response.body", "body": chunk.encode(), "more_body": True})
