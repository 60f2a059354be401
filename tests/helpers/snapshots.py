"""Hand-built read models (tickets, services, snapshots), for views tested without a database.

Every field a view does not read has a fixed, plausible value; the times are one morning of
the small test office (Asia/Jakarta), so what a view shows of them is known in advance.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal

from db.results import CounterView, TicketView
from db.rules.hours import Availability
from db.services.counters import CounterOverview
from db.views.officer_stats import OfficerFigures
from db.views.queries import CallRecord, DisplaySnapshot, ServiceStatus

DAY = date(2026, 11, 30)
MORNING = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 09:00 in Jakarta
NAMES = {"A": ("Paspor Baru", "New passport"), "B": ("Penggantian Paspor", "Passport renewal")}


def ticket(code: str, **fields: Any) -> TicketView:
    """A waiting walk-in ticket of the service named by the code's letter, issued at MORNING."""
    service = code[0]
    name_id, name_en = NAMES.get(service, (f"Layanan {service}", f"Service {service}"))
    base = TicketView(
        id=int(code[1:]),
        code=code,
        number=int(code[1:]),
        service_code=service,
        service_name_id=name_id,
        service_name_en=name_en,
        priority=None,
        status="waiting",
        business_date=DAY,
        issued_at=MORNING,
        queued_at=MORNING,
        called_at=None,
        serving_at=None,
        finished_at=None,
        counter_number=None,
        recall_count=0,
        transfer_count=0,
        source="kiosk",
    )
    return replace(base, **fields)


def called(code: str, counter: int, **fields: Any) -> TicketView:
    """A ticket called to `counter` ten minutes after it was issued."""
    at = MORNING + timedelta(minutes=10)
    return ticket(code, status="called", counter_number=counter, called_at=at, **fields)


def service(code: str, waiting: int, **fields: Any) -> ServiceStatus:
    name_id, name_en = NAMES.get(code, (f"Layanan {code}", f"Service {code}"))
    base = ServiceStatus(
        code, name_id, name_en, "#1F5FA8", waiting, waiting, None, Availability(True)
    )
    return replace(base, **fields)


def display_snapshot(
    counters: tuple[CounterView, ...],
    recent: tuple[CallRecord, ...] = (),
    services: tuple[ServiceStatus, ...] = (),
    **fields: Any,
) -> DisplaySnapshot:
    base = DisplaySnapshot(
        office_name="Kantor Uji",
        timezone="Asia/Jakarta",
        ticker="",
        business_date=DAY,
        counters=counters,
        recent_calls=recent,
        services=services,
        generated_at=MORNING,
    )
    return replace(base, **fields)


def overview(number: int, current: TicketView | None = None, **fields: Any) -> CounterOverview:
    """A counter of services A and B, open, with Budi signed in."""
    base = CounterOverview(
        number, f"Loket {number}", "open", "budi", "Budi Santoso", ("A", "B"), current, None
    )
    return replace(base, **fields)


def figures(served: int = 0, no_shows: int = 0, median_s: float | None = None) -> OfficerFigures:
    return OfficerFigures("budi", served, no_shows, median_s)


class SnapshotSource(QObject):
    """Stands in for the display's model: the signals a view listens to, fed by hand."""

    snapshot_changed = Signal(object)
    called = Signal(object)
    connection_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: DisplaySnapshot | None = None

    def show(self, snapshot: DisplaySnapshot) -> None:
        self.snapshot = snapshot
        self.snapshot_changed.emit(snapshot)
