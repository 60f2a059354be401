"""Printing and previewing tickets from outside the kiosk (`walkin issue --print`,
`walkin ticket-preview`), through the same layout and printer code as the kiosk."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from db.engine import Database
from db.queries import office_info
from db.results import IssuedTicket
from db.tickets import find_issued
from ticket_printer import preview
from ticket_printer.job import PrinterError, PrintResult, PrintSettings, print_ticket
from ticket_printer.target import ENV_PRINTER, parse_printer_url
from ticket_printer.ticket import Paper, TicketContent, ticket_content


def content_for(db: Database, issued: IssuedTicket, qr_url: str | None = None) -> TicketContent:
    office = office_info(db)
    return ticket_content(issued, office.name, office.timezone, qr_template=qr_url)


def printer_settings(
    url: str | None, *, paper: int = 80, environ: Mapping[str, str] = os.environ
) -> PrintSettings:
    """The printer `url` (else $WALKIN_PRINTER), checked before any ticket is issued.

    Raises:
        PrinterUrlError, PrinterError.
    """
    chosen = url or environ.get(ENV_PRINTER)
    if not chosen:
        raise PrinterError("no printer given: pass --printer URL or set WALKIN_PRINTER")
    return PrintSettings(parse_printer_url(chosen), Paper(paper))


def print_issued(db: Database, issued: IssuedTicket, settings: PrintSettings) -> PrintResult:
    """Print an issued ticket. Raises PrinterError (the ticket stays valid)."""
    return print_ticket(settings, content_for(db, issued))


def reprint(db: Database, code: str, settings: PrintSettings) -> PrintResult:
    """Print today's ticket `code` again. Raises NotFound, PrinterError."""
    return print_issued(db, find_issued(db, code), settings)


def preview_ticket(
    db: Database, code: str, out: Path, *, paper: int = 80, qr_url: str | None = None
) -> TicketContent:
    """Render today's ticket `code` as printed to the PNG file `out`."""
    content = content_for(db, find_issued(db, code), qr_url)
    try:
        preview.save(content, Paper(paper), out)
    except OSError as error:
        raise PrinterError(f"cannot write {out}: {error.strerror or error}") from error
    return content
