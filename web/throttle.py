"""ASGI middleware that applies the per-client limits of web/ratelimit.py to every request."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from web.responses import client_address, too_many, web_state

STREAM_RETRY_S = 30.0


class Throttle:
    """Surveys draw on their own small bucket; everything else on the request bucket, and an
    event stream also holds one of the client's stream slots for as long as it stays open."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        limits = web_state(request).limits
        client = client_address(request)
        path: str = scope["path"]
        is_survey = scope["method"] == "POST" and path.endswith("/survey")
        wait = (limits.surveys if is_survey else limits.requests).take(client)
        if wait > 0:
            await too_many(request, wait)(scope, receive, send)
            return
        if not path.endswith("/events"):
            await self.app(scope, receive, send)
            return
        if not limits.streams.acquire(client):
            await too_many(request, STREAM_RETRY_S)(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            limits.streams.release(client)
