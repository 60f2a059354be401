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
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from db.errors import UserError
from ticket_printer.codepage import CODE_PAGES

MIN_RETURN_SECONDS = 10
MAX_IDLE_FACTOR = 10.0
ENV_PRINTER = "WALKIN_PRINTER"


class KioskConfigError(UserError):
    """A kiosk settings file that cannot be used; one line naming the file and key."""


@dataclass(frozen=True)
class KioskConfig:
    printer: str = "none"
    paper: int = 80
    code_page: str = "cp437"
    native_qr: bool = True
    check_paper: bool = True
    qr_url: str = ""
    footer: str = ""
    return_seconds: int = 20
    idle_seconds: int = 30
    hide_cursor: bool = False
    screen_inches: float = 21.5
    device: str = "kiosk-1"
    high_contrast: bool = False
    large_ticket_number: bool = False
    voice_folder: str = ""
    voice_volume: float = 1.0
    voice_idle_factor: float = 3.0


def load_kiosk_config(path: Path | None) -> KioskConfig:
    """The settings in `path` (a missing `[kiosk]` table means all defaults)."""
    if path is None:
        return KioskConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise KioskConfigError(f"{path}: cannot read the kiosk settings: {error}") from None
    table = data.get("kiosk", {})
    if not isinstance(table, dict):
        raise KioskConfigError(f"{path}: kiosk: must be a table")
    return parse_kiosk_config(table, str(path))


def parse_kiosk_config(table: dict[str, Any], source: str) -> KioskConfig:
    defaults = KioskConfig()
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in {f.name for f in fields(KioskConfig)}:
            raise KioskConfigError(f"{source}: kiosk.{key}: unknown key")
        values[key] = _checked(source, key, value, getattr(defaults, key))
    return KioskConfig(**values)


def _checked(source: str, key: str, value: Any, default: Any) -> Any:
    def bad(problem: str) -> KioskConfigError:
        return KioskConfigError(f"{source}: kiosk.{key}: {problem}, got {value!r}")

    if isinstance(default, bool) and not isinstance(value, bool):
        raise bad("must be true or false")
    if isinstance(default, float) and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        raise bad("must be a number")
    if isinstance(default, str) and not isinstance(value, str):
        raise bad("must be a text string")
    if key == "paper" and value not in (58, 80):
        raise bad("must be 58 or 80")
    if key in ("return_seconds", "idle_seconds") and not _whole_at_least(value, MIN_RETURN_SECONDS):
        raise bad(f"must be a whole number of at least {MIN_RETURN_SECONDS}")
    if key == "voice_volume" and not 0 <= value <= 1:
        raise bad("must be between 0 and 1")
    if key == "voice_idle_factor" and not 1 <= value <= MAX_IDLE_FACTOR:
        raise bad(f"must be between 1 and {MAX_IDLE_FACTOR:g}")
    if key == "code_page" and value.lower() not in CODE_PAGES:
        raise bad("must be one of " + ", ".join(CODE_PAGES))
    return float(value) if isinstance(default, float) else value


def _whole_at_least(value: Any, smallest: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= smallest


def printer_url(flag: str | None, environ: dict[str, str], config: KioskConfig) -> str:
    """The printer: `--printer`, else WALKIN_PRINTER, else the settings file."""
    return flag or environ.get(ENV_PRINTER) or config.printer
