"""The front desk's printers: its own, and optionally the kiosk's, from a TOML file.

[front_desk]
printer = "tcp://192.168.1.60:9100"        # the desk's own ticket printer (default none)
kiosk_printer = "tcp://192.168.1.50:9100"  # the kiosk's, to print there instead (optional)
paper = 80                                 # 58 or 80 (mm), both printers

The URLs take the forms of the kiosk's printer (ticket_printer.target). $WALKIN_FRONT_DESK_PRINTER
overrides `printer`. The JSON Schema of the table is shipped as
``assets/schema/front_desk.schema.json`` (for editors).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from db.config_schema.errors import ConfigError
from db.config_schema.files import table, validate
from db.config_schema.show import show
from db.config_schema.values import OneOf, Table, checked
from ticket_printer.job import PrintSettings
from ticket_printer.target import EXAMPLES, Kind, PrinterUrlError, parse_printer_url
from ticket_printer.ticket import PAPER_WIDTHS, Paper

ENV_PRINTER = "WALKIN_FRONT_DESK_PRINTER"
TABLE = "front_desk"


class FrontDeskConfigError(ConfigError):
    """A front-desk settings file that cannot be used; one line naming the file, key and fix."""


def _printer(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a printer address ({EXAMPLES}), got {show(value)}")
    try:
        parse_printer_url(value)
    except PrinterUrlError as error:
        raise ValueError(str(error)) from None
    return value


PrinterUrl = Annotated[str, checked(_printer, examples=["tcp://192.168.1.60:9100", "none"])]


@dataclass(frozen=True)
class FrontDeskTable(Table):
    """The `[front_desk]` table of a counter PC's settings file."""

    printer: PrinterUrl = "none"
    kiosk_printer: PrinterUrl = "none"
    paper: Annotated[int, OneOf(PAPER_WIDTHS)] = 80


@dataclass(frozen=True)
class FrontDeskConfig:
    own: PrintSettings | None = None  # None: no printer at the desk
    kiosk: PrintSettings | None = None


def load_front_desk_config(
    path: Path | None, environ: Mapping[str, str] = os.environ
) -> FrontDeskConfig:
    """The `[front_desk]` table of `path` (missing: no printers), checked before any window."""
    found = table(path, TABLE, FrontDeskConfigError)
    if environ.get(ENV_PRINTER):
        found = {**found, "printer": environ[ENV_PRINTER]}
    source = str(path) if path else ENV_PRINTER
    desk = validate(FrontDeskTable, found, source, FrontDeskConfigError, at=(TABLE,))
    return FrontDeskConfig(
        own=_settings(desk.printer, Paper(desk.paper)),
        kiosk=_settings(desk.kiosk_printer, Paper(desk.paper)),
    )


def _settings(url: str, paper: Paper) -> PrintSettings | None:
    target = parse_printer_url(url)
    return None if target.kind is Kind.NONE else PrintSettings(target, paper)
