"""Headers on every answer, the inline-code nonce, languages, and the friendly error pages."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from starlette.applications import Starlette

from db.store.engine import Database
from tests.unit.web.appclient import AppClient
from tests.unit.web.conftest import assert_secure, called
from web.app import create_app
from web.ratelimit import Limits

TOKENLESS = "N" * 22


def nonce_of(answer: httpx.Response) -> str:
    match = re.search(r"script-src 'nonce-([^']+)'", answer.headers["content-security-policy"])
    assert match
    return match.group(1)


def test_every_kind_of_answer_carries_the_security_headers(
    db: Database, client: AppClient, unreachable_client: AppClient
) -> None:
    token = called(db)
    answers = [
        client.get(f"/t/{token}"),
        client.get(f"/api/t/{token}"),
        client.get("/"),
        client.get("/api/office"),
        client.get(f"/t/{TOKENLESS}"),
        client.get("/no/such/page"),
        unreachable_client.get(f"/t/{TOKENLESS}"),
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 404, 404, 503]
    for answer in answers:
        assert_secure(answer)


def test_inline_code_runs_only_with_this_answers_nonce(db: Database, client: AppClient) -> None:
    token = called(db)
    first, second = client.get(f"/t/{token}"), client.get(f"/t/{token}")
    assert nonce_of(first) != nonce_of(second)
    nonce = nonce_of(first)
    assert f"style-src 'nonce-{nonce}'" in first.headers["content-security-policy"]
    assert re.findall(r"<style( nonce=\"[^\"]+\")?>", first.text) == [f' nonce="{nonce}"']
    executable = re.findall(r"<script(?! type=\"application/json\")([^>]*)>", first.text)
    assert executable == [f' nonce="{nonce}"']
    assert " style=" not in first.text  # inline style attributes would be refused
    assert "http://" not in first.text
    assert "https://" not in first.text


def test_pages_stay_small(db: Database, client: AppClient) -> None:
    token = called(db)
    for path in (f"/t/{token}", "/"):
        assert len(client.get(path).content) < 20_000


def test_the_language_follows_the_browser_then_the_choice(db: Database, client: AppClient) -> None:
    token = called(db)
    assert '<html lang="id">' in client.get(f"/t/{token}").text  # no preference: Indonesian
    english = client.get(f"/t/{token}", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert '<html lang="en">' in english.text
    assert f'href="/t/{token}?lang=id"' in english.text
    assert ">Bahasa Indonesia</a>" in english.text
    chosen = client.get(f"/t/{token}?lang=id", headers={"Accept-Language": "en"})
    assert '<html lang="id">' in chosen.text
    assert "lang=id" in chosen.headers["set-cookie"]
    remembered = client.get(f"/t/{token}", headers={"Accept-Language": "en"})
    assert '<html lang="id">' in remembered.text
    assert "Accept-Language" in remembered.headers["vary"]


def test_an_unknown_path_and_a_wrong_method_get_friendly_pages(client: AppClient) -> None:
    missing = client.get("/admin", headers={"Accept-Language": "id"})
    assert missing.status_code == 404
    assert "Halaman tidak ditemukan" in missing.text
    wrong = client.post(f"/t/{TOKENLESS}", headers={"Accept-Language": "en"})
    assert wrong.status_code == 405
    assert "Page not found" in wrong.text


@pytest.mark.parametrize("path", [f"/t/{TOKENLESS}", "/", "/api/office", f"/api/t/{TOKENLESS}"])
def test_a_database_outage_gets_a_503_that_retries_by_itself(
    unreachable_client: AppClient, path: str
) -> None:
    answer = unreachable_client.get(path, headers={"Accept-Language": "id"})
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "10"
    assert "Traceback" not in answer.text
    assert "127.0.0.1" not in answer.text
    assert "psycopg" not in answer.text
    if path.startswith("/api/"):
        assert answer.json()["error"] == "database_unavailable"
    else:
        assert '<meta http-equiv="refresh" content="10">' in answer.text
        assert "Sistem antrean sedang tidak dapat dihubungi" in answer.text
        assert "Nomor antrean Anda tetap berlaku" in answer.text


def test_an_unexpected_error_is_logged_and_gets_a_friendly_500(
    db: Database, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("secret detail of a bug")

    token = called(db)
    monkeypatch.setattr("web.ticket_routes.phone_ticket", broken)
    client = AppClient(create_app(db, limits=Limits()))
    with caplog.at_level(logging.ERROR, logger="web"):
        answer = client.get(f"/t/{token}", headers={"Accept-Language": "en"})
    assert answer.status_code == 500
    assert "Something went wrong" in answer.text
    assert "secret detail" not in answer.text
    assert_secure(answer)
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.exc_info is not None
    assert "secret detail of a bug" in str(record.exc_info[1])
    assert token not in record.getMessage()  # the token is the ticket's only secret
    api = client.get(f"/api/t/{token}")
    assert (api.status_code, api.json()["error"]) == (500, "server_error")


def test_gzip_is_offered_for_pages(db: Database, app: Starlette, client: AppClient) -> None:
    token = called(db)
    answer = client.get(f"/t/{token}", headers={"Accept-Encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip"
    assert_secure(answer)
