"""POST /t/{token}/survey: the only write, from a plain form or from the page's script."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette

from db.services.survey import satisfaction_index
from db.store.engine import Database
from db.store.models import SKM_ITEMS
from db.views.phone import PhoneTicket, phone_ticket
from tests.unit.web.appclient import AppClient
from tests.unit.web.conftest import called, finished, issue
from web.app import create_app
from web.security import CsrfTokens

ID = {"Accept-Language": "id"}


def csrf(app: Starlette, token: str) -> str:
    value: str = app.state.web.csrf.token_for(token)
    return value


def form(app: Starlette, token: str, rating: int = 4, **override: str) -> dict[str, str]:
    fields = {item: str(rating) for item in SKM_ITEMS}
    fields["csrf"] = csrf(app, token)
    fields.update(override)
    return fields


def body(app: Starlette, token: str, answers: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"csrf": csrf(app, token), "answers": answers or dict.fromkeys(SKM_ITEMS, 3)}


def survey_state(db: Database, token: str) -> str:
    seen = phone_ticket(db, token)
    assert isinstance(seen, PhoneTicket)
    return seen.survey


def test_a_form_post_stores_the_answer_and_returns_to_the_page(
    db: Database, app: Starlette, client: AppClient
) -> None:
    token = finished(db)
    answer = client.post(f"/t/{token}/survey", data=form(app, token, 4), headers=ID)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/t/{token}"
    assert survey_state(db, token) == "answered"
    page = client.get(f"/t/{token}", headers=ID).text
    assert "Terima kasih, penilaian Anda sudah kami terima." in page
    [overall] = [row for row in satisfaction_index_today(db) if row.service == "*"]
    assert (overall.responses, overall.index) == (1, 100.0)


def satisfaction_index_today(db: Database) -> tuple[Any, ...]:
    seen = phone_ticket(db, issue(db))
    assert isinstance(seen, PhoneTicket)
    return satisfaction_index(db, seen.business_date, seen.business_date)


def test_a_json_post_answers_json(db: Database, app: Starlette, client: AppClient) -> None:
    token = finished(db)
    answer = client.post(f"/t/{token}/survey", json=body(app, token))
    assert (answer.status_code, answer.json()) == (200, {"ok": True, "survey": "answered"})
    assert survey_state(db, token) == "answered"


def test_a_second_answer_is_refused_politely(
    db: Database, app: Starlette, client: AppClient
) -> None:
    token = finished(db)
    assert client.post(f"/t/{token}/survey", json=body(app, token)).status_code == 200
    again = client.post(f"/t/{token}/survey", json=body(app, token), headers=ID)
    assert again.status_code == 409
    assert again.json()["error"] == "survey_answered"
    assert "sudah diisi" in again.json()["message"]
    page = client.post(f"/t/{token}/survey", data=form(app, token), headers=ID)
    assert page.status_code == 409
    assert "Survei untuk nomor ini sudah diisi sebelumnya. Terima kasih!" in page.text
    assert f'href="/t/{token}"' in page.text
    assert f'href="/t/{token}?lang=en"' in page.text  # the language link, back to the ticket


@pytest.mark.parametrize("make", [issue, called])
def test_a_ticket_not_yet_finished_cannot_answer(
    db: Database, app: Starlette, client: AppClient, make: Any
) -> None:
    token = make(db)
    answer = client.post(
        f"/t/{token}/survey", json=body(app, token), headers={"Accept-Language": "en"}
    )
    assert answer.status_code == 409
    assert answer.json()["error"] == "survey_closed"
    assert "opens when your service is completed" in answer.json()["message"]
    assert survey_state(db, token) == "none"


def test_an_incomplete_form_comes_back_with_its_choices_kept(
    db: Database, app: Starlette, client: AppClient
) -> None:
    token = finished(db)
    fields = form(app, token, 2)
    del fields["facilities"]
    answer = client.post(f"/t/{token}/survey", data=fields, headers=ID)
    assert answer.status_code == 422
    assert "Mohon jawab semua pertanyaan." in answer.text
    assert answer.text.count('value="2" checked') == len(SKM_ITEMS) - 1
    assert survey_state(db, token) == "open"


@pytest.mark.parametrize(
    "answers",
    [
        {**dict.fromkeys(SKM_ITEMS, 3), "requirements": 5},
        {**dict.fromkeys(SKM_ITEMS, 3), "requirements": 0},
        {**dict.fromkeys(SKM_ITEMS, 3), "requirements": True},
        {**dict.fromkeys(SKM_ITEMS, 3), "requirements": 2.5},
        {**dict.fromkeys(SKM_ITEMS, 3), "mood": 4},
        dict.fromkeys(SKM_ITEMS[:-1], 3),
    ],
)
def test_invalid_answers_are_refused_with_422(
    db: Database, app: Starlette, client: AppClient, answers: dict[str, Any]
) -> None:
    token = finished(db)
    answer = client.post(f"/t/{token}/survey", json=body(app, token, answers))
    assert answer.status_code == 422
    assert answer.json()["error"] == "invalid_survey"
    assert survey_state(db, token) == "open"


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'{"csrf": "x"}', b'{"answers": [1]}'])
def test_a_malformed_json_body_is_a_400(db: Database, client: AppClient, raw: bytes) -> None:
    token = finished(db)
    answer = client.post(
        f"/t/{token}/survey", content=raw, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400
    assert answer.json()["error"] == "bad_request"


def test_a_huge_body_is_refused_unread(db: Database, client: AppClient) -> None:
    token = finished(db)
    answer = client.post(f"/t/{token}/survey", content=b"x=" + b"1" * 20000)
    assert answer.status_code == 413


@pytest.mark.parametrize("offered", ["", "0" * 32, "not-a-token"])
def test_a_post_without_the_page_token_is_refused(
    db: Database, app: Starlette, client: AppClient, offered: str
) -> None:
    token = finished(db)
    answer = client.post(f"/t/{token}/survey", data=form(app, token, csrf=offered), headers=ID)
    assert answer.status_code == 403
    assert "kedaluwarsa" in answer.text
    assert survey_state(db, token) == "open"


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://evil.example"},
    ],
)
def test_a_cross_site_post_is_refused_even_with_the_token(
    db: Database, app: Starlette, client: AppClient, headers: dict[str, str]
) -> None:
    token = finished(db)
    answer = client.post(f"/t/{token}/survey", data=form(app, token), headers=headers)
    assert answer.status_code == 403
    assert survey_state(db, token) == "open"


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": "null"},
        {"Origin": "null"},  # what a browser sends under Referrer-Policy: no-referrer
        {"Origin": "http://walkin.test"},
    ],
)
def test_a_same_site_post_is_accepted(
    db: Database, app: Starlette, client: AppClient, headers: dict[str, str]
) -> None:
    token = finished(db)
    answer = client.post(f"/t/{token}/survey", data=form(app, token), headers=headers)
    assert answer.status_code == 303


def test_an_unknown_ticket_cannot_answer(app: Starlette, client: AppClient) -> None:
    token = "Z" * 22
    answer = client.post(f"/t/{token}/survey", json=body(app, token))
    assert answer.status_code == 404


def test_a_survey_during_an_outage_gets_503_and_no_trace(unreachable_db: Database) -> None:
    app = create_app(unreachable_db, csrf_secret=b"k" * 32)
    token = "Q" * 22
    tokens = CsrfTokens(b"k" * 32)
    answer = AppClient(app).post(
        f"/t/{token}/survey",
        json={"csrf": tokens.token_for(token), "answers": dict.fromkeys(SKM_ITEMS, 4)},
    )
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "10"
    assert answer.json()["error"] == "database_unavailable"
    assert "127.0.0.1" not in answer.text
