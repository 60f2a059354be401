"""A fake network printer: a TCP listener on 127.0.0.1 that records what it receives."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

PAPER_QUERY = b"\x10\x04\x04"


class FakePrinter:
    """Accepts connections in a thread; each connection's bytes become one job.

    `reading=False` makes a black hole: connections are accepted and never read.
    `paper_reply` is sent back when the job asks for the paper status.
    """

    def __init__(self, *, reading: bool = True, paper_reply: bytes | None = None) -> None:
        self.jobs: list[bytes] = []
        self.first_byte_at: list[float] = []  # time.monotonic() of each job's first bytes
        self.reading = reading
        self.paper_reply = paper_reply
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.1)
        self._open: list[socket.socket] = []
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self._server.getsockname()[1]}"

    def _serve(self) -> None:
        while self._running:
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._open.append(conn)
            if self.reading:
                threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        data = b""
        with conn:
            while chunk := self._receive(conn):
                if not data:
                    self.first_byte_at.append(time.monotonic())
                data += chunk
                if self.paper_reply is not None and data.endswith(PAPER_QUERY):
                    conn.sendall(self.paper_reply)
        self.jobs.append(data)

    @staticmethod
    def _receive(conn: socket.socket) -> bytes:
        try:
            return conn.recv(65536)
        except OSError:
            return b""

    def close(self) -> None:
        self._running = False
        self._server.close()
        self._thread.join(2)
        for conn in self._open:
            conn.close()


@contextmanager
def fake_printer(**options: object) -> Iterator[FakePrinter]:
    printer = FakePrinter(**options)  # type: ignore[arg-type]
    try:
        yield printer
    finally:
        printer.close()


def refused_url() -> str:
    """A local port nobody listens on."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"
