"""Two-way links to a printer: send the job's bytes, ask for a status byte, each with a timeout.

A network printer gets our own socket rather than python-escpos' `Network`: its status query
cannot tell a silent printer from a dead one, and every operation here (connect, send, receive)
must end within the timeout, so that a printer that accepts the connection and never reads is
reported as failed instead of hanging the job or passing for printed.
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any, Protocol

from escpos import exceptions as escpos_errors


class Channel(Protocol):
    def send(self, data: bytes) -> None: ...

    def ask(self, command: bytes) -> int | None: ...

    def close(self) -> None: ...


class TcpChannel:
    """A raw TCP connection to a network printer (port 9100, "JetDirect")."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self._timeout = timeout
        self._sock = socket.create_connection((host, port), timeout=timeout)
        # A 3-byte query right after the job would otherwise wait for the job's delayed ACK.
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, data: bytes) -> None:
        """Raises TimeoutError when the printer stops reading (its buffer full), OSError."""
        self._sock.sendall(data)

    def ask(self, command: bytes) -> int | None:
        """Raises OSError when the printer dropped the connection; None: no reply in time."""
        self._discard_pending()
        self._sock.sendall(command)
        try:
            reply = self._sock.recv(1)
        except TimeoutError:
            return None
        if not reply:
            raise ConnectionResetError("the printer closed the connection")
        return reply[0]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()

    def _discard_pending(self) -> None:
        # A late reply to an earlier query must not be taken as the answer to this one.
        self._sock.setblocking(False)
        try:
            while True:
                if not self._sock.recv(256):
                    raise ConnectionResetError("the printer closed the connection")
        except BlockingIOError:
            pass
        finally:
            self._sock.settimeout(self._timeout)


class DeviceChannel:
    """A python-escpos USB or serial printer, opened; both can answer status queries."""

    def __init__(self, device: Any) -> None:
        self._device = device

    def send(self, data: bytes) -> None:
        self._device._raw(data)

    def ask(self, command: bytes) -> int | None:
        # USB reads raise on a timeout, serial reads return nothing: both mean no answer.
        try:
            reply = self._device.query_status(command)
        except (escpos_errors.Error, OSError):
            return None
        return reply[0] if reply else None

    def close(self) -> None:
        with contextlib.suppress(escpos_errors.Error, OSError):
            self._device.close()
