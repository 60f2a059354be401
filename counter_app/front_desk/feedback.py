"""How a front-desk panel runs one action and says what happened, in one line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from counter_app.front_desk.model import Printed, Printer
from counter_app.front_desk.texts import tr
from db.errors import UserError
from db.results import IssuedTicket
from ticket_printer.job import Outcome

T = TypeVar("T")


class Feedback(Protocol):
    def run(
        self, action: Callable[[], T], on_error: Callable[[UserError], bool] | None = None
    ) -> T | None:
        """Run `action`; on a refusal or a lost database say why and return None.

        `on_error`: may handle a refusal itself (returns True), else the message is shown.
        """

    def say(self, text: str, level: str) -> None:
        """Show one line: level "ok", "info" or "error"."""

    def print_later(self, issued: IssuedTicket, printer: Printer, before: str = "") -> None:
        """Print off the GUI thread; the outcome is said after `before` once known."""


def printed_text(printed: Printed) -> tuple[str, str]:
    """A print job's outcome as a sentence and its level."""
    where = tr("the desk printer") if printed.printer == "desk" else tr("the kiosk printer")
    if printed.outcome is None:
        text = tr("{code} exists, but printing on {where} failed: {problem}. Press Reprint.")
        return text.format(code=printed.code, where=where, problem=printed.problem), "error"
    if printed.outcome is Outcome.SENT:
        text = tr("{code} sent to {where} (it cannot confirm printing).")
        return text.format(code=printed.code, where=where), "ok"
    return tr("{code} printed on {where}.").format(code=printed.code, where=where), "ok"
