"""The live update of a ticket page: the rendered card, and what the page does around it."""

from __future__ import annotations

import json

import pytest

from tests.unit.web.test_payloads import TICKET
from web.payloads import Payload, ticket_payload
from web.ticket_card import update, update_json

WAITING = ticket_payload(TICKET)  # 3 people ahead


def called(recalls: int = 0) -> Payload:
    return WAITING | {"status": "called", "counter": 4, "recalls": recalls, "called_time": "09:30"}


@pytest.mark.parametrize(
    ("data", "alert", "beeps"),
    [
        (WAITING | {"ahead": 4}, "", 0),
        (WAITING, "near", 1),
        (called(), "call-0", 3),
        (called(recalls=2), "call-2", 3),
        (WAITING | {"status": "serving", "counter": 4}, "", 0),
    ],
)
def test_the_phone_is_alerted_near_the_front_on_a_call_and_on_each_recall(
    data: Payload, alert: str, beeps: int
) -> None:
    shown = update("id", data)
    assert (shown["alert"], shown["beeps"]) == (alert, beeps)


def test_the_update_carries_the_rendered_card_in_the_page_language() -> None:
    shown = json.loads(update_json("en", json.dumps(called(recalls=1))))
    assert shown["class"] == "panel card t-call"
    assert '<h1 id="head">Please go to counter 4</h1>' in shown["card"]
    assert "Called again (1×)" in shown["card"]
    assert shown["title"] == "▶ Please go to counter 4"
    assert (shown["notify"], shown["thanks"], shown["survey"]) == (True, False, False)
    indonesian = json.loads(update_json("id", json.dumps(called(recalls=1))))
    assert '<h1 id="head">Silakan menuju loket 4</h1>' in indonesian["card"]


def test_a_finished_ticket_offers_the_survey_and_no_more_notifying() -> None:
    shown = update("id", WAITING | {"status": "finished", "survey": "open"})
    assert (shown["notify"], shown["survey"], shown["thanks"]) == (False, True, False)
    assert shown["title"] == "Nomor antrean A012"
    answered = update("id", WAITING | {"status": "finished", "survey": "answered"})
    assert (answered["survey"], answered["thanks"]) == (False, True)


def test_the_version_changes_with_the_ticket_and_only_with_it() -> None:
    assert update("id", WAITING)["version"] == update("en", dict(WAITING))["version"]
    assert update("id", WAITING)["version"] != update("id", called())["version"]


@pytest.mark.parametrize("data", [{"status": "past", "day": "2026-11-26"}, {"status": "not_found"}])
def test_a_ticket_the_page_cannot_show_makes_it_reload(data: Payload) -> None:
    assert update("id", data) == {"reload": True}
