"""What every handler shares: the app's parts, the page language, and friendly error answers.

An error answer is a short page in the reader's language, or JSON for the scripts' endpoints; it
never contains a trace or a database message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.store.engine import Database
from web.html import PageContext, message_page
from web.hub import Hub
from web.ratelimit import ClientLimits, retry_after
from web.security import NONCE_KEY, CsrfTokens
from web.texts import COOKIE, LANGUAGES, choose_language, text

log = logging.getLogger(__name__)

LANGUAGE_COOKIE_AGE_S = 365 * 24 * 3600
UNAVAILABLE_RETRY_S = 10


@dataclass(frozen=True)
class WebState:
    """The parts of one running app, kept on `app.state.web`."""

    db: Database
    hub: Hub
    limits: ClientLimits
    csrf: CsrfTokens


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def language(request: Request) -> str:
    return choose_language(
        request.query_params.get("lang"),
        request.cookies.get(COOKIE),
        request.headers.get("accept-language"),
    )


def page_context(request: Request, *, path: str | None = None, office: str = "") -> PageContext:
    """The context of a page; `path` is where its language link points (default: here).

    The header names the office as the hub last read it, when the caller does not know better.
    """
    nonce: str = getattr(request.state, NONCE_KEY, "")
    office = office or web_state(request).hub.office_name
    return PageContext(language(request), nonce, path or request.url.path, office)


def wants_json(request: Request) -> bool:
    """Whether the caller is one of the pages' scripts (their endpoints speak JSON)."""
    path = request.url.path
    content_type = request.headers.get("content-type", "")
    return (
        path.startswith("/api/")
        or path.endswith("/events")
        or content_type.startswith("application/json")
    )


def html(request: Request, body: str, status: int = 200, **headers: str) -> HTMLResponse:
    """An HTML answer; a `?lang=` choice is remembered in a cookie."""
    response = HTMLResponse(body, status_code=status, headers=headers or None)
    response.headers["Vary"] = "Accept-Language, Cookie"
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        response.set_cookie(
            COOKIE, chosen, max_age=LANGUAGE_COOKIE_AGE_S, httponly=True, samesite="lax"
        )
    return response


def json_text(data: str) -> Response:
    """JSON already serialised (the hub keeps its JSON as text)."""
    return Response(data, media_type="application/json")


def json_answer(data: Any, status: int = 200, **headers: str) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=headers or None)


def refusal(
    request: Request,
    status: int,
    title_key: str,
    body: str,
    *,
    code: str,
    headers: dict[str, str] | None = None,
    link: tuple[str, str] | None = None,
    refresh_seconds: int | None = None,
    path: str | None = None,
) -> Response:
    """One error answer: a page for people, `{"error": code, "message": ...}` for scripts."""
    extra = headers or {}
    if wants_json(request):
        return json_answer({"error": code, "message": body}, status, **extra)
    ctx = page_context(request, path=path)
    page = message_page(ctx, title_key, body, link=link, refresh_seconds=refresh_seconds)
    return html(request, page, status, **extra)


def not_found(request: Request) -> Response:
    lang = language(request)
    return refusal(request, 404, "not_found_title", text(lang, "not_found_body"), code="not_found")


def page_missing(request: Request, status: int = 404) -> Response:
    lang = language(request)
    body = text(lang, "page_missing_body")
    return refusal(request, status, "page_missing_title", body, code="not_found", path="/")


def unavailable(request: Request) -> Response:
    """The queue database cannot be read: say so, and let the page try again by itself."""
    lang = language(request)
    response = refusal(
        request,
        503,
        "unavailable_title",
        text(lang, "unavailable_body"),
        code="database_unavailable",
        headers={"Retry-After": str(UNAVAILABLE_RETRY_S)},
        refresh_seconds=UNAVAILABLE_RETRY_S,
    )
    return response


def too_many(request: Request, wait_s: float) -> Response:
    seconds = retry_after(wait_s)
    lang = language(request)
    return refusal(
        request,
        429,
        "busy_title",
        text(lang, "busy_body", seconds=seconds),
        code="rate_limited",
        headers={"Retry-After": seconds},
    )


def server_error(request: Request) -> Response:
    lang = language(request)
    return refusal(
        request,
        500,
        "error_title",
        text(lang, "error_body"),
        code="server_error",
        link=(request.url.path, text(lang, "retry")),
    )


class CatchAll:
    """ASGI middleware: an unexpected exception is logged with its trace, and the person gets
    the friendly 500 page (before any byte of the response was sent; after, the link drops)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unexpected error answering %s %s", scope["method"], _safe_path(scope))
            if started:
                raise
            await server_error(Request(scope))(scope, receive, send)


def _safe_path(scope: Scope) -> str:
    # The token in a ticket path is the ticket's only secret: logs must not carry it.
    path: str = scope.get("path", "")
    parts = path.split("/")
    if len(parts) > 2 and parts[1] in ("t", "api"):
        parts = [p if len(p) < 16 else "…" for p in parts]
    return "/".join(parts)
