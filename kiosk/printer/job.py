"""One print job: a fresh printer object, the ticket in ESC/POS, a cut, then the paper status.

Every error a printer can cause (off, refused, timed out, dropped, no paper, missing USB
library) becomes a `PrinterError` with one line of text; the ticket itself is already saved.
"""

from __future__ import annotations

import contextlib
import socket
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from escpos import exceptions as escpos_errors
from escpos import printer as escpos_printer

from db.errors import UserError
from kiosk.printer import codepage, preview
from kiosk.printer.target import Kind, PrinterTarget
from kiosk.printer.ticket import Element, Feed, Paper, Qr, Rule, Text, TicketContent, layout

TIMEOUT_S = 3.0
_PAPER_STATUS = b"\x10\x04\x04"  # DLE EOT 4: real-time paper sensor status
_NO_PAPER = 0x60
_LOW_PAPER = 0x0C


class PrinterError(UserError):
    """The printer did not take the job (off, refused, timed out, dropped the connection)."""


class PaperState(StrEnum):
    OK = "ok"
    LOW = "low"
    OUT = "out"
    UNKNOWN = "unknown"  # the printer did not answer, or cannot be asked


@dataclass(frozen=True)
class PrintSettings:
    target: PrinterTarget
    paper: Paper = Paper.MM80
    code_page: str = codepage.DEFAULT_CODE_PAGE
    native_qr: bool = True  # False: the QR goes as an image, for printers without GS ( k
    timeout_s: float = TIMEOUT_S
    check_paper: bool = True


def print_ticket(settings: PrintSettings, content: TicketContent) -> PaperState:
    """Print one ticket; returns the paper state reported afterwards.

    Raises:
        PrinterError.
    """
    target = settings.target
    if target.kind is Kind.NONE:
        return PaperState.UNKNOWN
    if target.kind is Kind.PREVIEW:
        _save_preview(target, settings.paper, settings.code_page, content)
        return PaperState.UNKNOWN
    device = open_printer(settings)
    try:
        write_ticket(device, settings, content)
        if settings.check_paper and target.answers_status:
            return _paper_state(device)
        return PaperState.UNKNOWN
    except (escpos_errors.Error, OSError, AssertionError) as error:
        raise PrinterError(f"printer {target} failed: {_one_line(error)}") from error
    finally:
        _close(device)


def open_printer(settings: PrintSettings) -> Any:
    """A new, opened printer object for `settings.target` (never reused between jobs)."""
    target = settings.target
    try:
        device = _make(target, settings.timeout_s)
        if target.kind is Kind.TCP:
            # Connect ourselves: python-escpos leaks the socket of a failed connect.
            device.device = socket.create_connection(
                (target.host, target.port), timeout=settings.timeout_s
            )
        else:
            device.open()
    except (escpos_errors.Error, OSError) as error:
        raise PrinterError(f"printer {target} is not reachable: {_one_line(error)}") from error
    return device


def _make(target: PrinterTarget, timeout: float) -> Any:
    if target.kind is Kind.TCP:
        return escpos_printer.Network(target.host, port=target.port, timeout=timeout)
    if target.kind is Kind.FILE:
        return escpos_printer.File(str(target.path))
    if target.kind is Kind.USB:
        _need(escpos_printer.Usb, "usb")
        return escpos_printer.Usb(target.vendor_id, target.product_id, timeout=int(timeout * 1000))
    _need(escpos_printer.Serial, "serial")
    return escpos_printer.Serial(str(target.path), baudrate=target.baudrate, timeout=timeout)


def _need(cls: Any, extra: str) -> None:
    if not cls.is_usable():
        raise PrinterError(f"{extra} printers need python-escpos[{extra}]: pip install it")


def write_ticket(device: Any, settings: PrintSettings, content: TicketContent) -> None:
    """The ESC/POS commands of one ticket, written to an opened printer (or a Dummy)."""
    device.hw("INIT")
    device._raw(codepage.select_command(settings.code_page))
    device.set(align="center")
    for element in layout(content, settings.paper):
        _write(device, element, settings)
    device.cut()


def _write(device: Any, element: Element, settings: PrintSettings) -> None:
    if isinstance(element, Text):
        big = element.scale > 1
        device.set(
            align="center",
            bold=element.bold,
            custom_size=big,
            width=element.scale if big else None,
            height=element.scale if big else None,
            normal_textsize=not big,
        )
        device._raw(codepage.encode(element.text, settings.code_page) + b"\n")
    elif isinstance(element, Rule):
        device.set(align="center", bold=False, normal_textsize=True)
        device._raw(b"-" * settings.paper.columns + b"\n")
    elif isinstance(element, Qr):
        device.set(align="center")
        device.qr(element.payload, size=element.module_dots, native=settings.native_qr)
    elif isinstance(element, Feed):
        device._raw(b"\n" * element.lines)


def _paper_state(device: Any) -> PaperState:
    """Ask the paper sensor; no answer within the timeout means we cannot tell."""
    try:
        answer = device.query_status(_PAPER_STATUS)
    except (TimeoutError, escpos_errors.Error, OSError):
        return PaperState.UNKNOWN
    if not answer:
        return PaperState.UNKNOWN
    if answer[0] & _NO_PAPER == _NO_PAPER:
        return PaperState.OUT
    if answer[0] & _LOW_PAPER == _LOW_PAPER:
        return PaperState.LOW
    return PaperState.OK


def _save_preview(
    target: PrinterTarget, paper: Paper, code_page: str, content: TicketContent
) -> Path:
    folder = target.path or Path(".")
    name = f"{content.issued_local:%Y-%m-%d}-{content.code}.png"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return preview.save(content, paper, folder / name, code_page)
    except OSError as error:
        raise PrinterError(f"cannot write the ticket preview in {folder}: {error}") from error


def _close(device: Any) -> None:
    with contextlib.suppress(escpos_errors.Error, OSError):
        device.close()


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."
