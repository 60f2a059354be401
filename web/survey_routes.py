"""POST /t/{token}/survey: the only endpoint that writes, for a plain form and for the script.

A form post gets 303 back to the ticket page (it works without JavaScript); the script's JSON
post gets JSON. Posts from other sites are refused: the browser's Sec-Fetch-Site or Origin, and
a per-ticket form token that only this server can make.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from db.errors import InvalidSurvey, SurveyAlreadyAnswered, SurveyClosed
from db.services.survey import submit_survey
from db.store.models import SKM_ITEMS
from web.responses import json_answer, language, not_found, refusal, wants_json, web_state
from web.security import cross_site
from web.texts import text
from web.ticket_page import SurveyForm
from web.ticket_routes import read_ticket, render_ticket, token_of

MAX_BODY_BYTES = 16 * 1024
_RATINGS = {"1": 1, "2": 2, "3": 3, "4": 4}

Posted = tuple[object, Mapping[str, object]]  # (form token, answers as sent)


async def survey_endpoint(request: Request) -> Response:
    token = token_of(request)
    if token is None:
        return not_found(request)
    lang = language(request)
    if cross_site(request.headers):
        return _refuse(request, token, 403, "page_expired", "cross_site")
    raw = await _body(request)
    if raw is None:
        return refusal(request, 413, "bad_request_title", "", code="too_large")
    posted = _parse_json(raw) if wants_json(request) else _parse_form(raw)
    if posted is None:
        body = text(lang, "survey_incomplete")
        return refusal(request, 400, "bad_request_title", body, code="bad_request")
    offered, sent = posted
    state = web_state(request)
    if not state.csrf.valid(token, offered):
        return _refuse(request, token, 403, "page_expired", "page_expired")
    answers = checked_answers(sent)
    if answers is None:
        return await _incomplete(request, token, sent)
    try:
        await run_in_threadpool(submit_survey, state.db, token, answers)
    except InvalidSurvey:
        return await _incomplete(request, token, sent)
    except SurveyAlreadyAnswered:
        return _refuse(request, token, 409, "survey_twice", "survey_answered")
    except SurveyClosed:
        return _refuse(request, token, 409, "survey_closed", "survey_closed")
    if wants_json(request):
        return json_answer({"ok": True, "survey": "answered"})
    return RedirectResponse(f"/t/{token}", status_code=303)


def checked_answers(sent: Mapping[str, object]) -> dict[str, int] | None:
    """Ratings 1-4 for exactly the nine SKM items, or None. Form strings count as numbers."""
    if set(sent) != set(SKM_ITEMS):
        return None
    answers: dict[str, int] = {}
    for item, value in sent.items():
        if isinstance(value, str) and value in _RATINGS:
            answers[item] = _RATINGS[value]
        elif isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
            answers[item] = value
        else:
            return None
    return answers


async def _body(request: Request) -> bytes | None:
    """The request body, or None beyond MAX_BODY_BYTES (read no further than that)."""
    chunks = b""
    async for chunk in request.stream():
        chunks += chunk
        if len(chunks) > MAX_BODY_BYTES:
            return None
    return chunks


def _parse_json(raw: bytes) -> Posted | None:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: a body of deeply nested brackets
        return None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        return None
    return data.get("csrf"), data["answers"]


def _parse_form(raw: bytes) -> Posted | None:
    try:
        fields = parse_qs(raw.decode("utf-8"), max_num_fields=50)
    except (UnicodeDecodeError, ValueError):
        return None
    values = {name: found[0] for name, found in fields.items()}
    offered = values.pop("csrf", None)
    return offered, values


def _refuse(request: Request, token: str, status: int, key: str, code: str) -> Response:
    lang = language(request)
    link = (f"/t/{token}", text(lang, "back_to_ticket"))
    return refusal(
        request, status, "survey_title", text(lang, key), code=code, link=link, path=link[0]
    )


async def _incomplete(request: Request, token: str, sent: Mapping[str, object]) -> Response:
    """422: the script shows the message; a plain form comes back with its choices kept."""
    message = text(language(request), "survey_incomplete")
    if wants_json(request):
        return json_answer({"error": "invalid_survey", "message": message}, 422)
    state = web_state(request)
    found, office = await run_in_threadpool(read_ticket, state, token)
    chosen = {k: v for k, v in sent.items() if k in SKM_ITEMS and isinstance(v, str)}
    form = SurveyForm(state.csrf.token_for(token), message, chosen)
    return render_ticket(request, token, found, office, form, 422)
