"""Today's availability per service, for the officer at the entrance: is it worth waiting?

A read model: each open or closed service with its walk-in places left, whether it still
issues (hours, and the capacity guard that stops walk-ins when the queue would run past
closing time), the wait a newcomer would be told, and the booked sessions still to come.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from db.results import WaitEstimate
from db.rules.clock import local_time, utcnow
from db.rules.hours import Availability
from db.store import lookup
from db.store.engine import Database, read
from db.store.models import Appointment, Service
from db.views.estimate import office_load, wait_from
from db.views.queries import ServiceStatus, service_statuses


@dataclass(frozen=True)
class BookedSession:
    """Bookings of one session nobody has checked in for yet (and not released)."""

    start: time | None  # None: a code trusted without a list, session unknown
    end: time | None
    booked: int


@dataclass(frozen=True)
class ServiceDay:
    status: ServiceStatus  # waiting, quota, walk-in places used, open or why not
    newcomer_wait: WaitEstimate | None  # what a ticket issued now would be told
    booked_to_come: tuple[BookedSession, ...]

    @property
    def code(self) -> str:
        return self.status.code

    @property
    def availability(self) -> Availability:
        return self.status.availability

    @property
    def booked_total(self) -> int:
        return sum(session.booked for session in self.booked_to_come)


def today_availability(db: Database, *, now: datetime | None = None) -> list[ServiceDay]:
    """Every active service as the front desk sees it at `now`."""
    now = now or utcnow()
    statuses = service_statuses(db, now=now)
    with read(db) as session:
        ids = _service_ids(session)
        load = office_load(session, now)
        booked = _booked_to_come(session, now)
    return [
        ServiceDay(
            status=status,
            newcomer_wait=wait_from(load, ids[status.code], status.waiting),
            booked_to_come=booked.get(status.code, ()),
        )
        for status in statuses
        if status.code in ids
    ]


def _service_ids(session: Session) -> dict[str, int]:
    return {code: id_ for code, id_ in session.execute(select(Service.code, Service.id))}


def _booked_to_come(session: Session, now: datetime) -> dict[str, tuple[BookedSession, ...]]:
    """Today's bookings not checked in and not released, whose session has not ended."""
    local = local_time(now, lookup.settings(session).timezone)
    query = (
        select(
            Service.code,
            Appointment.session_start,
            Appointment.session_end,
            func.count(),
        )
        .join(Service, Service.id == Appointment.service_id)
        .where(
            Appointment.business_date == local.date(),
            Appointment.ticket_id.is_(None),
            Appointment.released_at.is_(None),
            or_(Appointment.session_end.is_(None), Appointment.session_end > local.time()),
        )
        .group_by(Service.code, Appointment.session_start, Appointment.session_end)
        .order_by(Service.code, Appointment.session_start)
    )
    found: dict[str, list[BookedSession]] = {}
    for code, start, end, count in session.execute(query):
        found.setdefault(code, []).append(BookedSession(start, end, int(count)))
    return {code: tuple(rows) for code, rows in found.items()}
