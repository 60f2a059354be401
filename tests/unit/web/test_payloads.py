"""The JSON of the pages, and the status card built from it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from db.results import WaitEstimate
from db.rules.hours import Availability, ClosedReason
from db.views.phone import PastTicket, PhoneTicket
from web.payloads import clock, not_issuing_reason, safe_color, ticket_payload
from web.ticket_card import card

TICKET = PhoneTicket(
    code="A012",
    service_code="A",
    service_name_id="Paspor Baru",
    service_name_en="New passport",
    service_color="#1F5FA8",
    status="waiting",
    priority=None,
    business_date=date(2026, 11, 27),
    issued_at=datetime(2026, 11, 27, 1, 0, tzinfo=UTC),
    people_ahead=3,
    estimated_wait=WaitEstimate(10, 20),
    counter_number=None,
    called_at=None,
    recall_count=0,
    survey="none",
    timezone="Asia/Jakarta",
)


def test_a_past_ticket_gives_away_only_its_day() -> None:
    assert ticket_payload(PastTicket(date(2026, 11, 26))) == {"status": "past", "day": "2026-11-26"}
    assert ticket_payload(None) == {"status": "not_found"}


def test_times_are_shown_in_the_office_time_zone() -> None:
    assert clock(datetime(2026, 11, 27, 2, 5, tzinfo=UTC), "Asia/Jakarta") == "09:05"
    assert clock(None, "Asia/Jakarta") is None


def test_a_colour_that_is_not_plain_hex_cannot_reach_the_style_sheet() -> None:
    assert safe_color("#1f5fa8") == "#1f5fa8"
    assert safe_color("red;}body{display:none") == "#1F4E79"


@pytest.mark.parametrize(
    ("state", "quota_left", "expected"),
    [
        (Availability(True), None, (None, None)),
        (Availability(True), 0, ("quota", None)),
        (
            Availability(False, ClosedReason.NOT_YET_OPEN, opens=time(8, 0)),
            5,
            ("not_yet_open", "08:00"),
        ),
        (Availability(False, ClosedReason.ISSUING_ENDED), 5, ("issuing_ended", None)),
        (Availability(False, None), None, ("inactive", None)),
    ],
)
def test_why_a_service_gives_no_more_tickets(
    state: Availability, quota_left: int | None, expected: tuple[str | None, str | None]
) -> None:
    assert not_issuing_reason(state, quota_left) == expected


def test_the_card_of_a_waiting_ticket_near_its_turn() -> None:
    view = card("id", ticket_payload(TICKET))
    assert (view.tone, view.head, view.big) == (
        "t-wait",
        "Menunggu dipanggil",
        "3 orang di depan Anda",
    )
    assert view.lines == ("Perkiraan menunggu 10–20 menit",)
    assert view.advice.startswith("Giliran Anda sebentar lagi")


def test_the_card_of_a_recalled_ticket() -> None:
    data = ticket_payload(TICKET) | {
        "status": "called",
        "counter": 4,
        "recalls": 1,
        "called_time": "09:30",
    }
    view = card("en", data)
    assert (view.tone, view.head) == ("t-call", "Please go to counter 4")
    assert view.big == "Called again (1×) — please go now"
    assert view.lines == ("Called at 09:30",)
