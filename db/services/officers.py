"""Officers: adding them, setting PINs, and signing in with lockout after wrong PINs.

The PIN hash, wrong-PIN count, lock and role are reached only through db/store/pins.py (on
PostgreSQL, functions that the app roles may call without reading those columns).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.errors import AuthenticationFailed, InvalidTransition, NotFound, OfficerLocked, UserError
from db.results import OfficerView
from db.rules.clock import local_time, utcnow
from db.rules.security import MAX_PIN_LENGTH, MIN_PIN_LENGTH, hash_pin, pin_digest, valid_pin
from db.store import pins
from db.store.engine import Database, read, write
from db.store.events import record
from db.store.models import Officer, OfficeSettings, Role


def add_officer(
    db: Database, login: str, name: str, role: str = "officer", *, now: datetime | None = None
) -> OfficerView:
    login = login.strip().lower()
    try:
        role_value = Role(role)
    except ValueError:
        raise UserError(f"unknown role {role!r}: use officer, supervisor or front_desk") from None
    with write(db) as session:
        if session.scalar(select(Officer.id).where(Officer.login == login)):
            raise InvalidTransition(f"officer {login!r} exists already")
        row = Officer(login=login, name=name.strip(), role=role_value, failed_pins=0, active=True)
        session.add(row)
        session.flush()
        record(session, "officer_added", now or utcnow(), officer_id=row.id, role=str(role_value))
        return OfficerView(row.login, row.name, str(role_value), False)


def set_pin(db: Database, login: str, pin: str, *, now: datetime | None = None) -> OfficerView:
    """Set an officer's PIN (and clear a lock); its length follows the office's policy."""
    login = login.strip().lower()
    with write(db) as session:
        shortest = _min_pin_length(session)
        if not valid_pin(pin, shortest):
            raise UserError(f"a PIN is {shortest} to {MAX_PIN_LENGTH} digits")
        officer_id = pins.store_pin(session, login, hash_pin(pin))
        if officer_id is None:
            raise NotFound(f"there is no officer {login!r}")
        record(session, "officer_pin_set", now or utcnow(), officer_id=officer_id)
        return _view(session, officer_id, pins.officer_role(session, login), has_pin=True)


def authenticate(
    db: Database, login: str, pin: str, *, device: str | None = None, now: datetime | None = None
) -> OfficerView:
    """Check a login and PIN; five wrong PINs in a row lock the login for five minutes.

    A wrong PIN says how many attempts are left; the one that locks says until when, in office
    time. The slow hash runs between two short transactions, so no lock is held while it does.
    """
    login = login.strip().lower()
    with read(db) as session:
        setting = pins.pin_setting(session, login)
    digest = pin_digest(pin, setting) or ""
    now = now or utcnow()
    with write(db) as session:
        found = pins.check_pin(session, login, digest, now)
        if found.officer_id is None:
            raise AuthenticationFailed("wrong login or PIN")
        zone = _office_zone(session)
        if found.outcome == "locked":
            raise _locked(f"too many wrong PINs: {login} is locked", found, zone)
        kind = {"ok": "officer_signed_in", "locked_now": "officer_locked"}
        record(
            session,
            kind.get(found.outcome, "officer_pin_wrong"),
            now,
            officer_id=found.officer_id,
            device=device,
        )
        if found.outcome == "ok":
            return _view(session, found.officer_id, found.role, has_pin=True)
    # Raised once the count and its event are committed.
    if found.outcome == "locked_now":
        raise _locked(f"wrong PIN: {login} is now locked", found, zone)
    left = found.attempts_left
    minutes = int(pins.LOCKOUT.total_seconds() // 60)
    raise AuthenticationFailed(
        f"wrong PIN: {_attempts(left)} left before {login} is locked for {minutes} minutes",
        attempts_left=left,
    )


def _attempts(left: int | None) -> str:
    return "1 attempt" if left == 1 else f"{left} attempts"


def _locked(reason: str, found: pins.PinCheck, zone: str) -> OfficerLocked:
    until = found.locked_until
    assert until is not None
    local = local_time(until, zone)
    return OfficerLocked(f"{reason} until {local:%H:%M} {local:%Z}", until=until)


def _office_zone(session: Session) -> str:
    """The zone the office reads its clocks in (UTC, and said so, before it is configured)."""
    office = session.get(OfficeSettings, 1)
    return office.timezone if office is not None else "UTC"


def _min_pin_length(session: Session) -> int:
    office = session.get(OfficeSettings, 1)
    return office.pin_min_length if office is not None else MIN_PIN_LENGTH


def _view(session: Session, officer_id: int, role: str | None, *, has_pin: bool) -> OfficerView:
    row = session.get(Officer, officer_id)
    assert row is not None
    return OfficerView(row.login, row.name, role or str(Role.OFFICER), has_pin)
