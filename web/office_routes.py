"""The office-wide endpoints: the page, its JSON and its event stream (no token needed)."""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from db.errors import DatabaseUnavailable, SchemaOutOfDate
from db.store.engine import Database
from db.views.queries import display_snapshot
from web.hub import OFFICE, STATUS, Subscription
from web.office_page import office_page
from web.payloads import office_payload, to_json
from web.responses import html, page_context, web_state
from web.streams import EventStream


def read_office(db: Database) -> str:
    """The office JSON straight from the database. Blocking: run in the thread pool."""
    return to_json(office_payload(display_snapshot(db)))


async def _office_json(request: Request) -> str:
    """From the hub's memory while it has a fresh copy; else read now."""
    state = web_state(request)
    cached = state.hub.office_json()
    return cached if cached is not None else await run_in_threadpool(read_office, state.db)


async def office_page_endpoint(request: Request) -> Response:
    data = json.loads(await _office_json(request))
    ctx = page_context(request, office=data["office"])
    return html(request, office_page(ctx, data))


async def office_api(request: Request) -> Response:
    return Response(await _office_json(request), media_type="application/json")


async def office_events(request: Request) -> Response:
    hub = web_state(request).hub
    sub = Subscription(None)
    sub.seen_refreshes = hub.refreshes_started
    try:
        sub.last_sent = await _office_json(request)
    except (DatabaseUnavailable, SchemaOutOfDate):
        return EventStream(hub, sub, [(STATUS, hub.status(online=False))])
    return EventStream(hub, sub, [(STATUS, hub.status()), (OFFICE, sub.last_sent)])
