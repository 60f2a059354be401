"""Issuing and printing off the GUI thread, so a slow database or a dead printer never freezes it.

One job at a time: a tap while a job runs is refused (`busy`), and each accepted tap carries an
idempotency key, so even a retried request gives one ticket. The ticket is recorded before
printing starts; the result comes back as Qt signals, delivered in the GUI thread.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from db.errors import DatabaseUnavailable, UserError
from db.results import IssuedTicket
from db.services.checkin import CheckIn, check_in
from db.services.tickets import issue_ticket
from db.store.engine import Database
from db.store.models import TicketSource
from db.views.queries import OfficeInfo
from ticket_printer.job import PrinterError, PrintResult, PrintSettings, print_ticket
from ticket_printer.ticket import TicketContent, ticket_content


@dataclass(frozen=True)
class Issued:
    ticket: IssuedTicket
    content: TicketContent
    service_color: str
    checkin: CheckIn | None = None  # set for a booking checked in


class TicketJobs(QObject):
    """Runs one issue-and-print (or reprint) job at a time in a worker thread.

    Signals:
        issued(object): an `Issued`; the ticket is in the database.
        refused(object): the `UserError` that stopped issuing (nothing was recorded).
        checkin_refused(object): the `UserError` that stopped a check-in (an outage goes to
            `refused`).
        printed(object): a `PrintResult`: confirmed by the printer, or sent to one that cannot
            answer, or only shown.
        print_failed(object): the `PrinterError` (not printed, or not confirmed); the ticket
            stays valid.
        idle(): the job is over.
    """

    issued = Signal(object)
    refused = Signal(object)
    checkin_refused = Signal(object)
    printed = Signal(object)
    print_failed = Signal(object)
    idle = Signal()

    def __init__(self, db: Database, printing: PrintSettings, device: str) -> None:
        super().__init__()
        self._db = db
        self.printing = printing
        self.large_number = False  # print the number as large as the paper allows
        self._device = device
        self._busy = False
        self._unconfirmed: tuple[str, str | None, str] | None = None
        self._threads: list[threading.Thread] = []

    @property
    def busy(self) -> bool:
        return self._busy

    def issue(
        self,
        service: str,
        priority: str | None,
        office: OfficeInfo,
        color: str,
        *,
        qr_url: str = "",
        footer: str = "",
    ) -> bool:
        """Start issuing a ticket of `service`; False (and nothing happens) while busy."""
        if self._busy:
            return False
        key = self._key_for(service, priority)

        def work() -> None:
            issued = self._record(service, priority, key)
            if issued is None:
                return
            content = ticket_content(
                issued,
                office.name,
                office.timezone,
                qr_template=qr_url or None,
                footer=footer,
                large_number=self.large_number,
            )
            self.issued.emit(Issued(issued, content, color))
            self._print(content)

        return self._start(work)

    def check_in(
        self,
        code: str,
        service: str | None,
        office: OfficeInfo,
        colors: dict[str, str],
        *,
        now: datetime | None = None,
        qr_url: str = "",
        footer: str = "",
    ) -> bool:
        """Start checking in booking `code`; a repeated code shows its ticket without printing.

        False (and nothing happens) while busy. Check-in is idempotent by code, so it needs no
        key of its own: after a lost answer, the same code again returns the same ticket.
        """
        if self._busy:
            return False

        def work() -> None:
            done = self._check(code, service, now)
            if done is None:
                return
            issued = done.issued
            content = ticket_content(
                issued,
                office.name,
                office.timezone,
                qr_template=qr_url or None,
                footer=footer,
                large_number=self.large_number,
                **booking_lines(done),
            )
            color = colors.get(issued.ticket.service_code, "")
            self.issued.emit(Issued(issued, content, color, done))
            if not issued.repeated:
                self._print(content)

        return self._start(work)

    def _check(self, code: str, service: str | None, now: datetime | None) -> CheckIn | None:
        try:
            return check_in(self._db, code, service_code=service, device=self._device, now=now)
        except DatabaseUnavailable as error:
            self.refused.emit(error)
        except UserError as error:
            self.checkin_refused.emit(error)
        return None

    def reprint(self, content: TicketContent) -> bool:
        """Print a ticket again (staff only); False while busy."""
        return False if self._busy else self._start(lambda: self._print(content))

    def wait(self, timeout: float = 10.0) -> None:
        """Join finished and running worker threads (for shutdown and tests)."""
        for thread in self._threads:
            thread.join(timeout)
        self._threads = [t for t in self._threads if t.is_alive()]

    def _key_for(self, service: str, priority: str | None) -> str:
        # After a lost answer the same request reuses its key: if it was recorded after all,
        # the database returns that ticket instead of a second one.
        if self._unconfirmed and self._unconfirmed[:2] == (service, priority):
            return self._unconfirmed[2]
        return f"{self._device}:{uuid.uuid4().hex}"

    def _start(self, work: Callable[[], None]) -> bool:
        self._busy = True

        def run() -> None:
            try:
                work()
            finally:
                self._busy = False
                self.idle.emit()

        thread = threading.Thread(target=run, name="kiosk-job", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return True

    def _record(self, service: str, priority: str | None, key: str) -> IssuedTicket | None:
        try:
            issued = issue_ticket(
                self._db,
                service,
                priority=priority,
                source=TicketSource.KIOSK,
                idempotency_key=key,
                device=self._device,
            )
        except DatabaseUnavailable as error:
            self._unconfirmed = (service, priority, key)
            self.refused.emit(error)
            return None
        except UserError as error:
            self._unconfirmed = None
            self.refused.emit(error)
            return None
        self._unconfirmed = None
        return issued

    def _print(self, content: TicketContent) -> None:
        try:
            result: PrintResult = print_ticket(self.printing, content)
        except PrinterError as error:
            self.print_failed.emit(error)
            return
        self.printed.emit(result)


def booking_lines(done: CheckIn) -> dict[str, Any]:
    """What a checked-in booking adds to its printed ticket (`ticket_content`'s keywords): its
    session, and whether it was checked in early; nothing for a code trusted without a list."""
    if done.session_start is None or done.session_end is None:
        return {}
    return {"session": (done.session_start, done.session_end), "early": done.punctuality == "early"}
