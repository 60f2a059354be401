"""Security headers on every response, and the checks that keep other sites from posting surveys.

Each response gets a fresh nonce: the page's inline style and script carry it, and the
Content-Security-Policy allows nothing else to run or load. The ticket token is in the URL, so
no Referer may leave the page.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NONCE_KEY = "csp_nonce"


def content_security_policy(nonce: str) -> str:
    return (
        "default-src 'none'; "
        f"script-src 'nonce-{nonce}'; "
        f"style-src 'nonce-{nonce}'; "
        "connect-src 'self'; "
        "img-src 'self' data:; "
        "form-action 'self'; "
        "frame-ancestors 'none'; "
        "base-uri 'none'"
    )


class SecurityHeaders:
    """ASGI middleware: a nonce for the handlers (`request.state.csp_nonce`) and the headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})[NONCE_KEY] = nonce

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = content_security_policy(nonce)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                # Every answer is about a live queue: nothing may be kept by a browser or proxy.
                headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CsrfTokens:
    """Per-ticket form tokens: an HMAC of the ticket token under a secret of this server.

    No session is needed: the page carries the token, and only this server can make it. A new
    secret (a restart) makes open pages ask to be reloaded before posting.
    """

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def token_for(self, ticket_token: str) -> str:
        digest = hmac.new(self._secret, ticket_token.encode(), hashlib.sha256)
        return digest.hexdigest()[:32]

    def valid(self, ticket_token: str, offered: object) -> bool:
        # compare_digest raises on non-ASCII text; a real token is hex, so such text is wrong.
        if not isinstance(offered, str) or not offered.isascii():
            return False
        return hmac.compare_digest(self.token_for(ticket_token), offered)


def cross_site(headers: Headers) -> bool:
    """Whether the browser says the request comes from another site.

    `Sec-Fetch-Site` when the browser sends it; else a real `Origin` must name this host. With
    `Referrer-Policy: no-referrer` a same-site form post sends `Origin: null`, so `null` proves
    nothing either way and the form token decides.
    """
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None or origin == "null":
        return False
    return urlsplit(origin).netloc.lower() != headers.get("host", "").lower()
