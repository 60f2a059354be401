"""The front desk's model (no Qt): one signed-in officer at the entrance, over the service layer.

Every method is one call into `db.services.front_desk` / `db.views.availability`, or one print
job. A ticket always exists before it is printed; a failed print is reported and can be repeated.
"""

from __future__ import annotations

import socket
import uuid
from dataclasses import dataclass
from enum import StrEnum

from counter_app.front_desk.config import FrontDeskConfig
from db.errors import UserError
from db.results import IssuedTicket, OfficerView, TicketView
from db.rules.clock import DEFAULT_TIMEZONE
from db.services import front_desk
from db.services.checkin import CheckIn
from db.store.engine import Database
from db.views.availability import ServiceDay, today_availability
from db.views.queries import office_info
from ticket_printer.job import Outcome, PrintResult, PrintSettings, print_ticket
from ticket_printer.ticket import ticket_content


class Printer(StrEnum):
    DESK = "desk"
    KIOSK = "kiosk"


@dataclass(frozen=True)
class Printed:
    """What became of one print job: done, or the reason it failed (the ticket stays valid)."""

    code: str
    printer: Printer
    outcome: Outcome | None  # None: not printed
    problem: str = ""


def device_name() -> str:
    return f"front-desk@{socket.gethostname()}"[:64]


class FrontDesk:
    """The officer at the front desk; every method is one service call or one print job."""

    def __init__(self, db: Database, officer: OfficerView, config: FrontDeskConfig) -> None:
        self.db = db
        self.officer = officer
        self.config = config
        self.device = device_name()
        self._timezone: str | None = None

    @property
    def timezone(self) -> str:
        """The office's zone, read once (the desk shows times as the office's clock)."""
        if self._timezone is None:
            try:
                self._timezone = office_info(self.db).timezone
            except UserError:
                return DEFAULT_TIMEZONE  # read again next time; the default office zone meanwhile
        return self._timezone

    @property
    def printers(self) -> tuple[Printer, ...]:
        """The printers this desk can use, its own first."""
        found = [(Printer.DESK, self.config.own), (Printer.KIOSK, self.config.kiosk)]
        return tuple(name for name, settings in found if settings is not None)

    def issue(self, service: str, priority: str | None, reason: str) -> IssuedTicket:
        # A fresh key per press: a retry after a lost answer cannot issue a second ticket.
        return front_desk.issue_on_behalf(
            self.db,
            service,
            officer=self.officer.login,
            priority=priority,
            reason=reason,
            idempotency_key=f"desk-{uuid.uuid4().hex}",
            device=self.device,
        )

    def check_in(self, code: str, service: str | None = None) -> CheckIn:
        return front_desk.check_in_for(
            self.db, code, officer=self.officer.login, service_code=service, device=self.device
        )

    def look_up(self, code: str) -> IssuedTicket:
        return front_desk.look_up(self.db, code)

    def cancel(self, code: str, reason: str) -> TicketView:
        return front_desk.cancel_on_request(
            self.db, code, officer=self.officer.login, reason=reason, device=self.device
        )

    def availability(self) -> list[ServiceDay]:
        return today_availability(self.db)

    def print_ticket(self, issued: IssuedTicket, printer: Printer) -> Printed:
        """Print on the desk's or the kiosk's printer; a failure is reported, never raised."""
        code = issued.ticket.code
        settings = self._settings(printer)
        if settings is None:
            return Printed(code, printer, None, f"no {printer} printer is set up")
        try:
            office = office_info(self.db)
            content = ticket_content(issued, office.name, office.timezone)
            result: PrintResult = print_ticket(settings, content)
        except UserError as error:  # the printer or the database: the ticket stays valid
            return Printed(code, printer, None, str(error) or type(error).__name__)
        return Printed(code, printer, result.outcome)

    def _settings(self, printer: Printer) -> PrintSettings | None:
        return self.config.own if printer is Printer.DESK else self.config.kiosk
