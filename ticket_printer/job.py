"""One print job: the ticket in ESC/POS, sent to a printer that must then confirm it.

"Printed" means confirmed: before the job the printer is asked for its status (so "paper out"
or "cover open" stops it early), and after the job it must answer "online, with paper" within
the timeout. Anything else (refused, timed out, dropped, silent, out of paper, missing USB
library) raises a `PrinterError` with one line of text; the ticket itself is already saved. A
file printer cannot answer, so its jobs come back as `Outcome.SENT`: sent, unconfirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from escpos import exceptions as escpos_errors
from escpos import printer as escpos_printer

from db.errors import UserError
from ticket_printer import codepage, preview, status
from ticket_printer.channel import Channel, DeviceChannel, TcpChannel
from ticket_printer.status import PaperState
from ticket_printer.target import Kind, PrinterTarget
from ticket_printer.ticket import Element, Feed, Paper, Qr, Rule, Text, TicketContent, layout

__all__ = ["Outcome", "PaperState", "PrintResult", "PrintSettings", "PrinterError", "print_ticket"]

TIMEOUT_S = 3.0
_ERRORS = (escpos_errors.Error, OSError)


class PrinterError(UserError):
    """The ticket was not printed, or the printer did not confirm it.

    Attributes:
        paper: the paper state, when the printer said it (e.g. OUT).
    """

    def __init__(self, message: str, paper: PaperState = PaperState.UNKNOWN) -> None:
        super().__init__(message)
        self.paper = paper


class Outcome(StrEnum):
    CONFIRMED = "confirmed"  # the printer answered "online, with paper" after the job
    SENT = "sent"  # written to a printer that cannot answer: unconfirmed
    PREVIEW = "preview"  # rendered as a PNG, no printer
    NONE = "none"  # no printer: the number is only on screen


@dataclass(frozen=True)
class PrintResult:
    outcome: Outcome
    paper: PaperState = PaperState.UNKNOWN


@dataclass(frozen=True)
class PrintSettings:
    target: PrinterTarget
    paper: Paper = Paper.MM80
    code_page: str = codepage.DEFAULT_CODE_PAGE
    native_qr: bool = True  # False: the QR goes as an image, for printers without GS ( k
    timeout_s: float = TIMEOUT_S
    check_paper: bool = True  # False: never ask the printer, so no ticket is ever confirmed


def print_ticket(settings: PrintSettings, content: TicketContent) -> PrintResult:
    """Print one ticket and say how far it is known to have got.

    Raises:
        PrinterError: not printed, or not confirmed by a printer that can answer.
    """
    target = settings.target
    if target.kind is Kind.NONE:
        return PrintResult(Outcome.NONE)
    if target.kind is Kind.PREVIEW:
        _save_preview(target, settings.paper, settings.code_page, content)
        return PrintResult(Outcome.PREVIEW)
    job = ticket_bytes(settings, content)
    channel = open_channel(settings)
    try:
        if not (settings.check_paper and target.answers_status):
            channel.send(job)
            return PrintResult(Outcome.SENT)
        return send_confirmed(channel, job, str(target))
    except _ERRORS as error:
        raise PrinterError(f"printer {target} failed: {_one_line(error)}") from error
    finally:
        channel.close()


def send_confirmed(channel: Channel, job: bytes, name: str) -> PrintResult:
    """Check the printer, send `job`, and require its "online, with paper" afterwards.

    A printer that does not answer before the job still gets it (it may print without
    answering), but is then reported unconfirmed.

    Raises:
        PrinterError, OSError.
    """
    before = status.query(channel.ask)
    if before is not None and not before.ready:
        raise PrinterError(
            f"printer {name}: {before.problem()}, the ticket was not printed", before.paper
        )
    channel.send(job)
    after = status.query(channel.ask)
    if after is None:
        raise PrinterError(f"printer {name} did not confirm the ticket (no status reply)")
    if not after.ready:
        raise PrinterError(f"printer {name}: {after.problem()} after the ticket", after.paper)
    return PrintResult(Outcome.CONFIRMED, after.paper)


def open_channel(settings: PrintSettings) -> Channel:
    """A new, opened link to `settings.target` (never reused between jobs)."""
    target = settings.target
    try:
        if target.kind is Kind.TCP:
            return TcpChannel(target.host, target.port, settings.timeout_s)
        device = _make(target, settings.timeout_s)
        device.open()
    except _ERRORS as error:
        raise PrinterError(f"printer {target} is not reachable: {_one_line(error)}") from error
    return DeviceChannel(device)


def _make(target: PrinterTarget, timeout: float) -> Any:
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


def ticket_bytes(settings: PrintSettings, content: TicketContent) -> bytes:
    """The whole ESC/POS job of one ticket, built in memory."""
    dummy = escpos_printer.Dummy()
    write_ticket(dummy, settings, content)
    job: bytes = dummy.output
    return job


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


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."
