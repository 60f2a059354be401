"""Officers: adding them, setting PINs, and signing in with lockout after wrong PINs."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from db import lookup
from db.clock import utcnow
from db.engine import Database, write
from db.errors import AuthenticationFailed, InvalidTransition, OfficerLocked, UserError
from db.events import record
from db.models import Officer, Role
from db.results import OfficerView
from db.security import hash_pin, valid_pin, verify_pin

MAX_WRONG_PINS = 5
LOCKOUT = timedelta(minutes=5)


def add_officer(
    db: Database, login: str, name: str, role: str = "officer", *, now: datetime | None = None
) -> OfficerView:
    login = login.strip().lower()
    try:
        role_value = Role(role)
    except ValueError:
        raise UserError(f"unknown role {role!r}: use officer or supervisor") from None
    with write(db) as session:
        if session.scalar(select(Officer).where(Officer.login == login)):
            raise InvalidTransition(f"officer {login!r} exists already")
        row = Officer(login=login, name=name.strip(), role=role_value, failed_pins=0, active=True)
        session.add(row)
        session.flush()
        record(session, "officer_added", now or utcnow(), officer_id=row.id, role=str(role_value))
        return _view(row)


def set_pin(db: Database, login: str, pin: str, *, now: datetime | None = None) -> OfficerView:
    if not valid_pin(pin):
        raise UserError("a PIN is 4 to 8 digits")
    with write(db) as session:
        row = lookup.officer(session, login)
        row.pin_hash = hash_pin(pin)
        row.failed_pins = 0
        row.locked_until = None
        record(session, "officer_pin_set", now or utcnow(), officer_id=row.id)
        return _view(row)


def authenticate(
    db: Database, login: str, pin: str, *, device: str | None = None, now: datetime | None = None
) -> OfficerView:
    """Check a login and PIN; five wrong PINs in a row lock the login for five minutes."""
    now = now or utcnow()
    with write(db) as session:
        row = session.scalar(select(Officer).where(Officer.login == login.strip().lower()))
        if row is None or not row.active:
            raise AuthenticationFailed("wrong login or PIN")
        if row.locked_until and row.locked_until > now:
            raise OfficerLocked(
                f"too many wrong PINs: {row.login} is locked until {row.locked_until:%H:%M} UTC",
                until=row.locked_until,
            )
        if verify_pin(pin, row.pin_hash):
            row.failed_pins = 0
            row.locked_until = None
            record(session, "officer_signed_in", now, officer_id=row.id, device=device)
            return _view(row)
        row.failed_pins += 1
        locked = row.failed_pins >= MAX_WRONG_PINS
        if locked:
            row.locked_until = now + LOCKOUT
            row.failed_pins = 0
        record(
            session,
            "officer_locked" if locked else "officer_pin_wrong",
            now,
            officer_id=row.id,
            device=device,
        )
    raise AuthenticationFailed("wrong login or PIN")


def _view(row: Officer) -> OfficerView:
    return OfficerView(row.login, row.name, str(row.role), row.pin_hash is not None)
