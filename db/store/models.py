"""Typed SQLAlchemy models: the one schema every kiosk, counter and display shares.

Times are stored in UTC (`UtcDateTime`); business dates are office-local calendar days.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Time,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.office_config.models import DEFAULT_SERVICE_COLOUR
from db.rules.clock import DEFAULT_TIMEZONE

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC; SQLite keeps no zone, so it is re-attached on load."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# The nine items of the community satisfaction survey (SKM), in the regulation's order.
SKM_ITEMS = (
    "requirements",
    "procedure",
    "timeliness",
    "cost",
    "product",
    "competence",
    "behaviour",
    "complaints",
    "facilities",
)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class TicketStatus(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    FINISHED = "finished"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


ACTIVE_STATUSES = (TicketStatus.CALLED, TicketStatus.SERVING)


class CounterState(enum.StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class Role(enum.StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    FRONT_DESK = "front_desk"  # the officer at the entrance: issues, checks in, looks up


class TicketSource(enum.StrEnum):
    KIOSK = "kiosk"
    STAFF = "staff"
    CLI = "cli"


class TicketKind(enum.StrEnum):
    """How the applicant came: without a booking, or checked in for an M-Paspor appointment."""

    WALK_IN = "walk_in"
    APPOINTMENT = "appointment"


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
    )


class OfficeSettings(Base):
    """The single row (id 1) of office-wide settings."""

    __tablename__ = "office_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    ticker: Mapped[str] = mapped_column(String(500), default="")
    priority_policy: Mapped[str] = mapped_column(String(16), default="ratio")
    priority_ratio: Mapped[int] = mapped_column(Integer, default=2)
    fairness_minutes: Mapped[int | None] = mapped_column(Integer)
    priority_daily_cap: Mapped[int | None] = mapped_column(Integer)
    # Where phones reach the ticket pages (`walkin web`), e.g. http://10.0.0.5:8080.
    public_url: Mapped[str | None] = mapped_column(String(200))
    # Appointment check-in: how early and how late (after the session ends) a booking is taken,
    # what happens to a later one ("refuse" or "walk_in"), whether a code can be checked in
    # when no list was imported, and when unused bookings become walk-in places.
    appointment_early_minutes: Mapped[int] = mapped_column(Integer, default=60, server_default="60")
    appointment_grace_minutes: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    appointment_late_rule: Mapped[str] = mapped_column(
        String(16), default="refuse", server_default="refuse"
    )
    appointment_trust_unlisted: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    appointment_release_at: Mapped[time | None] = mapped_column(Time)
    # How bookings and walk-ins interleave in a line ([call_order], see db.rules.policy).
    call_order_mode: Mapped[str] = mapped_column(
        String(20), default="by_time", server_default="by_time"
    )
    call_order_max_in_row: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # Where a ticket queues for its next step: "arrival" (its original place) or "back".
    next_step_queue: Mapped[str] = mapped_column(
        String(16), default="arrival", server_default="arrival"
    )
    # The office's PIN policy ([security] pin_min_length), enforced when a PIN is set.
    pin_min_length: Mapped[int] = mapped_column(Integer, default=4, server_default="4")


class Service(Base):
    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(1), unique=True)
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    daily_quota: Mapped[int | None] = mapped_column(Integer)
    priority_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    color: Mapped[str] = mapped_column(String(7), default=DEFAULT_SERVICE_COLOUR)
    target_wait_minutes: Mapped[int] = mapped_column(Integer, default=60)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Inactive because the configuration dropped it (not closed by a supervisor): screens
    # list it only while tickets still wait for it.
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Stop issuing once the waiting queue, at the recent pace, would outlast closing time.
    capacity_guard: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The steps of a visit (rows in service_steps); 1 for a service without a journey.
    step_count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class ServiceHours(Base):
    """Opening hours of a service on one weekday (0 = Monday); no rows at all: always open."""

    __tablename__ = "service_hours"
    __table_args__ = (UniqueConstraint("service_id", "weekday"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[time] = mapped_column(Time)
    issue_until: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)
    quota: Mapped[int | None] = mapped_column(Integer)


class DailyQuota(Base):
    """A supervisor's quota for one service on one business day, overriding the configured one."""

    __tablename__ = "daily_quotas"

    business_date: Mapped[date] = mapped_column(Date, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    quota: Mapped[int | None] = mapped_column(Integer)


_SECRET: dict[str, Any] = {"deferred": True, "deferred_raiseload": True}


class Officer(Base):
    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # The secrets: never loaded with the row, since the app roles of PostgreSQL may not read
    # them (db/ops/grants.py); db/store/pins.py reaches them through narrow functions instead.
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), default=Role.OFFICER, **_SECRET)
    pin_hash: Mapped[str | None] = mapped_column(String(200), **_SECRET)
    failed_pins: Mapped[int] = mapped_column(Integer, default=0, **_SECRET)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, **_SECRET)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Counter(Base):
    __tablename__ = "counters"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(60))
    state: Mapped[CounterState] = mapped_column(
        _enum(CounterState, "counter_state"), default=CounterState.OPEN
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    priority_streak: Mapped[int] = mapped_column(Integer, default=0)
    # Appointment calls in a row at this counter ([call_order] appointments_first).
    appointment_streak: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))


class CounterService(Base):
    """A service a counter calls from; a higher weight makes its tickets count as older."""

    __tablename__ = "counter_services"

    counter_id: Mapped[int] = mapped_column(
        ForeignKey("counters.id", ondelete="CASCADE"), primary_key=True
    )
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    # The step of the service's journey the counter serves; 0: every step.
    step: Mapped[int] = mapped_column(Integer, primary_key=True, default=0, server_default="0")
    weight: Mapped[int] = mapped_column(Integer, default=1)


class ServiceStep(Base):
    """One step of a service's journey (e.g. A: 1 berkas, 2 biometrik); none: one step."""

    __tablename__ = "service_steps"

    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))


class Outcome(Base):
    """How a step can end, chosen by the officer at Finish; some end the visit early."""

    __tablename__ = "outcomes"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    ends_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class NumberSeries(Base):
    """The last number handed out in a series (a service code, or "*priority") on a day."""

    __tablename__ = "number_series"

    business_date: Mapped[date] = mapped_column(Date, primary_key=True)
    series: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)
    # The numbers that count against the series' quota: appointment check-ins take a number
    # from their service's series but not a walk-in place.
    counted: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


_ACTIVE_SQL = text("status IN ('called', 'serving')")
_WAITING_SQL = text("status = 'waiting'")
_OPEN_SQL = text("status IN ('waiting', 'called', 'serving')")
_WAITING_PRIORITY_SQL = text("status = 'waiting' AND priority IS NOT NULL")


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("business_date", "series_service_id", "number"),
        Index(
            "ux_tickets_one_active_per_counter",
            "counter_id",
            unique=True,
            sqlite_where=_ACTIVE_SQL,
            postgresql_where=_ACTIVE_SQL,
        ),
        Index(
            "ix_tickets_waiting",
            "service_id",
            "queued_at",
            "id",
            sqlite_where=_WAITING_SQL,
            postgresql_where=_WAITING_SQL,
        ),
        # A call's priority head: in ix_tickets_waiting, with no priority ticket waiting, its
        # LIMIT 1 went through the whole line in queue order to find none.
        Index(
            "ix_tickets_waiting_priority",
            "service_id",
            "queued_at",
            "id",
            sqlite_where=_WAITING_PRIORITY_SQL,
            postgresql_where=_WAITING_PRIORITY_SQL,
        ),
        # Every issue and check-in counts the day's open tickets and its line's waiting ones
        # (db.views.estimate, db.services.line_order), and a display the waiting ones: from
        # this index alone, without reading the day's finished tickets or a row of the table.
        Index(
            "ix_tickets_open",
            "business_date",
            "service_id",
            "step",
            "status",
            "priority",
            "kind",
            "queued_at",
            "id",
            sqlite_where=_OPEN_SQL,
            postgresql_where=_OPEN_SQL,
        ),
        Index("ix_tickets_day_called", "business_date", "called_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    business_date: Mapped[date] = mapped_column(Date)
    series_service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(8))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    priority: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[TicketStatus] = mapped_column(
        _enum(TicketStatus, "ticket_status"), default=TicketStatus.WAITING
    )
    source: Mapped[TicketSource] = mapped_column(_enum(TicketSource, "ticket_source"))
    kind: Mapped[TicketKind] = mapped_column(
        _enum(TicketKind, "ticket_kind"),
        default=TicketKind.WALK_IN,
        server_default=TicketKind.WALK_IN.value,
    )
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    called_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    serving_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    transfer_count: Mapped[int] = mapped_column(Integer, default=0)
    # The secret in the ticket's phone link: unguessable, unlike the printed number.
    token: Mapped[str | None] = mapped_column(String(32), unique=True)
    # The step of its service's journey the ticket is at (1 = the first).
    step: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Since when it waits for its next call; `queued_at` is its place in line, which a next
    # step or a transfer may keep from its arrival.
    waiting_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The outcome the last finished step was given (e.g. selesai, berkas_kurang).
    outcome: Mapped[str | None] = mapped_column(String(32))


_OPEN_STEP_SQL = text("ended IS NULL")
_FINISHED_STEP_SQL = text("ended = 'finished'")


class TicketStep(Base):
    """One call of a ticket at a counter, from the call to its end: the history of a visit.

    A ticket has a row per call: each step of its journey, and again after a requeue or a
    transfer. Reports read waiting and service times from here; the ticket row only holds
    where the visit is now.
    """

    __tablename__ = "ticket_steps"
    __table_args__ = (
        Index("ix_ticket_steps_ticket", "ticket_id"),
        Index("ix_ticket_steps_day", "business_date", "service_id", "step"),
        # The wait estimate reads each line's latest finished steps.
        Index(
            "ix_ticket_steps_line_finished",
            "service_id",
            "step",
            "ended_at",
            sqlite_where=_FINISHED_STEP_SQL,
            postgresql_where=_FINISHED_STEP_SQL,
        ),
        Index(
            "ux_ticket_steps_one_open_per_ticket",
            "ticket_id",
            unique=True,
            sqlite_where=_OPEN_STEP_SQL,
            postgresql_where=_OPEN_STEP_SQL,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    business_date: Mapped[date] = mapped_column(Date)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    step: Mapped[int] = mapped_column(Integer)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime)  # waiting for this call since
    called_at: Mapped[datetime] = mapped_column(UtcDateTime)
    serving_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # finished | no_show | transferred | cancelled | expired (db.store.lifecycle.STEP_ENDS)
    ended: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(32))
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    recalls: Mapped[int] = mapped_column(Integer, default=0)


class Appointment(Base):
    """One M-Paspor booking of the day's imported list (or a code trusted at check-in).

    Only what the queue needs is kept: no name, NIK or phone number ever reaches this table.
    """

    __tablename__ = "appointments"
    __table_args__ = (Index("ix_appointments_day_service", "business_date", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_code: Mapped[str] = mapped_column(String(32), unique=True)
    business_date: Mapped[date] = mapped_column(Date)
    # None for a code trusted at check-in: its session is unknown until an officer checks it.
    session_start: Mapped[time | None] = mapped_column(Time)
    session_end: Mapped[time | None] = mapped_column(Time)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    priority: Mapped[str | None] = mapped_column(String(16))
    # Checked in without an imported list: the officer verifies the booking by hand.
    trusted: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    punctuality: Mapped[str | None] = mapped_column(String(16))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), unique=True)
    # Set at the office's cut-off when nobody checked in: the place went to walk-ins.
    released_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ReleasedSlots(Base):
    """Walk-in places a service gained on a day from bookings nobody checked in for."""

    __tablename__ = "released_slots"

    business_date: Mapped[date] = mapped_column(Date, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    slots: Mapped[int] = mapped_column(Integer)


class Event(Base):
    """Append-only audit log: one row for every change (database triggers refuse edits)."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_ticket", "ticket_id"), Index("ix_events_at", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    kind: Mapped[str] = mapped_column(String(32))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    device: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Device(Base):
    """A kiosk, counter PC or display that reports it is alive, and how its hardware is."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    version: Mapped[str] = mapped_column(String(32))
    health: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen: Mapped[datetime] = mapped_column(UtcDateTime)


class SurveyResponse(Base):
    """One satisfaction survey (SKM, PermenPANRB 14/2017) answer: nine items rated 1-4.

    Kept against the ticket (at most one answer each) and its service, never the officer.
    """

    __tablename__ = "survey_responses"
    __table_args__ = (
        Index("ix_survey_responses_day", "business_date", "service_id"),
        *(CheckConstraint(f"{item} BETWEEN 1 AND 4", name=f"{item}_range") for item in SKM_ITEMS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    business_date: Mapped[date] = mapped_column(Date)
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    requirements: Mapped[int] = mapped_column(SmallInteger)
    procedure: Mapped[int] = mapped_column(SmallInteger)
    timeliness: Mapped[int] = mapped_column(SmallInteger)
    cost: Mapped[int] = mapped_column(SmallInteger)
    product: Mapped[int] = mapped_column(SmallInteger)
    competence: Mapped[int] = mapped_column(SmallInteger)
    behaviour: Mapped[int] = mapped_column(SmallInteger)
    complaints: Mapped[int] = mapped_column(SmallInteger)
    facilities: Mapped[int] = mapped_column(SmallInteger)
