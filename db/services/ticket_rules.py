"""What a ticket's checks read, and what they decide: the office's and the service's rules
for a day (read as plain columns with Core on the session's connection: ORM rows and the ORM's
execute cost more than the statements), whether the service issues now (hours, then the crowd
guard), and the day's quota."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    FromClause,
    Row,
    Select,
    SQLColumnExpression,
    bindparam,
    literal_column,
    select,
)
from sqlalchemy.orm import Session

from db.errors import NotFound, PriorityNotAllowed
from db.office_config import PRIORITY_CATEGORIES
from db.rules.clock import DEFAULT_TIMEZONE, local_time
from db.rules.hours import Availability, ClosedReason, DayHours, availability, past_closing
from db.rules.workload import OfficeLoad
from db.store.models import (
    DailyQuota,
    OfficeSettings,
    ReleasedSlots,
    Service,
    ServiceHours,
    ServiceStep,
)
from db.views.estimate import office_load, queue_end


@dataclass(frozen=True)
class OfficeRules:
    """The office settings a ticket's checks need (read as plain columns: cheaper than a row)."""

    timezone: str
    priority_policy: str
    priority_ratio: int
    fairness_minutes: int | None
    priority_daily_cap: int | None
    public_url: str | None
    call_order_mode: str
    call_order_max_in_row: int
    appointment_early_minutes: int
    appointment_grace_minutes: int
    appointment_late_rule: str


# The office settings row's columns that make an OfficeRules, labelled apart from the columns
# of a query they join (`office_rules_from`).
OFFICE_COLUMNS = tuple(
    getattr(OfficeSettings, name).label(f"office_{name}")
    for name in OfficeRules.__dataclass_fields__
)
# The one settings row, to join to a hot path's first read instead of reading it on its own.
THE_OFFICE = OfficeSettings.id == literal_column("1")
_OFFICE_RULES = select(*OFFICE_COLUMNS).where(THE_OFFICE)


def office_rules(session: Session) -> OfficeRules:
    row = session.connection().execute(_OFFICE_RULES).first()
    if row is None:
        raise NotFound("the office is not configured yet: run `walkin init --config FILE`")
    return OfficeRules(*row)


def office_rules_from(session: Session, row: Row[*tuple[Any, ...]]) -> OfficeRules:
    """The office's rules from a row with OFFICE_COLUMNS at its end (outer-joined on THE_OFFICE:
    none when the office is not configured, which office_rules then says)."""
    values = tuple(row)[-len(OFFICE_COLUMNS) :]
    return office_rules(session) if values[0] is None else OfficeRules(*values)


@dataclass(frozen=True)
class ServiceRules:
    """A service as a ticket's checks see it on one day: its settings, its journey's first
    step, its hours, and the day's quota override and released places."""

    id: int
    code: str
    name_id: str
    name_en: str
    daily_quota: int | None
    priority_allowed: bool
    active: bool
    capacity_guard: bool
    step_count: int
    step_name_id: str | None
    step_name_en: str | None
    overridden: bool  # a supervisor set today's quota (`override`, None: no limit)
    override: int | None
    released: int | None
    hours: tuple[DayHours, ...]


class _TimezoneSeen:
    """The office's timezone as last read in this process: the guess that dates the service's
    rows in `office_and_service_rules`, which the same read then checks."""

    name = DEFAULT_TIMEZONE


def office_and_service_rules(
    session: Session, code: str, now: datetime
) -> tuple[OfficeRules, ServiceRules]:
    """The office's rules and the service's for the office's day at `now`, in one round trip.

    A service's rules for a day (a quota override, released places) need the office's date,
    which needs its timezone: the read dates them with the timezone last seen, and is made
    again with the right date in the rare case that the row shows another one.
    """
    for _ in range(2):
        guess = _TimezoneSeen.name
        day = local_time(now, guess).date()
        params = {"code": code.strip().upper(), "day": day}
        rows = session.connection().execute(_OFFICE_AND_SERVICE_RULES, params).all()
        if not rows:
            office_rules(session)  # says so if the office is not configured
            raise NotFound(f"there is no service {code!r}")
        office = OfficeRules(*tuple(rows[0])[-len(OFFICE_COLUMNS) :])
        if office.timezone == guess:
            return office, service_rules_from(rows)
        _TimezoneSeen.name = office.timezone
    raise RuntimeError("the office's timezone changed twice during one read")


def service_rules_from(rows: Sequence[Row[*tuple[Any, ...]]]) -> ServiceRules:
    """A service's rules from the rows of a query built on `service_rules_query`."""
    first = rows[0]
    hours = tuple(
        DayHours(r.weekday, r.opens, r.issue_until, r.closes, r.hours_quota)
        for r in rows
        if r.weekday is not None
    )
    return ServiceRules(
        first.id,
        first.code,
        first.name_id,
        first.name_en,
        first.daily_quota,
        first.priority_allowed,
        first.active,
        first.capacity_guard,
        first.step_count,
        first.step_name_id,
        first.step_name_en,
        overridden=first.overridden is not None,
        override=first.override,
        released=first.released,
        hours=hours,
    )


def service_rules_query(
    day: SQLColumnExpression[date], reached_from: FromClause | None = None
) -> Select[*tuple[Any, ...]]:
    """A service's rules on `day`: a row per weekday of its hours (one without hours), to
    narrow to one service (`service_rules_from` makes them one ServiceRules).

    `reached_from`: a join that holds the services table, when `day` is one of its columns.
    """
    return (
        select(
            Service.id,
            Service.code,
            Service.name_id,
            Service.name_en,
            Service.daily_quota,
            Service.priority_allowed,
            Service.active,
            Service.capacity_guard,
            Service.step_count,
            ServiceStep.name_id.label("step_name_id"),
            ServiceStep.name_en.label("step_name_en"),
            DailyQuota.service_id.label("overridden"),
            DailyQuota.quota.label("override"),
            ReleasedSlots.slots.label("released"),
            ServiceHours.weekday,
            ServiceHours.opens,
            ServiceHours.issue_until,
            ServiceHours.closes,
            ServiceHours.quota.label("hours_quota"),
        )
        .select_from(Service if reached_from is None else reached_from)
        .outerjoin(ServiceStep, (ServiceStep.service_id == Service.id) & (ServiceStep.step == 1))
        .outerjoin(ServiceHours, ServiceHours.service_id == Service.id)
        .outerjoin(
            DailyQuota, (DailyQuota.service_id == Service.id) & (DailyQuota.business_date == day)
        )
        .outerjoin(
            ReleasedSlots,
            (ReleasedSlots.service_id == Service.id) & (ReleasedSlots.business_date == day),
        )
    )


_OFFICE_AND_SERVICE_RULES = (
    service_rules_query(bindparam("day", type_=Date()))
    .where(Service.code == bindparam("code"))
    .add_columns(*OFFICE_COLUMNS)
    .join(OfficeSettings, THE_OFFICE)
)


def service_availability(session: Session, service: Service, local: datetime) -> Availability:
    """Whether the service issues walk-ins at the office-local moment `local`: its hours,
    then the crowd guard."""
    hours = session.scalars(select(ServiceHours).where(ServiceHours.service_id == service.id))
    days = tuple(DayHours(r.weekday, r.opens, r.issue_until, r.closes, r.quota) for r in hours)
    return issuing_state(session, _Guarded(service, days), local, guard=True)


class _Guarded:
    """A service row with its hours, as `_availability` reads a service."""

    def __init__(self, service: Service, hours: tuple[DayHours, ...]) -> None:
        self.id, self.active, self.daily_quota = service.id, service.active, service.daily_quota
        self.capacity_guard, self.hours = service.capacity_guard, hours


def issuing_state(
    session: Session,
    service: ServiceRules | _Guarded,
    local: datetime,
    *,
    guard: bool,
    load: OfficeLoad | None = None,
) -> Availability:
    """Hours, then the crowd guard: would the visits in the office, those booked to come and
    one more walk-in outlast closing time at every step of the journey (db.rules.workload)?

    Without enough history or an open counter at a step there is no projection, and the
    guard lets tickets out. `load`: the office's, when the caller has read it.
    """
    state = availability(service.active, service.daily_quota, list(service.hours), local)
    guarded = guard and state.open and service.capacity_guard and state.closes is not None
    if not guarded or state.closes is None:
        return state
    queue = queue_end(load or office_load(session, local), service.id)
    if queue is not None and past_closing(local, state.closes, queue):
        return replace(state, open=False, reason=ClosedReason.CAPACITY)
    return state


def quota_today(
    session: Session, service: Service, day: date, configured: int | None
) -> int | None:
    """Today's walk-in quota: a supervisor's override for the day, else the configured one,
    plus the places released by bookings nobody checked in for."""
    override = session.get(DailyQuota, (day, service.id))
    quota = override.quota if override else configured
    released = session.get(ReleasedSlots, (day, service.id))
    return quota + released.slots if quota is not None and released else quota


def check_priority(service: ServiceRules, priority: str | None) -> None:
    if priority is None:
        return
    if priority not in PRIORITY_CATEGORIES:
        known = ", ".join(PRIORITY_CATEGORIES)
        raise PriorityNotAllowed(f"unknown priority category {priority!r} (known: {known})")
    if not service.priority_allowed:
        raise PriorityNotAllowed(f"service {service.code} does not take priority tickets")


def closed_message(service: ServiceRules, state: Availability) -> str:
    name = f"service {service.code} ({service.name_en})"
    if state.reason is ClosedReason.NOT_YET_OPEN and state.opens:
        return f"{name} opens at {state.opens:%H:%M}"
    if state.reason is ClosedReason.ISSUING_ENDED and state.issue_until:
        return f"{name} stopped issuing tickets at {state.issue_until:%H:%M}"
    if state.reason is ClosedReason.NOT_TODAY:
        return f"{name} is closed today"
    if state.reason is ClosedReason.CAPACITY and state.closes:
        return f"{name} cannot take more applicants: the queue would run past {state.closes:%H:%M}"
    return f"{name} is closed"
