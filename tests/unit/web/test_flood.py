"""The real server under a flood of half-open sockets: other phones are still served.

Raw sockets send half a request head and stall, as the attack that once exhausted the server's
file descriptors did. Linux routes all of 127.0.0.0/8 to loopback, so the attacker connects from
127.0.0.1 and an ordinary phone from 127.0.0.2: two client addresses on one machine.

A socket refused for load is closed unread and sees no bytes; a socket whose request stalled is
closed after the request timeout with a 408. Counting the two kinds tells the caps apart
without measuring any time.
"""

from __future__ import annotations

import select
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import httpx
import pytest

from db.store.engine import Database
from tests.helpers.web_server import running_in_thread, running_subprocess
from tests.unit.web.conftest import issue
from web.app import create_app
from web.connections import ConnectionLimits
from web.ratelimit import Limits

pytestmark = [
    pytest.mark.slow,
    pytest.mark.parametrize("db_url", ["sqlite"], indirect=True),  # the database plays no part
    pytest.mark.skipif(sys.platform != "linux", reason="needs 127.0.0.2 as a source address"),
]

HALF_HEAD = b"GET / HTTP/1.1\r\nHost: walkin.test\r\nUser-Agent: slow"
TIMEOUT_408 = b"HTTP/1.1 408"
WAIT_S = 30.0  # the bound on every wait below; none is expected to last nearly as long


class Stalled:
    """A client socket that sent `sent` and then nothing more."""

    def __init__(self, port: int, source: str, sent: bytes) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), 5, (source, 0))
        self.received = b""
        self.ended = False
        with suppress(OSError):  # the server may have closed it already
            self.sock.sendall(sent)
        self.sock.setblocking(False)

    def __enter__(self) -> Stalled:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.sock.close()

    def read(self) -> bool:
        """Whether the server has closed it (what it sent before is kept in `received`)."""
        while not self.ended:
            try:
                chunk = self.sock.recv(4096)
            except BlockingIOError:
                break
            except OSError:  # reset: closed with our bytes unread
                chunk = b""
            self.received += chunk
            self.ended = not chunk
        return self.ended


@contextmanager
def stalled(port: int, count: int, source: str = "127.0.0.1") -> Iterator[list[Stalled]]:
    opened: list[Stalled] = []
    try:
        for _ in range(count):
            opened.append(Stalled(port, source, HALF_HEAD))
        yield opened
    finally:
        for each in opened:
            each.sock.close()


def wait_until_ended(sockets: list[Stalled], count: int) -> None:
    deadline = time.monotonic() + WAIT_S
    while sum(s.read() for s in sockets) < count:
        assert time.monotonic() < deadline, f"{sum(s.ended for s in sockets)} of {count} closed"
        select.select([s.sock for s in sockets if not s.ended], [], [], 0.2)


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def test_a_flood_of_half_open_sockets_from_one_address_leaves_the_others_served(
    db: Database, db_url: str
) -> None:
    token = issue(db)
    flags = ("--connections-per-client", "50", "--request-timeout", "6")
    phone = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"), timeout=5)
    with (
        running_subprocess(db_url, *flags) as server,
        phone,
        stalled(port_of(server.base_url), 300) as flood,
    ):
        wait_until_ended(flood, 250)  # the ones beyond the cap: closed at once
        assert phone.get(server.url("/")).status_code == 200
        assert phone.get(server.url(f"/t/{token}")).status_code == 200
        wait_until_ended(flood, 300)  # and the held ones after the request timeout
        timed_out = [s for s in flood if s.received.startswith(TIMEOUT_408)]
        assert len(timed_out) == 50
        assert all(s.received == b"" for s in flood if s not in timed_out)
        assert phone.get(server.url("/")).status_code == 200
        assert "--connections-per-client 50" in server.log()


def test_a_full_server_refuses_at_once_and_takes_phones_again_when_sockets_close(
    db: Database,
) -> None:
    limits = ConnectionLimits(max_connections=20, per_client=1000, request_timeout=60)
    app = create_app(db, limits=Limits(requests_per_minute=6000, request_burst=1000))
    with running_in_thread(app, connections=limits) as server:
        port = port_of(server.base_url)
        with stalled(port, 30) as flood:
            wait_until_ended(flood, 10)
            assert sum(s.ended for s in flood) == 10
            assert all(s.received == b"" for s in flood)
            request = b"GET / HTTP/1.1\r\nHost: walkin.test\r\n\r\n"
            with Stalled(port, "127.0.0.2", request) as phone:
                wait_until_ended([phone], 1)
            assert phone.received == b""  # the server is full: no exception for a stranger
        answer = httpx.get(server.url("/api/office"), timeout=5)
        assert answer.status_code == 200


def test_a_request_stalled_on_a_kept_alive_connection_is_timed_out(db: Database) -> None:
    # uvicorn's keep-alive timer stops at the first byte of the next request: without a timer
    # of our own, half a second request head would hold the socket for ever.
    limits = ConnectionLimits(request_timeout=1.5, keep_alive_timeout=60)
    with running_in_thread(create_app(db), connections=limits) as server:
        full = b"GET /api/office HTTP/1.1\r\nHost: walkin.test\r\n\r\n"
        with Stalled(port_of(server.base_url), "127.0.0.1", full) as client:
            deadline = time.monotonic() + WAIT_S
            while b'"office"' not in client.received and not client.read():
                assert time.monotonic() < deadline
                select.select([client.sock], [], [], 0.2)
            assert client.received.startswith(b"HTTP/1.1 200")
            client.received = b""
            client.sock.sendall(HALF_HEAD)
            wait_until_ended([client], 1)
            assert client.received.startswith(TIMEOUT_408)


def test_an_event_stream_outlives_the_request_timeout(db: Database) -> None:
    limits = ConnectionLimits(request_timeout=0.5)
    with running_in_thread(create_app(db), connections=limits) as server:
        stream = b"GET /events HTTP/1.1\r\nHost: walkin.test\r\n\r\n"
        with Stalled(port_of(server.base_url), "127.0.0.1", stream) as client:
            deadline = time.monotonic() + WAIT_S
            while b"event: office" not in client.received:
                assert not client.read(), client.received
                assert time.monotonic() < deadline
                select.select([client.sock], [], [], 0.2)
            time.sleep(1.5)  # three request timeouts: a timer wrongly left running would have fired
            assert not client.read()
