"""The ticket page: the big number, what to do now, "notify me", and the survey once finished.

The page is complete without JavaScript. Its script (assets/ticket.js) then swaps in the updates
the server renders with the same card template (web/ticket_card.py): no rule lives in the script.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.rules.words import priority_label
from db.store.models import SKM_ITEMS
from web.assets import LINK_TEXTS, script
from web.html import Frame, PageContext, frame, page
from web.payloads import Payload
from web.texts import SURVEY_ANSWERS, SURVEY_QUESTIONS, TEXTS, long_date, text
from web.ticket_card import FINAL_STATUSES, LIVE_STATUSES, card, update

# The texts each script needs, so that a page carries no others (and live.js's LINK_TEXTS).
NOTIFY_TEXTS = ("notify", "notify_on")
SURVEY_TEXTS = (
    "survey_thanks",
    "survey_twice",
    "survey_incomplete",
    "survey_failed",
    "page_expired",
)
NO_SCRIPT_REFRESH_S = 30


@dataclass(frozen=True)
class SurveyForm:
    """The survey as the page shows it: a refusal to show, and the answers to keep on a retry."""

    csrf: str
    error: str = ""
    chosen: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    item: str
    text: str
    answers: tuple[str, ...]
    chosen: str | None


def live_paths(token: str, lang: str) -> dict[str, str]:
    """Where the page's script follows its ticket: the stream, and the polling fallback. Both
    name the page's language, in which the server renders the updates."""
    return {"stream": f"/t/{token}/events?lang={lang}", "poll": f"/api/t/{token}/card?lang={lang}"}


def ticket_page(ctx: PageContext, token: str, data: Payload, survey: SurveyForm) -> str:
    """The whole page of a current ticket (`data` is its JSON, see web/payloads.py)."""
    lang = ctx.lang
    return page(
        ctx,
        "ticket.html",
        _frame(lang, token, data, survey),
        data=data,
        token=token,
        final=data["status"] in FINAL_STATUSES,
        card=card(lang, data),
        service_name=_service_name(lang, data),
        priority=priority_label(data["priority"], lang) if data["priority"] else "",
        survey=survey,
        questions=_questions(lang, survey) if data["survey"] == "open" else (),
        valid_on=long_date(date.fromisoformat(data["day"]), lang),
    )


def _frame(lang: str, token: str, data: Payload, survey: SurveyForm) -> Frame:
    """The page's head and code: the scripts it needs, and their boot data."""
    final = data["status"] in FINAL_STATUSES
    survey_open = data["survey"] == "open"
    parts = ([] if final else ["notify.js"]) + (["survey.js"] if survey_open else [])
    return frame(
        text(lang, "title_ticket", code=data["code"]),
        style=f".svc{{background:{data['service']['color']}}}",
        sheets=("survey.css",) if survey_open else (),
        script=script(*parts, "ticket.js"),
        boot=_boot(lang, token, data, survey),
        noscript_refresh=NO_SCRIPT_REFRESH_S if data["status"] in LIVE_STATUSES else None,
    )


def _boot(lang: str, token: str, data: Payload, survey: SurveyForm) -> dict[str, Any]:
    """What the scripts start from: their texts, the state shown, where to follow the ticket."""
    final = data["status"] in FINAL_STATUSES
    survey_open = data["survey"] == "open"
    keys = LINK_TEXTS + (() if final else NOTIFY_TEXTS) + (SURVEY_TEXTS if survey_open else ())
    boot: dict[str, Any] = {
        "texts": {key: TEXTS[lang][key] for key in keys},
        "view": update(lang, data, with_card=False),
        **live_paths(token, lang),
    }
    if survey_open:
        boot |= {"survey": f"/t/{token}/survey", "csrf": survey.csrf, "items": list(SKM_ITEMS)}
    return boot


def _service_name(lang: str, data: Payload) -> str:
    service = data["service"]
    name: str = service["name_id"] if lang == "id" else service["name_en"]
    return name


def _questions(lang: str, survey: SurveyForm) -> tuple[Question, ...]:
    return tuple(
        Question(
            item, SURVEY_QUESTIONS[lang][item], SURVEY_ANSWERS[lang][item], survey.chosen.get(item)
        )
        for item in SKM_ITEMS
    )
