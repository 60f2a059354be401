"""The ticket's status card: what it says for each state, rendered by one template for the first
page load and for every live update (the page's script only swaps the update in).

An update is JSON: its version, the card's class and inner HTML, the page title, whether "notify
me" and the survey's thanks show, whether the survey form is still wanted, and the alert the
phone gives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from web.payloads import Payload, to_json, version
from web.templating import render
from web.texts import TEXTS

LIVE_STATUSES = ("waiting", "called", "serving")
# After these nothing is called any more: no "notify me", and none of its code on the page.
FINAL_STATUSES = ("finished", "cancelled", "expired")
# The server renders these as whole pages of their own: an open page reloads to show them.
GONE_STATUSES = ("past", "not_found")
NEAR_AHEAD = 3  # this many people ahead or fewer: stay close, and the phone beeps once
CALL_BEEPS = 3
UPDATES_KEPT = 4096  # rendered updates remembered: every open page's, in both languages


@dataclass(frozen=True)
class Card:
    """What the status card says: a tone (its colours), a headline, a big line, more lines."""

    tone: str
    head: str
    big: str = ""
    lines: tuple[str, ...] = ()
    advice: str = ""

    @property
    def css_class(self) -> str:
        return f"panel card {self.tone}"


def card(lang: str, data: Payload) -> Card:
    """The card for a ticket's JSON (web/payloads.py ticket_payload)."""
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
    """ "Langkah 2 dari 2: Foto & Wawancara" for a visit of several steps."""
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
    lines = (*step_lines(lang, data), estimate)
    return Card("t-wait", t["waiting"], big, lines, t["soon"] if _near(data) else t["stay"])


def _near(data: Payload) -> bool:
    ahead = data.get("ahead")
    return data["status"] == "waiting" and ahead is not None and ahead <= NEAR_AHEAD


def card_html(lang: str, view: Card) -> str:
    """The inside of the card element (web/templates/ticket_card.html)."""
    return render("ticket_card.html", lang, card=view)


def alert(data: Payload) -> tuple[str, int]:
    """What the phone signals, as a key and a number of beeps: it signals each time the key
    changes to one that is not empty (a call, each recall, coming near the front)."""
    if data["status"] == "called":
        return f"call-{data['recalls']}", CALL_BEEPS
    return ("near", 1) if _near(data) else ("", 0)


def page_title(lang: str, data: Payload, view: Card) -> str:
    """The browser tab's title: a call shows in it, for a glance at a tab in the background."""
    plain = TEXTS[lang]["title_ticket"].format(code=data["code"])
    return f"▶ {view.head}" if data["status"] == "called" else plain


def update(lang: str, data: Payload, *, with_card: bool = True) -> dict[str, Any]:
    """What a live page needs to show `data` (the card's HTML only `with_card`)."""
    if data["status"] in GONE_STATUSES:
        return {"reload": True}
    view = card(lang, data)
    key, beeps = alert(data)
    shown: dict[str, Any] = {
        "title": page_title(lang, data, view),
        "notify": data["status"] in ("waiting", "called"),
        "thanks": data["survey"] == "answered",
        "survey": data["survey"] == "open",
        "alert": key,
        "beeps": beeps,
        "version": version(to_json(data)),
    }
    if with_card:
        shown |= {"class": view.css_class, "card": card_html(lang, view)}
    return shown


@lru_cache(maxsize=UPDATES_KEPT)
def update_json(lang: str, data_json: str) -> str:
    """The update for a ticket's JSON, as the event stream and the polling page receive it.

    Kept by (language, JSON): two tabs of one ticket, or one refresh after another that changed
    nothing for it, cost one rendering."""
    shown = update(lang, json.loads(data_json))
    return json.dumps(shown, ensure_ascii=False, separators=(",", ":"))
