"""The day's booking list: importing it, and releasing unused bookings at the office's cut-off.

Importing is idempotent: the same file again changes nothing, a changed file updates the
bookings not yet checked in, and a booking already checked in (or released) is kept as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.errors import BookingFileError
from db.rules.booking_file import Booking, BookingList, RowProblem, parse_bookings
from db.rules.booking_rules import release_due
from db.rules.clock import local_time, utcnow
from db.store import lookup
from db.store.engine import Database, read, write
from db.store.events import record
from db.store.models import Appointment, ReleasedSlots, Service

_SERVICE_IDS = select(Service.code, Service.id)
_CHUNK = 500  # codes per IN (...) list: well under every driver's parameter limit


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    kept: int  # changed in the file, but already checked in or released: left as it was
    other_days: int  # rows for another day than --date, not loaded
    problems: tuple[RowProblem, ...]
    ignored_columns: tuple[str, ...]


def import_bookings(
    db: Database,
    text: str,
    *,
    day: date | None = None,
    strict: bool = False,
    now: datetime | None = None,
) -> ImportResult:
    """Load the CSV `text` in one transaction (see db.rules.booking_file for its columns).

    `day`: load only that day's rows. `strict`: load nothing if any row is bad.

    Raises:
        BookingFileError: no usable header, or a bad row under `strict`.
    """
    now = now or utcnow()
    with write(db) as session:
        codes: dict[str, int] = {code: id_ for code, id_ in session.execute(_SERVICE_IDS)}
        parsed = parse_bookings(text, codes)
        if strict and parsed.problems:
            shown = "; ".join(str(p) for p in parsed.problems[:5])
            more = len(parsed.problems) - 5
            raise BookingFileError(
                f"nothing loaded (--strict): {shown}" + (f"; and {more} more" if more > 0 else ""),
                problems=parsed.problems,
            )
        result = _load(session, parsed, codes, day, now)
        record(
            session,
            "appointments_imported",
            now,
            added=result.added,
            updated=result.updated,
            unchanged=result.unchanged,
            kept=result.kept,
            rejected=len(result.problems),
        )
        return result


def _load(
    session: Session, parsed: BookingList, codes: dict[str, int], day: date | None, now: datetime
) -> ImportResult:
    wanted = [b for b in parsed.bookings if day is None or b.day == day]
    existing = {row.booking_code: row for row in _existing(session, [b.code for b in wanted])}
    tally: Counter[str] = Counter()
    for booking in wanted:
        row = existing.get(booking.code)
        if row is None:
            session.add(_new_row(booking, codes, now))
            tally["added"] += 1
        else:
            tally[_update(row, booking, codes, now)] += 1
    return ImportResult(
        added=tally["added"],
        updated=tally["updated"],
        unchanged=tally["unchanged"],
        kept=tally["kept"],
        other_days=len(parsed.bookings) - len(wanted),
        problems=parsed.problems,
        ignored_columns=parsed.ignored_columns,
    )


def _existing(session: Session, codes: Sequence[str]) -> Iterator[Appointment]:
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start : start + _CHUNK]
        yield from session.scalars(select(Appointment).where(Appointment.booking_code.in_(chunk)))


def _fields(booking: Booking, codes: dict[str, int]) -> dict[str, object]:
    return {
        "business_date": booking.day,
        "session_start": booking.session_start,
        "session_end": booking.session_end,
        "service_id": codes[booking.service],
        "priority": booking.priority,
    }


def _new_row(booking: Booking, codes: dict[str, int], now: datetime) -> Appointment:
    return Appointment(
        booking_code=booking.code, trusted=False, imported_at=now, **_fields(booking, codes)
    )


def _update(row: Appointment, booking: Booking, codes: dict[str, int], now: datetime) -> str:
    fields = _fields(booking, codes)
    changed = any(getattr(row, name) != value for name, value in fields.items())
    if not changed:
        return "unchanged"
    if row.ticket_id is not None or row.released_at is not None:
        return "kept"
    for name, value in fields.items():
        setattr(row, name, value)
    row.imported_at = now
    return "updated"


def pending_codes(db: Database, *, now: datetime | None = None) -> list[str]:
    """Today's booking codes nobody has checked in yet (and not released), by session start."""
    now = now or utcnow()
    with read(db) as session:
        day = lookup.today(session, now)
        query = (
            select(Appointment.booking_code)
            .where(
                Appointment.business_date == day,
                Appointment.ticket_id.is_(None),
                Appointment.released_at.is_(None),
            )
            .order_by(Appointment.session_start, Appointment.booking_code)
        )
        return list(session.scalars(query))


@dataclass(frozen=True)
class Released:
    """Walk-in places released at the cut-off, by service code (empty: nothing to release)."""

    by_service: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_service.values())


def release_unused(db: Database, *, now: datetime | None = None) -> Released:
    """After the office's cut-off, give today's bookings nobody checked in for to walk-ins.

    Safe to run from every kiosk at once and as often as liked: a booking is released once
    (its `released_at` is set in the same statement that selects it), so each place is added
    to the walk-in quota exactly once.
    """
    now = now or utcnow()
    with write(db) as session:
        office = lookup.settings(session)
        local = local_time(now, office.timezone)
        if not release_due(local, office.appointment_release_at):
            return Released({})
        released = _mark_released(session, local.date(), now)
        by_service = Counter(released)
        names = {id_: code for code, id_ in session.execute(_SERVICE_IDS)}
        for service_id, slots in by_service.items():
            _add_slots(session, local.date(), service_id, slots)
        result = Released({names[s]: n for s, n in sorted(by_service.items())})
        if result.total:
            record(session, "appointments_released", now, services=result.by_service)
        return result


def _mark_released(session: Session, day: date, now: datetime) -> Iterable[int]:
    statement = (
        update(Appointment)
        .where(
            Appointment.business_date == day,
            Appointment.ticket_id.is_(None),
            Appointment.released_at.is_(None),
            Appointment.trusted.is_(False),
        )
        .values(released_at=now)
        .returning(Appointment.service_id)
    )
    return list(session.scalars(statement))


def _add_slots(session: Session, day: date, service_id: int, slots: int) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(ReleasedSlots)
        .values(business_date=day, service_id=service_id, slots=slots)
        .on_conflict_do_update(
            index_elements=[ReleasedSlots.business_date, ReleasedSlots.service_id],
            set_={"slots": ReleasedSlots.slots + slots},
        )
    )
    session.execute(statement)
