"""The app factory: routes, middleware, error pages, and the hub that runs with the app."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from db.errors import DatabaseUnavailable, NotFound, SchemaOutOfDate
from db.store.engine import Database
from web.hub import Hub
from web.office_routes import office_api, office_events, office_lists, office_page_endpoint
from web.ratelimit import ClientLimits, Limits
from web.responses import CatchAll, WebState, not_found, page_missing, unavailable
from web.security import CsrfTokens, SecurityHeaders
from web.survey_routes import survey_endpoint
from web.throttle import Throttle
from web.ticket_routes import ticket_api, ticket_card, ticket_events, ticket_page_endpoint

log = logging.getLogger(__name__)

OUTAGE_LOG_INTERVAL_S = 60.0

ROUTES = [
    Route("/", office_page_endpoint),
    Route("/events", office_events),
    Route("/api/office", office_api),
    Route("/api/office/lists", office_lists),
    Route("/t/{token}", ticket_page_endpoint),
    Route("/t/{token}/events", ticket_events),
    Route("/api/t/{token}", ticket_api),
    Route("/api/t/{token}/card", ticket_card),
    Route("/t/{token}/survey", survey_endpoint, methods=["POST"]),
]


def create_app(
    db: Database,
    *,
    limits: Limits | None = None,
    hub: Hub | None = None,
    csrf_secret: bytes | None = None,
) -> Starlette:
    """The phone companion for `db`. The hub starts and stops with the app's lifespan."""
    hub = hub or Hub(db)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        hub.start()
        try:
            yield
        finally:
            await run_in_threadpool(hub.stop)

    app = Starlette(
        routes=ROUTES,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(CatchAll),
            Middleware(GZipMiddleware, minimum_size=500),
            Middleware(Throttle),
        ],
        exception_handlers={
            NotFound: _not_found,
            DatabaseUnavailable: _unavailable,
            SchemaOutOfDate: _unavailable,
            HTTPException: _http_error,
        },
        lifespan=lifespan,
    )
    app.state.web = WebState(db, hub, ClientLimits(limits or Limits()), CsrfTokens(csrf_secret))
    return app


async def _not_found(request: Request, _error: Exception) -> Response:
    return not_found(request)


class _Occasionally:
    """True at most once per interval: hundreds of phones poll during an outage, and one log
    line a minute says it as well as one per poll."""

    def __init__(self, interval: float) -> None:
        self._interval = interval
        self._last = -interval

    def __call__(self) -> bool:
        now = time.monotonic()
        if now - self._last < self._interval:
            return False
        self._last = now
        return True


_outage_worth_logging = _Occasionally(OUTAGE_LOG_INTERVAL_S)


async def _unavailable(request: Request, error: Exception) -> Response:
    if _outage_worth_logging():
        log.warning("pages get 503 while the database is away: %s", error)
    return unavailable(request)


async def _http_error(request: Request, error: Exception) -> Response:
    status = error.status_code if isinstance(error, HTTPException) else 500
    return page_missing(request, status if status in (404, 405) else 404)
