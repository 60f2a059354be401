"""ESC/POS real-time status (DLE EOT n): is the printer online, is its cover shut, has it paper?

The printer answers each query with one byte whose fixed bits (1 and 4 set, 0 and 7 clear) mark
it as a status byte; a missing reply, or any other byte, counts as no answer, so that noise on
the line can never pass for "printed".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

ASK_PRINTER = b"\x10\x04\x01"  # n=1: bit 3 set while offline
ASK_OFFLINE_CAUSE = b"\x10\x04\x02"  # n=2: bit 2 cover open, bit 5 stopped at paper end
ASK_PAPER = b"\x10\x04\x04"  # n=4: bits 2-3 paper near its end, bits 5-6 paper end
_FIXED_MASK = 0x93
_FIXED_BITS = 0x12
_OFFLINE = 0x08
_COVER_OPEN = 0x04
_STOPPED_AT_PAPER_END = 0x20
_NEAR_END = 0x0C
_PAPER_END = 0x60

Ask = Callable[[bytes], int | None]
"""Sends one query and returns the reply byte, or None when none came in time."""


class PaperState(StrEnum):
    OK = "ok"
    LOW = "low"
    OUT = "out"
    UNKNOWN = "unknown"  # the printer did not answer, or cannot be asked


@dataclass(frozen=True)
class PrinterStatus:
    online: bool
    paper: PaperState
    cover_open: bool = False

    @property
    def ready(self) -> bool:
        """Whether the printer can print (and, after a job, printed it)."""
        return self.online and not self.cover_open and self.paper is not PaperState.OUT

    def problem(self) -> str:
        """What stops the printer, in a few words ("" when it is ready)."""
        if self.paper is PaperState.OUT:
            return "out of paper"
        if self.cover_open:
            return "cover open"
        return "" if self.online else "offline"


def query(ask: Ask) -> PrinterStatus | None:
    """The printer's status, or None as soon as one query goes without a valid answer."""
    printer = _valid(ask(ASK_PRINTER))
    if printer is None:
        return None
    paper = _valid(ask(ASK_PAPER))
    if paper is None:
        return None
    cause = _valid(ask(ASK_OFFLINE_CAUSE)) if printer & _OFFLINE else 0
    if cause is None:
        return PrinterStatus(online=False, paper=paper_state(paper))
    out = paper_state(paper) is PaperState.OUT or bool(cause & _STOPPED_AT_PAPER_END)
    return PrinterStatus(
        online=not printer & _OFFLINE,
        paper=PaperState.OUT if out else paper_state(paper),
        cover_open=bool(cause & _COVER_OPEN),
    )


def _valid(reply: int | None) -> int | None:
    return reply if reply is not None and reply & _FIXED_MASK == _FIXED_BITS else None


def paper_state(reply: int) -> PaperState:
    """The paper roll sensor's reply (DLE EOT 4) as a state."""
    if reply & _PAPER_END:
        return PaperState.OUT
    return PaperState.LOW if reply & _NEAR_END else PaperState.OK
