"""GET /t/{token} and /api/t/{token}: what the ticket's holder sees in each state."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from db.office_config import AppointmentsConfig
from db.ops.setup import apply_config
from db.services import calls
from db.services.appointments import import_bookings
from db.services.checkin import check_in
from db.services.survey import submit_survey
from db.services.tickets import issue_ticket
from db.store.engine import Database
from db.store.models import SKM_ITEMS
from db.views.phone import PhoneTicket, phone_ticket
from tests.conftest import SMALL_OFFICE
from tests.unit.db.test_journeys import JOURNEY_OFFICE
from tests.unit.web.appclient import AppClient
from tests.unit.web.conftest import (
    called,
    cancelled,
    finished,
    from_yesterday,
    issue,
    with_history,
)
from web.payloads import ticket_payload
from web.ticket_card import card

ID = {"Accept-Language": "id-ID,id;q=0.9"}
EN = {"Accept-Language": "en-US,en;q=0.9"}


def card_text(html: str) -> str:
    """The words of the status card, tags removed."""
    match = re.search(r'<section id="card".*?</section>', html, re.S)
    assert match, "the page has no status card"
    return re.sub(r"<[^>]+>", " ", match.group(0))


def boot(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="boot">(.*?)</script>', html, re.S)
    assert match
    data: dict[str, object] = json.loads(match.group(1))
    return data


def test_a_waiting_ticket_shows_its_number_place_and_wait_range(
    db: Database, client: AppClient
) -> None:
    with_history(db, "B", minutes=10)
    issue(db)
    issue(db)
    token = issue(db)
    seen = phone_ticket(db, token)
    assert isinstance(seen, PhoneTicket)
    assert seen.estimated_wait is not None
    low, high = seen.estimated_wait.low_minutes, seen.estimated_wait.high_minutes

    page = client.get(f"/t/{token}", headers=ID)
    assert page.status_code == 200
    assert '<p class="number">B003</p>' in page.text
    assert "Penggantian Paspor" in page.text
    card = card_text(page.text)
    assert "Menunggu dipanggil" in card
    assert "2 orang di depan Anda" in card
    assert f"Perkiraan menunggu {low}–{high} menit" in card

    english = card_text(client.get(f"/t/{token}", headers=EN).text)
    assert "2 people ahead of you" in english
    assert f"Estimated wait {low}–{high} minutes" in english


def test_the_next_in_line_is_told_to_stay_close(db: Database, client: AppClient) -> None:
    token = issue(db)
    card = card_text(client.get(f"/t/{token}", headers=ID).text)
    assert "Anda berikutnya" in card
    assert "Giliran Anda sebentar lagi" in card
    assert "Perkiraan waktu tunggu belum tersedia" in card


def test_a_priority_ticket_shows_its_category(db: Database, client: AppClient) -> None:
    token = issue(db, priority="lansia")
    assert "Prioritas: Lansia (60 tahun ke atas)" in client.get(f"/t/{token}", headers=ID).text
    assert "Priority: Senior citizen (60 or older)" in client.get(f"/t/{token}", headers=EN).text


def test_a_called_ticket_names_the_counter_to_go_to(db: Database, client: AppClient) -> None:
    token = called(db, counter=2)
    card = card_text(client.get(f"/t/{token}", headers=ID).text)
    assert "Silakan menuju loket 2" in card
    assert re.search(r"Dipanggil pukul \d\d:\d\d", card)
    assert "Please go to counter 2" in card_text(client.get(f"/t/{token}", headers=EN).text)
    assert "t-call" in client.get(f"/t/{token}").text


def test_a_recall_is_shown_with_its_count(db: Database, client: AppClient) -> None:
    token = called(db)
    calls.recall(db, 1)
    calls.recall(db, 1)
    card = card_text(client.get(f"/t/{token}", headers=ID).text)
    assert "Dipanggil ulang (2×)" in card
    assert "Silakan menuju loket 1" in card


def test_a_ticket_being_served_says_where(db: Database, client: AppClient) -> None:
    token = called(db)
    calls.start_serving(db, 1)
    assert "Sedang dilayani di loket 1" in card_text(client.get(f"/t/{token}", headers=ID).text)
    assert "Being served at counter 1" in card_text(client.get(f"/t/{token}", headers=EN).text)


def test_a_no_show_is_told_what_to_do(db: Database, client: AppClient) -> None:
    token = called(db)
    calls.mark_no_show(db, 1)
    card = card_text(client.get(f"/t/{token}", headers=ID).text)
    assert "Anda tidak hadir saat dipanggil" in card
    assert "meja informasi" in card
    assert "kembali ke antrean" in card
    english = card_text(client.get(f"/t/{token}", headers=EN).text)
    assert "information desk" in english
    assert "back in the queue" in english


def test_a_finished_ticket_offers_the_nine_item_survey(db: Database, client: AppClient) -> None:
    token = finished(db)
    page = client.get(f"/t/{token}", headers=ID).text
    assert "Pelayanan selesai" in card_text(page)
    assert f'action="/t/{token}/survey"' in page
    assert set(re.findall(r'type="radio" name="(\w+)"', page)) == set(SKM_ITEMS)
    assert page.count('type="radio"') == 4 * len(SKM_ITEMS)
    assert page.count("<fieldset>") == 9
    for label in ("Persyaratan", "Prosedur", "Biaya/tarif", "Sarana dan prasarana"):
        assert label in page
    # Each question its own answers, as the regulation's questionnaire words them.
    for answer in ("Tidak mudah", "Sangat mudah", "Sangat mahal", "Gratis", "Sangat kompeten"):
        assert f"<span>{answer}</span>" in page
    assert page.count("<span>Sangat baik</span>") == 1  # the facilities only
    english = client.get(f"/t/{token}", headers=EN).text
    assert "Public satisfaction survey" in english
    assert "<span>Very easy</span>" in english
    assert re.search(r'name="csrf" value="[0-9a-f]{32}"', page)


def test_an_answered_survey_shows_thanks_and_no_form(db: Database, client: AppClient) -> None:
    token = finished(db)
    submit_survey(db, token, dict.fromkeys(SKM_ITEMS, 4))
    page = client.get(f"/t/{token}", headers=ID).text
    assert '<p id="thanks" class="panel" role="status">Terima kasih' in page
    assert "<form" not in page


def test_a_cancelled_ticket_says_so(db: Database, client: AppClient) -> None:
    token = cancelled(db)
    card = card_text(client.get(f"/t/{token}", headers=ID).text)
    assert "Nomor antrean ini dibatalkan" in card
    assert "This ticket was cancelled" in card_text(client.get(f"/t/{token}", headers=EN).text)


def test_a_ticket_of_an_earlier_day_shows_only_that_it_expired(
    db: Database, client: AppClient
) -> None:
    token = from_yesterday(db)
    page = client.get(f"/t/{token}", headers=ID)
    assert page.status_code == 410
    assert "Tiket tidak berlaku lagi" in page.text
    assert re.search(r"untuk tanggal \w+, \d+ \w+ \d{4} dan sudah tidak berlaku", page.text)
    assert "B001" not in page.text
    assert "Penggantian" not in page.text
    assert client.get(f"/api/t/{token}").json()["status"] == "past"
    assert set(client.get(f"/api/t/{token}").json()) == {"status", "day"}


def test_an_unknown_token_gets_a_friendly_404(db: Database, client: AppClient) -> None:
    page = client.get("/t/" + "x" * 22, headers=ID)
    assert page.status_code == 404
    assert "Tiket tidak ditemukan" in page.text
    assert "kode QR" in page.text
    assert "Traceback" not in page.text
    assert client.get("/api/t/" + "x" * 22).json()["error"] == "not_found"


@pytest.mark.parametrize("path", ["/t/{}", "/api/t/{}", "/t/{}/events"])
@pytest.mark.parametrize("token", ["short", "x" * 23, "has space in it 012345", "%3Cscript%3E"])
def test_a_malformed_token_is_404_without_touching_the_database(
    unreachable_client: AppClient, path: str, token: str
) -> None:
    answer = unreachable_client.get(path.format(token))
    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("make", "status", "counter"),
    [
        (issue, "waiting", None),
        (called, "called", 1),
        (finished, "finished", None),
        (cancelled, "cancelled", None),
    ],
)
def test_the_json_api_gives_the_state_without_secrets(
    db: Database,
    client: AppClient,
    make: Callable[[Database], str],
    status: str,
    counter: int | None,
) -> None:
    token = make(db)
    data = client.get(f"/api/t/{token}").json()
    assert (data["status"], data["counter"]) == (status, counter)
    assert token not in json.dumps(data)
    assert client.get(f"/api/t/{token}").headers["cache-control"] == "no-store"


def test_the_page_tells_its_script_where_to_follow_it_and_nothing_of_the_card_rules(
    db: Database, client: AppClient
) -> None:
    token = called(db)
    data = boot(client.get(f"/t/{token}", headers=EN).text)
    assert data["stream"] == f"/t/{token}/events?lang=en"
    assert data["poll"] == f"/api/t/{token}/card?lang=en"
    view = data["view"]
    assert isinstance(view, dict)
    assert view.pop("version") == client.get(f"/api/t/{token}/card?lang=en").json()["version"]
    assert view == {
        "title": "▶ Please go to counter 1",
        "notify": True,
        "thanks": False,
        "survey": False,
        "alert": "call-0",
        "beeps": 3,
    }
    texts = data["texts"]
    assert isinstance(texts, dict)
    assert set(texts) == {"conn_lost", "db_lost", "last_data", "back", "notify", "notify_on"}


def test_the_polled_update_is_the_card_the_page_was_rendered_with(
    db: Database, client: AppClient
) -> None:
    token = called(db, counter=2)
    page = client.get(f"/t/{token}", headers=EN).text
    update = client.get(f"/api/t/{token}/card?lang=en").json()
    assert update["class"] == "panel card t-call"
    assert f'<section id="card" class="{update["class"]}" aria-live="assertive">' in page
    assert update["card"] in page
    assert "Please go to counter 2" in update["card"]
    indonesian = client.get(f"/api/t/{token}/card?lang=id").json()
    assert "Silakan menuju loket 2" in indonesian["card"]


def test_a_polled_ticket_of_an_earlier_day_makes_the_page_reload(
    db: Database, client: AppClient
) -> None:
    token = from_yesterday(db)
    assert client.get(f"/api/t/{token}/card").json() == {"reload": True}


def test_a_visit_of_several_steps_shows_its_step(db: Database, client: AppClient) -> None:
    apply_config(db, JOURNEY_OFFICE)
    token = issue_ticket(db, "A").token
    assert "Langkah 1 dari 2: Pemeriksaan Berkas" in card_text(
        client.get(f"/t/{token}", headers=ID).text
    )
    calls.call_next(db, 1)
    calls.finish(db, 1)
    calls.call_next(db, 2)
    assert "Langkah 2 dari 2: Foto &amp; Wawancara" in card_text(
        client.get(f"/t/{token}", headers=ID).text
    )
    english = card_text(client.get(f"/t/{token}", headers=EN).text)
    assert "Step 2 of 2: Photo &amp; interview" in english
    assert client.get(f"/api/t/{token}").json()["step"] == {
        "n": 2,
        "of": 2,
        "name_id": "Foto & Wawancara",
        "name_en": "Photo & interview",
    }


def test_an_early_appointment_is_told_when_its_number_can_be_called(db: Database) -> None:
    nine = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 09:00 in Jakarta
    apply_config(db, replace(SMALL_OFFICE, appointments=AppointmentsConfig()))
    bookings = (
        "booking_code,date,session_start,session_end,service\nMP-1,2026-11-27,10:00,11:00,A\n"
    )
    import_bookings(db, bookings, now=nine)
    token = check_in(db, "MP-1", now=nine).issued.token
    data = ticket_payload(phone_ticket(db, token, now=nine + timedelta(minutes=5)))
    assert (data["kind"], data["session_from"]) == ("appointment", "10:00")
    assert card("id", data).big == "Jadwal Anda mulai pukul 10:00: nomor Anda dipanggil setelah itu"
    assert card("en", data).big == "Your session starts at 10:00: your number is called after that"
    later = ticket_payload(phone_ticket(db, token, now=nine + timedelta(minutes=61)))
    assert later["session_from"] is None
