"""The office-wide endpoints: the page, its JSON, its event stream and its rendered updates (no
token needed)."""

from __future__ import annotations

import json
from functools import partial

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from db.errors import DatabaseUnavailable, SchemaOutOfDate
from db.store.engine import Database
from db.views.queries import display_snapshot
from web.hub import OFFICE, STATUS, Subscription
from web.office_page import office_page, update_json
from web.payloads import office_payload, to_json
from web.responses import html, json_text, language, page_context, web_state
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
    return json_text(await _office_json(request))


async def office_lists(request: Request) -> Response:
    """The polling fallback: the page's update in its language, as the stream would send it."""
    return json_text(update_json(language(request), await _office_json(request)))


async def office_events(request: Request) -> Response:
    hub = web_state(request).hub
    sub = Subscription(None, partial(update_json, language(request)))
    sub.seen_refreshes = hub.refreshes_started
    try:
        sub.last_sent = await _office_json(request)
    except (DatabaseUnavailable, SchemaOutOfDate):
        return EventStream(hub, sub, [(STATUS, hub.status(online=False))])
    return EventStream(hub, sub, [(STATUS, hub.status()), (OFFICE, sub.view(sub.last_sent))])
