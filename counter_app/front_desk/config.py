"""The front desk's printers: its own, and optionally the kiosk's, from a TOML file.

[front_desk]
printer = "tcp://192.168.1.60:9100"        # the desk's own ticket printer (default none)
kiosk_printer = "tcp://192.168.1.50:9100"  # the kiosk's, to print there instead (optional)
paper = 80                                 # 58 or 80 (mm), both printers

The URLs take the forms of the kiosk's printer (ticket_printer.target). $WALKIN_FRONT_DESK_PRINTER
overrides `printer`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.errors import UserError
from ticket_printer.job import PrintSettings
from ticket_printer.target import Kind, PrinterUrlError, parse_printer_url
from ticket_printer.ticket import Paper

ENV_PRINTER = "WALKIN_FRONT_DESK_PRINTER"
KEYS = ("printer", "kiosk_printer", "paper")


class FrontDeskConfigError(UserError):
    """A front-desk settings file that cannot be used; one line naming the file and key."""


@dataclass(frozen=True)
class FrontDeskConfig:
    own: PrintSettings | None = None  # None: no printer at the desk
    kiosk: PrintSettings | None = None


def load_front_desk_config(
    path: Path | None, environ: Mapping[str, str] = os.environ
) -> FrontDeskConfig:
    """The `[front_desk]` table of `path` (missing: no printers), checked before any window."""
    table: dict[str, Any] = {}
    source = str(path) if path else ENV_PRINTER
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise FrontDeskConfigError(
                f"{path}: cannot read the front desk settings: {error}"
            ) from None
        table = data.get("front_desk", {})
        if not isinstance(table, dict):
            raise FrontDeskConfigError(f"{path}: front_desk: must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise FrontDeskConfigError(f"{source}: front_desk.{unknown[0]}: unknown key")
    paper = table.get("paper", 80)
    if paper not in (58, 80) or isinstance(paper, bool):
        raise FrontDeskConfigError(f"{source}: front_desk.paper: must be 58 or 80, got {paper!r}")
    own = environ.get(ENV_PRINTER) or table.get("printer", "none")
    return FrontDeskConfig(
        own=_settings(source, "printer", own, Paper(paper)),
        kiosk=_settings(source, "kiosk_printer", table.get("kiosk_printer", "none"), Paper(paper)),
    )


def _settings(source: str, key: str, url: object, paper: Paper) -> PrintSettings | None:
    if not isinstance(url, str):
        raise FrontDeskConfigError(f"{source}: front_desk.{key}: must be a text string")
    try:
        target = parse_printer_url(url)
    except PrinterUrlError as error:
        raise FrontDeskConfigError(f"{source}: front_desk.{key}: {error}") from None
    return None if target.kind is Kind.NONE else PrintSettings(target, paper)
