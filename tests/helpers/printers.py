"""Fake network printers: TCP servers on 127.0.0.1 that misbehave the way real ones do.

Modes (plus `refused_url()`, a port nobody listens on):
- GOOD: reads everything and answers each status query (DLE EOT n) "online, paper ok".
- PAPER_OUT: reads, and answers "offline, stopped at the paper end, no paper".
- PAPER_LOW: reads, and answers "online, paper near its end".
- SILENT: reads everything and never answers (a printer without real-time status).
- BLACK_HOLE: accepts and never reads, with a tiny receive buffer, so a sender's data piles up.
- RESET_MID_JOB: answers queries like GOOD, then resets the connection (RST, not FIN) once it
  has read `reset_after` bytes.

Each connection's bytes become one entry of `jobs` when it ends.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

STATUS_QUERY = b"\x10\x04"


class Mode(StrEnum):
    GOOD = "good"
    PAPER_OUT = "paper out"
    PAPER_LOW = "paper low"
    SILENT = "silent"
    BLACK_HOLE = "black hole"
    RESET_MID_JOB = "reset mid-job"


# Replies to DLE EOT 1 (printer), 2 (offline cause), 3 (errors), 4 (paper sensor).
_GOOD = {1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12}
REPLIES: dict[Mode, dict[int, int]] = {
    Mode.GOOD: _GOOD,
    Mode.RESET_MID_JOB: _GOOD,
    Mode.PAPER_OUT: {1: 0x1E, 2: 0x32, 3: 0x12, 4: 0x7E},
    Mode.PAPER_LOW: {**_GOOD, 4: 0x1E},
}


class FakePrinter:
    """A fake network printer in `mode`, serving in a daemon thread until `close()`."""

    def __init__(self, mode: Mode = Mode.GOOD, *, reset_after: int = 64) -> None:
        self.mode = mode
        self.reset_after = reset_after
        self.jobs: list[bytes] = []
        self.first_byte_at: list[float] = []  # time.monotonic() of each job's first bytes
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if mode is Mode.BLACK_HOLE:  # before listen(): accepted sockets inherit it
            self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen()
        self._server.settimeout(0.1)
        self.url = f"tcp://127.0.0.1:{self._server.getsockname()[1]}"
        self._open: list[socket.socket] = []
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while self._running:
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._open.append(conn)
            if self.mode is not Mode.BLACK_HOLE:
                threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        data = bytearray()
        while chunk := _receive(conn):
            if not data:
                self.first_byte_at.append(time.monotonic())
            resetting = self.mode is Mode.RESET_MID_JOB
            if resetting:  # what comes after the reset point is never seen, nor answered
                chunk = chunk[: self.reset_after - len(data)]
            self._answer(conn, data, chunk)
            data += chunk
            if resetting and len(data) >= self.reset_after:
                _reset(conn)
                break
        conn.close()
        self.jobs.append(bytes(data))

    def _answer(self, conn: socket.socket, before: bytearray, chunk: bytes) -> None:
        replies = REPLIES.get(self.mode)
        if replies is None:
            return
        start = max(len(before) - 2, 0)  # a query may straddle two chunks
        window = bytes(before[start:]) + chunk
        for at in _queries(window, len(before) - start):
            reply = replies.get(window[at + 2])
            if reply is not None:
                conn.sendall(bytes([reply]))

    def close(self) -> None:
        self._running = False
        self._server.close()
        self._thread.join(2)
        for conn in self._open:
            conn.close()


def _queries(window: bytes, first_new: int) -> Iterator[int]:
    """Where complete DLE EOT n queries end in the new part of `window`."""
    at = window.find(STATUS_QUERY)
    while at != -1:
        if at + 2 < len(window) and at + 2 >= first_new:
            yield at
        at = window.find(STATUS_QUERY, at + 1)


def _receive(conn: socket.socket) -> bytes:
    try:
        return conn.recv(4096)
    except OSError:
        return b""


def _reset(conn: socket.socket) -> None:
    # Linger on with a zero timeout: close() sends RST instead of FIN, as a rebooting printer.
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


@contextmanager
def fake_printer(mode: Mode = Mode.GOOD, **options: int) -> Iterator[FakePrinter]:
    printer = FakePrinter(mode, **options)
    try:
        yield printer
    finally:
        printer.close()


def refused_url() -> str:
    """A local port nobody listens on."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"


@contextmanager
def unanswered_address() -> Iterator[str]:
    """A printer URL on 127.0.0.1 whose connect times out, like an address nobody answers.

    A listener that never accepts, with its accept queue filled: the kernel then drops
    further SYNs, so a connect hangs until its own timeout. Nothing leaves the machine.
    """
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers: list[socket.socket] = []
    try:
        for _ in range(4):  # a backlog of 0 still queues one or two: fill them
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
            fillers.append(filler)
        time.sleep(0.1)
        yield f"tcp://127.0.0.1:{port}"
    finally:
        for filler in fillers:
            filler.close()
        server.close()
