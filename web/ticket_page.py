"""The ticket page: the big number, what to do now, "notify me", and the survey once finished.

The page is complete without JavaScript; its script (assets/ticket.js) then follows the JSON and
redraws the card with the same texts, by the same rules as `card()` here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.rules.words import priority_label
from db.store.models import SKM_ITEMS
from web.assets import script
from web.html import PageContext, esc, page
from web.payloads import Payload
from web.texts import SURVEY_ANSWERS, SURVEY_QUESTIONS, TEXTS, long_date, text

LIVE_STATUSES = ("waiting", "called", "serving")
# After these nothing is called any more: no "notify me", and none of its code on the page.
FINAL_STATUSES = ("finished", "cancelled", "expired")
# The texts each script needs, so that a page carries no others.
SCRIPT_TEXTS = (
    "waiting",
    "step",
    "session_from",
    "ahead_0",
    "ahead_1",
    "ahead_n",
    "wait_range",
    "wait_unknown",
    "soon",
    "stay",
    "called",
    "called_at",
    "recalled",
    "called_advice",
    "serving",
    "no_show",
    "no_show_advice",
    "finished",
    "finished_note",
    "cancelled",
    "expired",
    "ask_desk",
    "conn_lost",
    "db_lost",
    "last_data",
    "back",
)
NOTIFY_TEXTS = (
    "notify",
    "notify_on",
)
SURVEY_TEXTS = (
    "survey_thanks",
    "survey_twice",
    "survey_incomplete",
    "survey_failed",
    "page_expired",
)
NO_SCRIPT_REFRESH_S = 30


@dataclass(frozen=True)
class Card:
    """What the status card says: a tone (its colours), a headline, a big line, more lines."""

    tone: str
    head: str
    big: str = ""
    lines: tuple[str, ...] = ()
    advice: str = ""


@dataclass(frozen=True)
class SurveyForm:
    """The survey as the page shows it: a refusal to show, and the answers to keep on a retry."""

    csrf: str
    error: str = ""
    chosen: Mapping[str, str] = field(default_factory=dict)


def card(lang: str, data: Payload) -> Card:
    """The card for a ticket's JSON; assets/ticket.js card() gives the same for the same data."""
    t = TEXTS[lang]
    status, counter = data["status"], data.get("counter")
    if status == "waiting":
        return _waiting_card(lang, data)
    if status == "called":
        recalls = data["recalls"]
        called_time = data["called_time"]
        return Card(
            "t-call",
            t["called"].format(counter=counter),
            big=t["recalled"].format(n=recalls) if recalls > 0 else "",
            lines=step_lines(lang, data)
            + ((t["called_at"].format(time=called_time),) if called_time else ()),
            advice=t["called_advice"],
        )
    if status == "serving":
        return Card("t-serve", t["serving"].format(counter=counter), lines=step_lines(lang, data))
    if status == "no_show":
        return Card("t-warn", t["no_show"], advice=t["no_show_advice"])
    if status == "finished":
        return Card("t-done", t["finished"], lines=(t["finished_note"],))
    if status == "cancelled":
        return Card("t-off", t["cancelled"], advice=t["ask_desk"])
    return Card("t-off", t["expired"], advice=t["ask_desk"])


def step_lines(lang: str, data: Payload) -> tuple[str, ...]:
    """ "Langkah 2 dari 2: Foto & Wawancara" for a visit of several steps; assets/ticket.js too."""
    step = data.get("step")
    if not step:
        return ()
    line = TEXTS[lang]["step"].format(n=step["n"], of=step["of"])
    name = step["name_id"] if lang == "id" else step["name_en"]
    return (f"{line}: {name}",) if name else (line,)


def _waiting_card(lang: str, data: Payload) -> Card:
    t = TEXTS[lang]
    if data.get("session_from"):
        # An early appointment: its number is not called before its session opens.
        session = t["session_from"].format(time=data["session_from"])
        return Card("t-wait", t["waiting"], session, step_lines(lang, data), t["stay"])
    ahead, wait = data["ahead"], data["wait"]
    if ahead is None:
        big = ""
    elif ahead <= 1:
        big = t[f"ahead_{ahead}"]
    else:
        big = t["ahead_n"].format(n=ahead)
    estimate = t["wait_range"].format(low=wait[0], high=wait[1]) if wait else t["wait_unknown"]
    near = ahead is not None and ahead <= 3
    lines = (*step_lines(lang, data), estimate)
    return Card("t-wait", t["waiting"], big, lines, t["soon"] if near else t["stay"])


def ticket_page(
    ctx: PageContext, token: str, data: Payload, survey: SurveyForm, poll_path: str
) -> str:
    """The whole page of a current ticket (`data` is its JSON, see web/payloads.py)."""
    lang = ctx.lang
    title = text(lang, "title_ticket", code=data["code"])
    final = data["status"] in FINAL_STATUSES
    survey_open = data["survey"] == "open"
    body = (
        '<div id="conn" class="conn" role="status" aria-live="polite" hidden></div>'
        + _number(lang, data)
        + _card_html(card(lang, data))
        + ("" if final else _notify(lang))
        + _survey_html(lang, token, data, survey)
        + _footer(lang, date.fromisoformat(data["day"]))
    )
    keys = SCRIPT_TEXTS + (() if final else NOTIFY_TEXTS) + (SURVEY_TEXTS if survey_open else ())
    boot: dict[str, Any] = {
        "lang": lang,
        "title": title,
        "texts": {key: TEXTS[lang][key] for key in keys},
        "data": data,
        "stream": f"/t/{token}/events",
        "poll": poll_path,
    }
    if survey_open:
        boot |= {"survey": f"/t/{token}/survey", "csrf": survey.csrf, "items": list(SKM_ITEMS)}
    live = data["status"] in LIVE_STATUSES
    parts = ([] if final else ["notify.js"]) + (["survey.js"] if survey_open else [])
    return page(
        ctx,
        title,
        body,
        style=f".svc{{background:{data['service']['color']}}}",
        sheets=("survey.css",) if survey_open else (),
        script=script(*parts, "ticket.js"),
        boot=boot,
        noscript_refresh=NO_SCRIPT_REFRESH_S if live else None,
    )


def _number(lang: str, data: Payload) -> str:
    service = data["service"]
    name = service["name_id"] if lang == "id" else service["name_en"]
    priority = data["priority"]
    badge = ""
    if priority:
        category = priority_label(priority, lang)
        badge = f'<p class="prio">{esc(text(lang, "priority", category=category))}</p>'
    return (
        f'<section class="panel ticket"><div class="svc">{esc(name)}</div>'
        f'<p class="label">{esc(text(lang, "your_number"))}</p>'
        f'<p class="number">{esc(data["code"])}</p>{badge}</section>'
    )


def _card_html(view: Card) -> str:
    big = f'<p class="big">{esc(view.big)}</p>' if view.big else ""
    lines = "".join(f"<p>{esc(line)}</p>" for line in view.lines)
    hidden = "" if view.advice else " hidden"
    return (
        f'<section id="card" class="panel card {view.tone}" aria-live="assertive">'
        f'<h1 id="head">{esc(view.head)}</h1><div id="lines">{big}{lines}</div>'
        f'<p id="advice" class="advice"{hidden}>{esc(view.advice)}</p></section>'
    )


def _notify(lang: str) -> str:
    # Hidden until the script runs: without it there is nothing to notify with.
    return (
        '<section id="notify-box" class="panel" hidden>'
        f'<button id="notify" type="button" aria-pressed="false">{esc(text(lang, "notify"))}'
        f'</button><p class="hint">{esc(text(lang, "notify_hint"))}</p></section>'
    )


def _survey_html(lang: str, token: str, data: Payload, survey: SurveyForm) -> str:
    answered = data["survey"] == "answered"
    thanks = (
        f'<p id="thanks" class="panel" role="status"{"" if answered else " hidden"}>'
        f"{esc(text(lang, 'survey_thanks'))}</p>"
    )
    if data["survey"] != "open":
        return thanks
    error_hidden = "" if survey.error else " hidden"
    questions = "".join(
        _question(lang, index, item, survey.chosen.get(item))
        for index, item in enumerate(SKM_ITEMS, start=1)
    )
    return thanks + (
        f'<section id="survey" class="panel"><h2>{esc(text(lang, "survey_title"))}</h2>'
        f"<p>{esc(text(lang, 'survey_intro'))}</p>"
        f'<p id="survey-error" class="error" role="alert"{error_hidden}>{esc(survey.error)}</p>'
        f'<form id="survey-form" method="post" action="/t/{esc(token)}/survey">'
        f'<input type="hidden" name="csrf" value="{esc(survey.csrf)}">{questions}'
        f'<button type="submit">{esc(text(lang, "survey_send"))}</button></form></section>'
    )


def _question(lang: str, index: int, item: str, chosen: str | None) -> str:
    # One `required` makes the whole radio group required.
    options = "".join(
        f'<label><input type="radio" name="{item}" value="{value}"'
        f"{' required' if value == 1 else ''}{' checked' if chosen == str(value) else ''}>"
        f"<span>{esc(label)}</span></label>"
        for value, label in enumerate(SURVEY_ANSWERS[lang][item], start=1)
    )
    question = SURVEY_QUESTIONS[lang][item]
    return (
        f"<fieldset><legend>{index}. {esc(question)}</legend>"
        f'<div class="scale">{options}</div></fieldset>'
    )


def _footer(lang: str, day: date) -> str:
    return (
        f"<footer><p>{esc(text(lang, 'valid_on', date=long_date(day, lang)))}</p>"
        f"<p>{esc(text(lang, 'live_note'))}</p>"
        f'<p><a href="/">{esc(text(lang, "office_page"))}</a></p></footer>'
    )
