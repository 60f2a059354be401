"""Printer URLs: where a ticket goes, parsed once with a one-line error for anything wrong.

tcp://HOST[:PORT]                 network printer (port 9100 by default)
usb://VID:PID                     USB printer, hexadecimal ids (e.g. usb://04b8:0e15)
serial:///dev/ttyUSB0?baudrate=N  serial printer (9600 baud by default)
file:///PATH                      a device file such as /dev/usb/lp0, or any file
preview[:///FOLDER]               no printer: each ticket is rendered as a PNG in FOLDER
none                              no printer: the number is only shown on screen
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from db.errors import UserError

ENV_PRINTER = "WALKIN_PRINTER"  # the printer URL when none is given
DEFAULT_PORT = 9100
DEFAULT_BAUDRATE = 9600
DEFAULT_PREVIEW_FOLDER = Path("walkin-tickets")
_USB_IDS = re.compile(r"([0-9a-fA-F]{4}):([0-9a-fA-F]{4})")
EXAMPLES = "tcp://HOST:9100, usb://VID:PID, serial:///dev/ttyUSB0, file:///PATH, preview or none"


class PrinterUrlError(UserError):
    """A printer URL that cannot be used; the message says which form is expected."""


class Kind(StrEnum):
    TCP = "tcp"
    USB = "usb"
    SERIAL = "serial"
    FILE = "file"
    PREVIEW = "preview"
    NONE = "none"


@dataclass(frozen=True)
class PrinterTarget:
    kind: Kind
    host: str = ""
    port: int = DEFAULT_PORT
    vendor_id: int = 0
    product_id: int = 0
    path: Path | None = None
    baudrate: int = DEFAULT_BAUDRATE

    @property
    def prints(self) -> bool:
        """Whether tickets go to a thermal printer (not to a preview file or nowhere)."""
        return self.kind not in (Kind.NONE, Kind.PREVIEW)

    @property
    def answers_status(self) -> bool:
        """Whether the connection is two-way, so the printer can report paper status."""
        return self.kind in (Kind.TCP, Kind.USB, Kind.SERIAL)

    def __str__(self) -> str:
        if self.kind is Kind.TCP:
            return f"tcp://{self.host}:{self.port}"
        if self.kind is Kind.USB:
            return f"usb://{self.vendor_id:04x}:{self.product_id:04x}"
        if self.kind in (Kind.SERIAL, Kind.FILE, Kind.PREVIEW):
            return f"{self.kind}://{self.path}"
        return "none"


def parse_printer_url(raw: str) -> PrinterTarget:
    """Parse a printer URL (see the module docstring)."""
    text = raw.strip()
    if text.lower() in ("", "none"):
        return PrinterTarget(Kind.NONE)
    if text.lower() == "preview":
        return PrinterTarget(Kind.PREVIEW, path=DEFAULT_PREVIEW_FOLDER)
    parts = urlsplit(text)
    parser = _PARSERS.get(parts.scheme.lower())
    if parser is None:
        raise _bad(raw, f"unknown kind {parts.scheme or text!r}")
    return parser(raw, parts.netloc, parts.path, parts.query)


def _bad(raw: str, problem: str) -> PrinterUrlError:
    return PrinterUrlError(f"printer URL {raw!r}: {problem} (use {EXAMPLES})")


def _tcp(raw: str, netloc: str, path: str, query: str) -> PrinterTarget:
    host, _, port = netloc.rpartition(":") if ":" in netloc else (netloc, "", "")
    if not host or path not in ("", "/"):
        raise _bad(raw, "expected tcp://HOST or tcp://HOST:PORT")
    if port and (not port.isdigit() or not 0 < int(port) < 65536):
        raise _bad(raw, f"port must be 1-65535, got {port!r}")
    return PrinterTarget(Kind.TCP, host=host.strip("[]"), port=int(port or DEFAULT_PORT))


def _usb(raw: str, netloc: str, path: str, query: str) -> PrinterTarget:
    found = _USB_IDS.fullmatch(netloc)
    if found is None or path not in ("", "/"):
        raise _bad(raw, "expected usb://VID:PID with 4 hexadecimal digits each")
    return PrinterTarget(Kind.USB, vendor_id=int(found[1], 16), product_id=int(found[2], 16))


def _serial(raw: str, netloc: str, path: str, query: str) -> PrinterTarget:
    if netloc or not path:
        raise _bad(raw, "expected serial:///dev/DEVICE (three slashes)")
    options = parse_qs(query)
    unknown = set(options) - {"baudrate"}
    if unknown:
        raise _bad(raw, f"unknown option {sorted(unknown)[0]!r} (only baudrate)")
    baud = options.get("baudrate", [str(DEFAULT_BAUDRATE)])[-1]
    if not baud.isdigit() or int(baud) == 0:
        raise _bad(raw, f"baudrate must be a positive number, got {baud!r}")
    return PrinterTarget(Kind.SERIAL, path=Path(path), baudrate=int(baud))


def _file(raw: str, netloc: str, path: str, query: str) -> PrinterTarget:
    if netloc or not path:
        raise _bad(raw, "expected file:///PATH (three slashes)")
    return PrinterTarget(Kind.FILE, path=Path(path))


def _preview(raw: str, netloc: str, path: str, query: str) -> PrinterTarget:
    if netloc:
        raise _bad(raw, "expected preview or preview:///FOLDER (three slashes)")
    return PrinterTarget(Kind.PREVIEW, path=Path(path) if path else DEFAULT_PREVIEW_FOLDER)


_PARSERS = {
    "tcp": _tcp,
    "usb": _usb,
    "serial": _serial,
    "file": _file,
    "preview": _preview,
}
