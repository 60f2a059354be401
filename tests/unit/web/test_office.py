"""GET /, /api/office: what the wall shows, and nothing more (no tokens, no officers)."""

from __future__ import annotations

import re

import pytest

from db.services import calls, counters, officers, supervisor
from db.services.tickets import issue_ticket
from db.store.engine import Database
from tests.unit.web.appclient import AppClient
from tests.unit.web.conftest import issue

ID = {"Accept-Language": "id"}
EN = {"Accept-Language": "en"}


@pytest.fixture
def busy(db: Database) -> tuple[Database, list[str]]:
    """Counter 1 calls with Budi seated, counter 2 serves, counter 3 pauses; A is closed."""
    officers.add_officer(db, "kepala", "Hendra Wijaya", "supervisor")
    officers.add_officer(db, "budi", "Budi Santoso")
    counters.sign_in_at_counter(db, 1, "budi")
    tokens = [issue_ticket(db, s).token for s in ("A", "B", "B", "B", "E")]
    calls.call_next(db, 1, officer="budi")
    calls.call_next(db, 2)
    calls.start_serving(db, 2)
    counters.pause_counter(db, 3)
    issue_ticket(db, "A")  # A002 still waits when A closes
    supervisor.close_service(db, "A", supervisor="kepala")
    supervisor.set_ticker(db, "Loket 5 khusus lansia", supervisor="kepala")
    return db, tokens


def test_the_office_page_shows_counters_calls_and_services(
    busy: tuple[Database, list[str]], client: AppClient
) -> None:
    page = client.get("/", headers=ID)
    assert page.status_code == 200
    text = re.sub(r"<[^>]+>", " ", page.text)
    assert re.search(r"Loket 1\s+A001\s+dipanggil", text)
    assert re.search(r"Loket 2\s+B001\s+sedang dilayani", text)
    assert re.search(r"Loket 3\s+Istirahat", text)
    assert re.search(r"B001\s+Loket 2\s+\d\d:\d\d", text)
    assert re.search(r"Penggantian Paspor\s+2 menunggu\s+Nomor antrean masih tersedia", text)
    # A closed service stays, marked closed, with the tickets that still wait for it.
    assert re.search(r"Paspor Baru\s+1 menunggu\s+Tutup: nomor yang sudah diambil", text)
    assert re.search(r'<li class="svcrow c-A closed">', page.text)
    assert "Loket 5 khusus lansia" in text
    assert "Kantor Uji" in text
    english = re.sub(r"<[^>]+>", " ", client.get("/", headers=EN).text)
    assert re.search(r"Counter 3\s+On break", english)
    assert re.search(r"Passport renewal\s+2 waiting\s+Tickets still available", english)
    assert re.search(r"New passport\s+1 waiting\s+Closed: tickets already taken", english)


def test_office_pages_carry_no_token_and_no_officer(
    busy: tuple[Database, list[str]], client: AppClient
) -> None:
    _, tokens = busy
    for path in ("/", "/api/office"):
        answer = client.get(path).text
        for secret in (*tokens, "budi", "Budi", "kepala", "Hendra", "officer"):
            assert secret not in answer, f"{secret!r} leaks through {path}"


def test_the_office_json_has_only_public_fields(
    busy: tuple[Database, list[str]], client: AppClient
) -> None:
    data = client.get("/api/office").json()
    assert set(data) == {"office", "day", "ticker", "counters", "calls", "services"}
    assert {tuple(sorted(c)) for c in data["counters"]} == {
        ("number", "state", "ticket", "ticket_status")
    }
    first = data["counters"][0]
    assert (first["number"], first["ticket"], first["ticket_status"]) == (1, "A001", "called")
    services = {s["code"]: s for s in data["services"]}
    assert set(services) == {"A", "B", "E"}
    assert (services["B"]["issuing"], services["B"]["waiting"], services["B"]["closed"]) == (
        True,
        2,
        False,
    )
    closed = services["A"]
    assert (closed["issuing"], closed["reason"], closed["waiting"], closed["closed"]) == (
        False,
        "inactive",
        1,
        True,
    )


def test_a_full_quota_shows_as_not_issuing(db: Database, client: AppClient) -> None:
    for _ in range(5):
        issue(db, "A")
    services = {s["code"]: s for s in client.get("/api/office").json()["services"]}
    assert (services["A"]["issuing"], services["A"]["reason"]) == (False, "quota")
    assert "Kuota hari ini sudah habis" in client.get("/", headers=ID).text


def test_an_empty_morning_says_no_calls_yet(db: Database, client: AppClient) -> None:
    page = client.get("/", headers=ID).text
    assert '<p id="no-calls" class="muted">Belum ada panggilan</p>' in page
    assert re.search(r"Loket 1</span><span class=\"muted\">Belum memanggil", page)
