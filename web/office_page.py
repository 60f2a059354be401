"""The office page: what the waiting-room wall shows, for anyone on the office Wi-Fi.

Built only from the office JSON (web/payloads.py), which carries no tokens and no officers.
assets/office.js redraws the same lists from the same JSON.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from web.assets import script
from web.html import PageContext, esc, page
from web.payloads import Payload
from web.texts import TEXTS, long_date, text

SCRIPT_TEXTS = (
    "counter",
    "counter_paused",
    "counter_closed",
    "counter_idle",
    "at_counter_called",
    "at_counter_serving",
    "waiting_n",
    "issuing",
    "why_quota",
    "why_not_yet_open",
    "why_issuing_ended",
    "why_capacity",
    "why_not_today",
    "why_inactive",
    "conn_lost",
    "db_lost",
    "last_data",
    "back",
)
_CLASS_SAFE = re.compile(r"[A-Za-z0-9]{1,8}")


def counter_note(lang: str, counter: Payload) -> str:
    t = TEXTS[lang]
    if counter["ticket"]:
        serving = counter["ticket_status"] == "serving"
        return t["at_counter_serving"] if serving else t["at_counter_called"]
    if counter["state"] == "paused":
        return t["counter_paused"]
    return t["counter_closed"] if counter["state"] == "closed" else t["counter_idle"]


def issuing_note(lang: str, service: Payload) -> str:
    t = TEXTS[lang]
    if service["issuing"]:
        return t["issuing"]
    template = t.get(f"why_{service['reason']}", t["why_inactive"])
    return template.format(time=service["at"] or "")


def office_page(ctx: PageContext, data: Payload) -> str:
    lang = ctx.lang
    day = long_date(date.fromisoformat(data["day"]), lang)
    ticker = data["ticker"]
    body = (
        '<div id="conn" class="conn" role="status" aria-live="polite" hidden></div>'
        f'<h1>{esc(text(lang, "office_title"))}</h1><p class="muted">{esc(day)}</p>'
        f'<p id="ticker" class="panel ticker"{"" if ticker else " hidden"}>{esc(ticker)}</p>'
        + _counters(lang, data)
        + _calls(lang, data)
        + _services(lang, data)
        + f"<footer><p>{esc(text(lang, 'scan_hint'))}</p></footer>"
    )
    boot: dict[str, Any] = {
        "lang": lang,
        "texts": {key: TEXTS[lang][key] for key in SCRIPT_TEXTS},
        "stream": "/events",
        "poll": "/api/office",
    }
    colours = "".join(
        f".c-{s['code']}{{border-left-color:{s['color']}}}"
        for s in data["services"]
        if _CLASS_SAFE.fullmatch(s["code"])
    )
    return page(
        ctx,
        f"{text(lang, 'office_page')} — {data['office']}",
        body,
        style=colours,
        sheets=("office.css",),
        script=script("office.js"),
        boot=boot,
    )


def _counters(lang: str, data: Payload) -> str:
    rows = "".join(
        '<li class="ctr">'
        f'<span class="grow">{esc(text(lang, "counter", n=c["number"]))}</span>'
        + (f"<b>{esc(c['ticket'])}</b>" if c["ticket"] else "")
        + f'<span class="muted">{esc(counter_note(lang, c))}</span></li>'
        for c in data["counters"]
    )
    title = esc(text(lang, "now_serving"))
    return (
        f'<section class="panel"><h2>{title}</h2>'
        f'<ul id="counters" class="list">{rows}</ul></section>'
    )


def _calls(lang: str, data: Payload) -> str:
    rows = "".join(
        f'<li class="calls"><b>{esc(call["code"])}</b>'
        f'<span class="grow">{esc(text(lang, "counter", n=call["counter"]))}</span>'
        f'<span class="muted">{esc(call["time"])}</span></li>'
        for call in data["calls"]
    )
    hidden = " hidden" if data["calls"] else ""
    return (
        f'<section class="panel"><h2>{esc(text(lang, "recent"))}</h2>'
        f'<p id="no-calls" class="muted"{hidden}>{esc(text(lang, "no_calls"))}</p>'
        f'<ol id="calls" class="list">{rows}</ol></section>'
    )


def _services(lang: str, data: Payload) -> str:
    rows = ""
    for s in data["services"]:
        name = s["name_id"] if lang == "id" else s["name_en"]
        colour = f" c-{s['code']}" if _CLASS_SAFE.fullmatch(s["code"]) else ""
        closed = " closed" if s["closed"] else ""
        rows += (
            f'<li class="svcrow{colour}{closed}"><b class="grow">{esc(name)}</b>'
            f"<span>{esc(text(lang, 'waiting_n', n=s['waiting']))}</span>"
            f'<span class="{"yes" if s["issuing"] else "no"}">{esc(issuing_note(lang, s))}</span>'
            "</li>"
        )
    return (
        f'<section class="panel"><h2>{esc(text(lang, "services"))}</h2>'
        f'<ul id="services" class="list">{rows}</ul></section>'
    )
