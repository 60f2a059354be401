"""The fake network printers of `tests.helpers.printers`, under the names older code uses."""

from __future__ import annotations

from tests.helpers.printers import FakePrinter as _Printer
from tests.helpers.printers import Mode, fake_printer, refused_url

__all__ = ["FakePrinter", "Mode", "fake_printer", "refused_url"]


class FakePrinter(_Printer):
    """A good printer; `reading=False` makes a black hole (the benchmarks' spelling)."""

    def __init__(self, *, reading: bool = True, paper_reply: bytes | None = None) -> None:
        super().__init__(Mode.GOOD if reading else Mode.BLACK_HOLE)
