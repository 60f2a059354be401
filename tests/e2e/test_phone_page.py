"""The phone pages in a real browser: a ticket's page and the office page follow the queue live.

Everything is a separate process, as in an office: `walkin web` (as `python -m web`) serves the
pages, a headless Chromium shows them (set to Indonesian, as most holders' phones are), and each
call is made by `walkin call` in yet another process, so the change reaches the page only through
the database, the server's change listener and the page's event stream (or its polling fallback).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from db.ops.setup import apply_config
from db.services.tickets import issue_ticket
from db.store.engine import open_database
from tests.conftest import SMALL_OFFICE
from tests.e2e.conftest import PhoneFactory, ServerFactory
from tests.helpers import databases
from tests.helpers.web_server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]

# A page without EventSource polls every 10 s (or later, when the server asks for it with
# Retry-After): its update may come up to one interval after the call, plus a loaded machine.
POLLING_WAIT_S = 30.0


@pytest.fixture
def sqlite_queue_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated SQLite file without an office yet (a file: other processes use it too)."""
    return databases.sqlite_url(sqlite_template, tmp_path)


def configure(url: str, server: WebServer) -> None:
    """The small test office, with links to this server (as a kiosk's QR code carries them)."""
    db = open_database(url)
    try:
        apply_config(db, replace(SMALL_OFFICE, public_url=server.base_url))
    finally:
        db.dispose()


def issue(url: str, service: str = "A") -> tuple[str, str]:
    """A ticket's number and its phone link."""
    db = open_database(url)
    try:
        ticket = issue_ticket(db, service)
    finally:
        db.dispose()
    assert ticket.url is not None, "the office has a public_url: its tickets carry a link"
    return ticket.ticket.code, ticket.url


def call_from_another_process(url: str, counter: int) -> dict[str, object]:
    """`walkin call COUNTER` run as a separate program, as a counter PC would; its JSON answer."""
    result = subprocess.run(
        [sys.executable, "-m", "walkin", "--db", url, "call", str(counter), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout)
    return answer


def test_the_ticket_page_shows_the_call_without_reloading(
    db_url: str, web_server: ServerFactory, open_phone: PhoneFactory
) -> None:
    server = web_server(db_url)
    configure(db_url, server)
    code, link = issue(db_url)
    assert link.startswith(f"{server.base_url}/t/")
    phone = open_phone()

    phone.open(link)
    assert phone.text(".number") == code == "A001"
    assert phone.text("#head") == "Menunggu dipanggil"
    assert phone.has_event_source()
    # Once the stream has delivered the state it opened with, the server follows this ticket:
    # the call below can reach the page only through that stream.
    opened_with = phone.wait_for_stream_events(1)
    phone.mark_document()

    called = call_from_another_process(db_url, 1)
    assert (called["number"], called["counter"]) == ("A001", 1)

    assert phone.wait_for_text("#head", "loket 1") == "Silakan menuju loket 1"
    assert phone.still_marked(), "the page reloaded instead of updating itself"
    assert phone.stream_events() > opened_with, "the call came through the event stream"
    assert phone.text(".number") == "A001"
    assert phone.title().startswith("▶")  # a glance at the browser tab says it is your turn


def test_without_event_source_the_page_polls_and_still_shows_the_call(
    sqlite_queue_url: str, web_server: ServerFactory, open_phone: PhoneFactory
) -> None:
    url = sqlite_queue_url
    server = web_server(url)
    configure(url, server)
    _, link = issue(url)
    token = link.rsplit("/", 1)[1]
    phone = open_phone(event_source=False)

    phone.open(link)
    assert not phone.has_event_source()
    assert phone.text("#head") == "Menunggu dipanggil"
    poll = f"{server.base_url}/api/t/{token}/card?lang=id"  # the update in the page's language
    phone.wait_until(lambda _: poll in phone.requested_urls(), "the page's first poll")
    phone.mark_document()

    call_from_another_process(url, 1)

    shown = phone.wait_for_text("#head", "loket 1", timeout=POLLING_WAIT_S)
    assert shown == "Silakan menuju loket 1"
    assert phone.still_marked(), "the page reloaded instead of updating itself"
    requested = phone.requested_urls()
    assert requested.count(poll) >= 2
    assert not any(address.endswith("/events") for address in requested)


def test_the_office_page_shows_each_call(
    sqlite_queue_url: str, web_server: ServerFactory, open_phone: PhoneFactory
) -> None:
    url = sqlite_queue_url
    server = web_server(url)
    configure(url, server)
    issue(url, "A")
    issue(url, "E")
    phone = open_phone()

    phone.open(f"{server.base_url}/")
    assert phone.text("#calls") == ""
    assert phone.visible("#no-calls")
    phone.wait_for_stream_events(1)  # the server follows the page now: see the test above
    phone.mark_document()

    call_from_another_process(url, 1)
    latest = phone.wait_for_text("#calls", "A001")
    assert "Loket 1" in latest
    assert not phone.visible("#no-calls")

    call_from_another_process(url, 3)  # counter 3 serves only E (information)
    calls = phone.wait_for_text("#calls", "E001")
    assert calls.index("E001") < calls.index("A001"), "the newest call comes first"
    assert "Loket 3" in calls
    counters = phone.text("#counters")
    assert "A001" in counters
    assert "E001" in counters
    assert phone.still_marked(), "the page reloaded instead of updating itself"
