"""The ticket's endpoints: its page, its JSON, its event stream, and its rendered updates.

A malformed token is answered 404 before the database is touched. Database calls are blocking, so
they run in the thread pool, never on the event loop.
"""

from __future__ import annotations

from functools import partial

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from db.errors import DatabaseUnavailable, NotFound, SchemaOutOfDate
from db.views.phone import PastTicket, PhoneTicket, looks_like_token, phone_ticket
from db.views.queries import office_info
from web.html import message_page
from web.hub import STATUS, TICKET, Subscription
from web.payloads import ticket_payload, to_json
from web.responses import (
    WebState,
    html,
    json_text,
    language,
    not_found,
    page_context,
    web_state,
)
from web.streams import EventStream
from web.texts import long_date, text
from web.ticket_card import update_json
from web.ticket_page import SurveyForm, ticket_page


def token_of(request: Request) -> str | None:
    """The path's token, or None when it cannot be a token at all."""
    token: str = request.path_params["token"]
    return token if looks_like_token(token) else None


def read_ticket(state: WebState, token: str) -> tuple[PhoneTicket | PastTicket, str]:
    """The ticket and the office name (for the page header). Blocking: run in the thread pool."""
    found = phone_ticket(state.db, token)
    return found, state.hub.office_name or office_info(state.db).name


async def ticket_page_endpoint(request: Request) -> Response:
    token = token_of(request)
    if token is None:
        return not_found(request)
    state = web_state(request)
    found, office = await run_in_threadpool(read_ticket, state, token)
    return render_ticket(request, token, found, office, SurveyForm(state.csrf.token_for(token)))


def render_ticket(
    request: Request,
    token: str,
    found: PhoneTicket | PastTicket,
    office: str,
    survey: SurveyForm,
    status: int = 200,
) -> Response:
    """The ticket's page, or for a ticket of an earlier day only that day (410 Gone)."""
    ctx = page_context(request, path=f"/t/{token}", office=office)
    if isinstance(found, PastTicket):
        body = text(ctx.lang, "past_body", date=long_date(found.business_date, ctx.lang))
        return html(request, message_page(ctx, "past_title", body), 410)
    data = ticket_payload(found)
    return html(request, ticket_page(ctx, token, data, survey), status)


async def ticket_api(request: Request) -> Response:
    """The ticket's JSON."""
    token = token_of(request)
    if token is None:
        return not_found(request)
    return json_text(await _ticket_json(request, token))


async def ticket_card(request: Request) -> Response:
    """The polling fallback: the page's update in its language, as the stream would send it."""
    token = token_of(request)
    if token is None:
        return not_found(request)
    data = await _ticket_json(request, token)
    return json_text(update_json(language(request), data))


async def _ticket_json(request: Request, token: str) -> str:
    """From the hub's memory when it follows the ticket; a poll keeps it followed a while."""
    hub = web_state(request).hub
    data = hub.ticket_json(token)
    if data is None:
        found = await run_in_threadpool(phone_ticket, web_state(request).db, token)
        data = to_json(ticket_payload(found))
    hub.follow_polls(token)
    return data


async def ticket_events(request: Request) -> Response:
    token = token_of(request)
    if token is None:
        return not_found(request)
    state = web_state(request)
    sub = Subscription(token, partial(update_json, language(request)))
    sub.seen_refreshes = state.hub.refreshes_started
    try:
        found = await run_in_threadpool(phone_ticket, state.db, token)
    except NotFound:
        return not_found(request)
    except (DatabaseUnavailable, SchemaOutOfDate):
        # The page learns that the database is away; the hub fills the ticket in once it is back.
        return EventStream(state.hub, sub, [(STATUS, state.hub.status(online=False))])
    sub.last_sent = to_json(ticket_payload(found))
    opening = [(STATUS, state.hub.status()), (TICKET, sub.view(sub.last_sent))]
    return EventStream(state.hub, sub, opening)
