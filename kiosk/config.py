"""The kiosk's own settings: an optional TOML file with a `[kiosk]` table, checked up front.

[kiosk]
printer = "tcp://192.168.1.50:9100"   # or usb://VID:PID, serial:///dev/ttyUSB0, file:///PATH,
                                      # preview:///FOLDER, none (default none)
paper = 80                            # 58 or 80 (mm)
code_page = "cp437"                   # the printer's code page (ESC t)
native_qr = true                      # false: send the QR as an image
check_paper = true                    # ask the printer's status before and after each ticket;
                                      # false: tickets are never confirmed as printed
qr_url = "http://queue.lan/t/{token}"  # optional; else the office's public_url link, else
                                      # WALKIN|date|code ({code}, {date}, {service}, {token})
footer = "Terima kasih"               # optional, printed at the bottom
return_seconds = 20                   # confirmation back to the start screen (>= 10)
idle_seconds = 30                     # any other screen, untouched this long, goes back to the
                                      # Indonesian start screen with nothing chosen (>= 10)
hide_cursor = false
screen_inches = 21.5                  # the diagonal, to size touch targets in mm
device = "kiosk-1"                    # recorded with each ticket
high_contrast = false                 # start in (and return to) the large-text, high-contrast mode
large_ticket_number = false           # always print the number as large as the paper allows
                                      # (it is, in any case, while the high-contrast mode is on)
voice_folder = "/srv/kiosk-voice"     # optional: the office's own recordings for the voice
                                      # guide, `<lang>/<clip>.wav`, searched before the shipped set
voice_volume = 1.0                    # 0 to 1
voice_idle_factor = 3.0               # the idle reset waits this many times longer in voice mode

The JSON Schema of the table is shipped as ``assets/schema/kiosk.schema.json`` (for editors).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from db.config_schema.errors import ConfigError
from db.config_schema.files import table, validate
from db.config_schema.show import show
from db.config_schema.values import Flag, Number, OneOf, Table, Text, Whole, checked
from ticket_printer.codepage import CODE_PAGES
from ticket_printer.target import ENV_PRINTER
from ticket_printer.ticket import PAPER_WIDTHS

MIN_RETURN_SECONDS = 10
MAX_IDLE_FACTOR = 10.0
TABLE = "kiosk"


class KioskConfigError(ConfigError):
    """A kiosk settings file that cannot be used; one line naming the file, key and fix."""


def _code_page(value: object) -> object:
    if not isinstance(value, str) or value.lower() not in CODE_PAGES:
        raise ValueError("must be one of " + ", ".join(CODE_PAGES) + f", got {show(value)}")
    return value


Seconds = Annotated[int, Whole(MIN_RETURN_SECONDS)]


@dataclass(frozen=True)
class KioskConfig(Table):
    """The `[kiosk]` table of a kiosk's settings file."""

    printer: Annotated[str, Text] = "none"
    paper: Annotated[int, OneOf(PAPER_WIDTHS)] = 80
    code_page: Annotated[str, checked(_code_page, json_schema_extra={"enum": list(CODE_PAGES)})] = (
        "cp437"
    )
    native_qr: Annotated[bool, Flag] = True
    check_paper: Annotated[bool, Flag] = True
    qr_url: Annotated[str, Text] = ""
    footer: Annotated[str, Text] = ""
    return_seconds: Seconds = 20
    idle_seconds: Seconds = 30
    hide_cursor: Annotated[bool, Flag] = False
    screen_inches: Annotated[float, Number()] = 21.5
    device: Annotated[str, Text] = "kiosk-1"
    high_contrast: Annotated[bool, Flag] = False
    large_ticket_number: Annotated[bool, Flag] = False
    voice_folder: Annotated[str, Text] = ""
    voice_volume: Annotated[float, Number(0, 1)] = 1.0
    voice_idle_factor: Annotated[float, Number(1, MAX_IDLE_FACTOR)] = 3.0


def load_kiosk_config(path: Path | None) -> KioskConfig:
    """The settings in `path` (no file, or no `[kiosk]` table, means all defaults)."""
    found = table(path, TABLE, KioskConfigError)
    return validate(KioskConfig, found, str(path or ""), KioskConfigError, at=(TABLE,))


def printer_url(flag: str | None, environ: Mapping[str, str], config: KioskConfig) -> str:
    """The printer: `--printer`, else WALKIN_PRINTER, else the settings file."""
    return flag or environ.get(ENV_PRINTER) or config.printer
