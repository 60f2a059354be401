"""The pages' scripts redraw with the same words as the server: their pure functions, run in
Node.js on the same JSON, must agree with web/ticket_page.py and web/office_page.py."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import asdict
from importlib import resources
from typing import Any

import pytest

from web.office_page import counter_note, issuing_note
from web.texts import TEXTS
from web.ticket_page import card

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")

BASE: dict[str, Any] = {
    "code": "A012",
    "service": {"code": "A", "name_id": "Paspor Baru", "name_en": "New passport"},
    "priority": None,
    "day": "2026-11-27",
    "ahead": None,
    "wait": None,
    "counter": None,
    "called_time": None,
    "recalls": 0,
    "survey": "none",
}
STEP_UNNAMED = {"n": 1, "of": 3, "name_id": None, "name_en": None}
TICKETS: list[dict[str, Any]] = [
    BASE | {"status": "waiting", "ahead": 0},
    BASE | {"status": "waiting", "ahead": 1, "wait": [0, 5]},
    BASE | {"status": "waiting", "ahead": 3, "wait": [10, 20]},
    BASE | {"status": "waiting", "ahead": 12},
    BASE | {"status": "called", "counter": 3, "called_time": "09:41"},
    BASE | {"status": "called", "counter": 3, "called_time": "09:41", "recalls": 2},
    BASE | {"status": "serving", "counter": 7},
    BASE | {"status": "no_show"},
    BASE | {"status": "finished", "survey": "open"},
    BASE | {"status": "cancelled"},
    BASE | {"status": "expired"},
    BASE
    | {
        "status": "waiting",
        "ahead": 2,
        "step": {"n": 2, "of": 2, "name_id": "Foto & Wawancara", "name_en": "Photo & interview"},
    },
    BASE | {"status": "waiting", "ahead": 9, "session_from": "09:00", "kind": "appointment"},
    BASE | {"status": "called", "counter": 2, "called_time": "10:02", "step": STEP_UNNAMED},
    BASE | {"status": "serving", "counter": 2, "step": STEP_UNNAMED},
]
COUNTERS: list[dict[str, Any]] = [
    {"number": 1, "state": "open", "ticket": "A001", "ticket_status": "called"},
    {"number": 2, "state": "open", "ticket": "B004", "ticket_status": "serving"},
    {"number": 3, "state": "paused", "ticket": None, "ticket_status": None},
    {"number": 4, "state": "closed", "ticket": None, "ticket_status": None},
    {"number": 5, "state": "open", "ticket": None, "ticket_status": None},
]
SERVICES: list[dict[str, Any]] = [
    {"issuing": True, "reason": None, "at": None},
    {"issuing": False, "reason": "quota", "at": None},
    {"issuing": False, "reason": "not_yet_open", "at": "08:00"},
    {"issuing": False, "reason": "issuing_ended", "at": None},
    {"issuing": False, "reason": "capacity", "at": None},
    {"issuing": False, "reason": "not_today", "at": None},
    {"issuing": False, "reason": "inactive", "at": None},
    {"issuing": False, "reason": "something_new", "at": None},
]


def functions(asset: str, *names: str) -> str:
    raw = resources.files("web").joinpath("assets", asset).read_text(encoding="utf-8")
    found = [re.search(rf"^function {name}\(.*?^\}}$", raw, re.S | re.M) for name in names]
    assert all(found), f"{asset} lacks one of {names}"
    return "\n".join(match.group(0) for match in found if match)


def run_node(lang: str, code: str, call: str, cases: list[dict[str, Any]]) -> Any:
    program = (
        f"var T = {json.dumps(TEXTS[lang])};\nvar boot = {{lang: {json.dumps(lang)}}};\n"
        f"{code}\nprocess.stdout.write(JSON.stringify({json.dumps(cases)}.map({call})));\n"
    )
    assert NODE is not None
    done = subprocess.run([NODE, "-e", program], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_ticket_script_draws_the_same_card_as_the_server(lang: str) -> None:
    code = (
        functions("live.js", "fill")
        + "\n"
        + functions("ticket.js", "aheadText", "stepLines", "card")
    )
    from_script = run_node(lang, code, "card", TICKETS)
    from_server = [asdict(card(lang, data)) for data in TICKETS]
    for view in from_server:
        view["lines"] = list(view["lines"])
    assert from_script == from_server


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_office_script_words_counters_and_services_as_the_server(lang: str) -> None:
    code = functions("live.js", "fill") + "\n" + functions("office.js", "counterNote", "issuing")
    assert run_node(lang, code, "counterNote", COUNTERS) == [
        counter_note(lang, c) for c in COUNTERS
    ]
    assert run_node(lang, code, "issuing", SERVICES) == [issuing_note(lang, s) for s in SERVICES]
