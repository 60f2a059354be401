"""The office page: what the waiting-room wall shows, for anyone on the office Wi-Fi.

Built only from the office JSON (web/payloads.py), which carries no tokens and no officers. The
lists that change are one template (web/templates/office_lists.html): the first page load and
every live update render it, and assets/office.js only swaps the update in.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache, partial

from markupsafe import Markup

from web.assets import LINK_TEXTS, script
from web.html import PageContext, frame, page
from web.payloads import Payload, to_json, version
from web.templating import render
from web.texts import TEXTS, long_date, text

_CLASS_SAFE = re.compile(r"[A-Za-z0-9]{1,8}")
UPDATES_KEPT = 64  # the office JSON is one for every page: a few versions in two languages


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


def colour_class(service: Payload) -> str:
    """The class that gives a service its colour, when its code can be a class name."""
    return f"c-{service['code']}" if _CLASS_SAFE.fullmatch(service["code"]) else ""


def lists_html(lang: str, data: Payload) -> str:
    """The ticker, counters, recent calls and services (web/templates/office_lists.html)."""
    return render(
        "office_lists.html", lang, data=data, version=version(to_json(data)), **_helpers(lang)
    )


@lru_cache(maxsize=UPDATES_KEPT)
def update_json(lang: str, data_json: str) -> str:
    """The update for the office JSON, as the event stream and the polling page receive it."""
    shown = {"version": version(data_json), "lists": lists_html(lang, json.loads(data_json))}
    return json.dumps(shown, ensure_ascii=False, separators=(",", ":"))


def office_page(ctx: PageContext, data: Payload) -> str:
    lang = ctx.lang
    boot = {
        "texts": {key: TEXTS[lang][key] for key in LINK_TEXTS},
        "stream": f"/events?lang={lang}",
        "poll": f"/api/office/lists?lang={lang}",
    }
    page_frame = frame(
        f"{text(lang, 'office_page')} — {data['office']}",
        style=_colour_rules(data),
        sheets=("office.css",),
        script=script("office.js"),
        boot=boot,
    )
    day = long_date(date.fromisoformat(data["day"]), lang)
    lists = Markup(lists_html(lang, data))  # a template's output: escaped already
    return page(ctx, "office.html", page_frame, day=day, lists=lists)


def _colour_rules(data: Payload) -> str:
    """The services' colours as classes: a style attribute would be refused (web/security.py)."""
    return "".join(
        f".{colour_class(s)}{{border-left-color:{s['color']}}}"
        for s in data["services"]
        if colour_class(s)
    )


def _helpers(lang: str) -> dict[str, object]:
    return {
        "counter_note": partial(counter_note, lang),
        "issuing_note": partial(issuing_note, lang),
        "colour_class": colour_class,
    }
