"""The real server: a change made by another process reaches an open page's event stream.

`walkin call 1` runs in a process of its own against the same database, as a counter PC would;
the server is `python -m web` in a child process (tests/helpers/web_server.py).
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest

from db.store.engine import Database
from tests.helpers.web_server import (
    REPO_ROOT,
    running_in_thread,
    running_subprocess,
    sse_events,
    start_subprocess,
    stop,
    wait_for_event,
)
from tests.unit.web.conftest import issue
from web.app import create_app
from web.ratelimit import Limits

pytestmark = pytest.mark.slow

ARRIVAL_S = 10.0  # "within a few seconds", with room for a loaded CI machine
READ = httpx.Timeout(30.0)  # a stream says something at least every 15 s


def walkin(db_url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "walkin", "--db", db_url, *args],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_a_call_from_another_process_reaches_the_open_pages(db: Database, db_url: str) -> None:
    token = issue(db)
    with (
        running_subprocess(db_url) as server,
        httpx.Client(timeout=READ) as http,
        http.stream("GET", server.url(f"/t/{token}/events")) as ticket_stream,
        http.stream("GET", server.url("/events")) as office_stream,
    ):
        assert ticket_stream.headers["content-type"].startswith("text/event-stream")
        assert "content-length" not in ticket_stream.headers
        assert ticket_stream.headers["cache-control"] == "no-store"
        tickets, office = sse_events(ticket_stream), sse_events(office_stream)
        assert wait_for_event(tickets, ['"online":true'], ARRIVAL_S)[0] == "status"
        assert wait_for_event(tickets, ["Menunggu dipanggil"], ARRIVAL_S)[0] == "ticket"
        assert wait_for_event(office, ["1 menunggu"], ARRIVAL_S)[0] == "office"

        walkin(db_url, "call", "1")

        kind, data = wait_for_event(tickets, ["Silakan menuju loket 1"], ARRIVAL_S)
        assert kind == "ticket"
        assert json.loads(data)["alert"] == "call-0"
        kind, data = wait_for_event(office, ["B001"], ARRIVAL_S)
        assert kind == "office"
        lists = json.loads(data)["lists"]
        assert re.search(r"Loket 1</span><b>B001</b><span[^>]*>dipanggil", lists)
        assert token not in data


def test_the_walkin_command_serves_the_pages(db: Database, db_url: str) -> None:
    token = issue(db)
    with (
        running_subprocess(db_url, via_walkin=True) as server,
        httpx.Client(timeout=READ) as http,
    ):
        page = http.get(server.url(f"/t/{token}"), headers={"Accept-Language": "en"})
        assert page.status_code == 200
        assert "Waiting to be called" in page.text
        assert "server" not in page.headers
        assert http.get(server.url("/t/malformed")).status_code == 404


def test_open_streams_per_client_are_capped(db: Database) -> None:
    app = create_app(db, limits=Limits(streams_per_client=2))
    with (
        running_in_thread(app) as server,
        httpx.Client(timeout=READ) as http,
        http.stream("GET", server.url("/events")) as first,
        http.stream("GET", server.url("/events")) as second,
    ):
        assert (first.status_code, second.status_code) == (200, 200)
        refused = http.get(server.url("/events"))
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        second.close()
        assert reopened(http, server.url("/events"))


def reopened(http: httpx.Client, url: str) -> bool:
    """Whether a stream opens within a few seconds (the server notices a closed one soon after)."""
    deadline = time.monotonic() + ARRIVAL_S
    while time.monotonic() < deadline:
        with http.stream("GET", url) as stream:
            if stream.status_code == 200:
                return True
        time.sleep(0.1)
    return False


def test_stopping_the_server_ends_open_streams_cleanly(db: Database, db_url: str) -> None:
    server = start_subprocess(db_url)
    try:
        assert server.process is not None
        with httpx.Client(timeout=READ) as http, http.stream("GET", server.url("/events")) as feed:
            events = sse_events(feed)
            wait_for_event(events, ['"online":true'], ARRIVAL_S)
            server.process.send_signal(signal.SIGINT)
            for _ in events:  # ends when the server closes the stream, and raises if it is cut
                pass
        assert server.process.wait(ARRIVAL_S) == 130
    finally:
        stop(server, keep_log=True)
    log = server.log()
    assert "Application shutdown complete" in log
    assert "Traceback" not in log
    assert server.log_path is not None
    server.log_path.unlink()


@pytest.mark.parametrize(
    ("trust_proxy", "expected"), [(None, [200, 200, 429]), ("127.0.0.1", [200] * 3)]
)
def test_the_client_is_the_socket_peer_unless_a_proxy_is_trusted(
    db: Database, trust_proxy: str | None, expected: list[int]
) -> None:
    app = create_app(db, limits=Limits(requests_per_minute=1, request_burst=2))
    with running_in_thread(app, trust_proxy=trust_proxy) as server, httpx.Client() as http:
        statuses = [
            http.get(
                server.url("/api/office"), headers={"X-Forwarded-For": f"10.0.0.{n}"}
            ).status_code
            for n in range(3)
        ]
    assert statuses == expected


def test_an_idle_stream_sends_keepalive_comments(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("web.streams.KEEPALIVE_S", 0.2)
    with (
        running_in_thread(create_app(db)) as server,
        httpx.Client(timeout=READ) as http,
        http.stream("GET", server.url("/events")) as feed,
    ):
        lines = feed.iter_lines()
        assert next(lines) == "retry: 3000"
        assert any(line == ": keepalive" for line, _ in zip(lines, range(50), strict=False))
