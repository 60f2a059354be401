"""Applying an office configuration to the database, idempotently and all at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from db.demo_office import DEMO_CONFIG, DEMO_PIN, DEMO_PUBLIC_URL
from db.office_config import CounterConfig, OfficeConfig, OutcomeConfig, ServiceConfig, load_config
from db.rules.clock import utcnow
from db.rules.security import hash_pin
from db.store.engine import Database, write
from db.store.events import record
from db.store.models import (
    Counter,
    CounterService,
    CounterState,
    Officer,
    OfficeSettings,
    Outcome,
    Role,
    Service,
    ServiceHours,
    ServiceStep,
)


@dataclass(frozen=True)
class AppliedConfig:
    services: int
    counters: int
    officers: int
    retired: int  # services, counters and officers no longer in the file, now inactive


def apply_config(
    db: Database, config: OfficeConfig, *, now: datetime | None = None
) -> AppliedConfig:
    """Make the database match the file: upsert by code, number and login; retire the rest.

    Nothing is deleted (tickets and events refer to it); one transaction, so a failure
    leaves the previous configuration whole.
    """
    with write(db) as session:
        _apply_office(session, config)
        services = {
            s.code: (_apply_service(session, s, i), s) for i, s in enumerate(config.services)
        }
        for counter in config.counters:
            _apply_counter(session, counter, services)
        for officer in config.officers:
            _apply_officer(session, officer.login, officer.name, officer.role)
        retired = _retire_missing(session, config)
        record(session, "config_applied", now or utcnow(), retired=retired)
    return AppliedConfig(len(config.services), len(config.counters), len(config.officers), retired)


def load_demo(db: Database, *, public_url: str | None = DEMO_PUBLIC_URL) -> AppliedConfig:
    """The demo office; officers without a PIN get the demo PIN so sign-in can be tried.

    `public_url` is where the demo's phone pages are served (None: no phone links).
    """
    applied = apply_config(db, replace(load_config(DEMO_CONFIG), public_url=public_url))
    with write(db) as session:
        for officer in session.scalars(select(Officer).where(Officer.pin_hash.is_(None))):
            officer.pin_hash = hash_pin(DEMO_PIN)
    return applied


def _apply_office(session: Session, config: OfficeConfig) -> None:
    row = session.get(OfficeSettings, 1) or OfficeSettings(id=1)
    row.name = config.name
    row.timezone = config.timezone
    row.ticker = config.ticker
    row.public_url = config.public_url
    row.priority_policy = config.priority.policy
    row.priority_ratio = config.priority.ratio
    row.fairness_minutes = config.priority.fairness_minutes
    row.priority_daily_cap = config.priority.daily_cap
    bookings = config.appointments
    row.appointment_early_minutes = bookings.early_minutes
    row.appointment_grace_minutes = bookings.grace_minutes
    row.appointment_late_rule = bookings.late_rule
    row.appointment_trust_unlisted = bookings.trust_unlisted
    row.appointment_release_at = bookings.release_at
    row.next_step_queue = config.journey.next_step_queue
    row.call_order_mode = config.call_order.mode
    row.call_order_max_in_row = config.call_order.max_in_row
    row.pin_min_length = config.pin_min_length
    session.add(row)
    _apply_outcomes(session, config.journey.outcomes)


def _apply_outcomes(session: Session, outcomes: Sequence[OutcomeConfig]) -> None:
    """Outcomes are upserted by code; one no longer listed is retired (reports still name it)."""
    session.execute(update(Outcome).values(active=False))
    for order, config in enumerate(outcomes):
        row = session.get(Outcome, config.code) or Outcome(code=config.code)
        row.name_id, row.name_en = config.name_id, config.name_en
        row.ends_visit = config.ends_visit
        row.sort_order = order
        row.active = True
        session.add(row)


def _apply_service(session: Session, config: ServiceConfig, order: int) -> Service:
    row = session.scalar(select(Service).where(Service.code == config.code))
    if row is None:
        row = Service(code=config.code)
        session.add(row)
    row.name_id, row.name_en = config.name_id, config.name_en
    row.daily_quota = config.daily_quota
    row.priority_allowed = config.priority_allowed
    row.color = config.color
    row.target_wait_minutes = config.target_wait_minutes
    row.capacity_guard = config.capacity_guard
    row.sort_order = order
    row.active = True
    row.retired = False
    row.step_count = max(len(config.steps), 1)
    session.flush()
    session.execute(delete(ServiceStep).where(ServiceStep.service_id == row.id))
    for number, step in enumerate(config.steps, start=1):
        session.add(
            ServiceStep(
                service_id=row.id,
                step=number,
                code=step.code,
                name_id=step.name_id,
                name_en=step.name_en,
            )
        )
    session.execute(delete(ServiceHours).where(ServiceHours.service_id == row.id))
    for rule in config.hours:
        for weekday in sorted(rule.weekdays):
            session.add(
                ServiceHours(
                    service_id=row.id,
                    weekday=weekday,
                    opens=rule.opens,
                    issue_until=rule.issue_until,
                    closes=rule.closes,
                    quota=rule.quota,
                )
            )
    return row


def _apply_counter(
    session: Session, config: CounterConfig, services: dict[str, tuple[Service, ServiceConfig]]
) -> None:
    row = session.scalar(select(Counter).where(Counter.number == config.number))
    if row is None:
        row = Counter(
            number=config.number,
            state=CounterState.OPEN,
            priority_streak=0,
            appointment_streak=0,
        )
        session.add(row)
    row.name = config.name
    row.active = True
    session.flush()
    session.execute(delete(CounterService).where(CounterService.counter_id == row.id))
    for served, weight in config.services:
        code, _, step_code = served.partition(":")
        service, service_config = services[code]
        steps = [step.code for step in service_config.steps]
        step = steps.index(step_code) + 1 if step_code else 0
        session.add(
            CounterService(counter_id=row.id, service_id=service.id, step=step, weight=weight)
        )


def _apply_officer(session: Session, login: str, name: str, role: str) -> None:
    row = session.scalar(select(Officer).where(Officer.login == login))
    if row is None:
        row = Officer(login=login, failed_pins=0)
        session.add(row)
    row.name = name
    row.role = Role(role)
    row.active = True


def _retire_missing(session: Session, config: OfficeConfig) -> int:
    codes = [s.code for s in config.services]
    numbers = [c.number for c in config.counters]
    logins = [o.login for o in config.officers]
    statements = (
        update(Service).where(Service.active.is_(True), Service.code.not_in(codes)),
        update(Counter).where(Counter.active.is_(True), Counter.number.not_in(numbers)),
        update(Officer).where(Officer.active.is_(True), Officer.login.not_in(logins)),
    )
    results = [session.execute(statements[0].values(active=False, retired=True))]
    results += [session.execute(s.values(active=False)) for s in statements[1:]]
    return sum(cast(CursorResult[Any], r).rowcount for r in results)
