"""What the kiosk knows of its printer from the last job: for staff, applicants and heartbeat."""

from __future__ import annotations

from kiosk import texts
from ticket_printer.job import Outcome, PaperState, PrinterError, PrintResult


class PrinterState:
    """The paper, the last error, and whether the last ticket could be confirmed."""

    def __init__(self) -> None:
        self.paper = PaperState.UNKNOWN
        self.error: str | None = None
        self.unconfirmed = False  # the last ticket went to a printer that cannot answer

    def printed(self, result: PrintResult) -> None:
        self.paper = result.paper
        self.error = None
        self.unconfirmed = result.outcome is Outcome.SENT

    def failed(self, error: PrinterError) -> None:
        self.error = str(error)
        if error.paper is not PaperState.UNKNOWN:
            self.paper = error.paper

    def fault(self) -> str | None:
        """The fault staff must see (in the current language), or None."""
        if self.paper is PaperState.OUT:
            return texts.paper_out()
        if self.error is not None:
            return texts.not_printing()
        return texts.paper_low() if self.paper is PaperState.LOW else None

    def health(self) -> dict[str, str]:
        """The printer's state for the device heartbeat (what staff see in `walkin status`)."""
        if self.error is not None:
            return {"printer": "not printing", "detail": self.error}
        if self.unconfirmed:
            return {"printer": "unconfirmed", "detail": "this printer cannot report its status"}
        return {"printer": "ok", "paper": self.paper.name.lower()}
