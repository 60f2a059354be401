"""The officers' secrets (PIN hash, wrong-PIN count, lock, role), reached only through here.

On PostgreSQL the app roles may not read or write these columns: each function below calls the
SECURITY DEFINER function of migration 0007, which does the work as the schema's owner. SQLite
has no roles, so there the same logic runs in Python, inside the caller's write transaction
(`BEGIN IMMEDIATE` serialises it just as the row lock does on PostgreSQL).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select, text, update
from sqlalchemy.orm import Session

from db.rules.security import setting_of
from db.store.models import Officer

# The same figures are written into walkin_check_pin (migrations 0007, 0009) for PostgreSQL.
MAX_WRONG_PINS = 5
LOCKOUT = timedelta(minutes=5)


@dataclass(frozen=True)
class PinCheck:
    """What checking a PIN found; `outcome` is ok, wrong, locked, locked_now or unknown.

    `attempts_left`: wrong PINs the login takes before it locks (0 once locked, None when the
    login is unknown), counted in the database.
    """

    outcome: str
    officer_id: int | None
    role: str | None  # only when the PIN was right
    locked_until: datetime | None
    attempts_left: int | None = None


def _on_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _active(login: str) -> tuple[ColumnElement[bool], ...]:
    return (Officer.login == login, Officer.active.is_(True))


def pin_setting(session: Session, login: str) -> str | None:
    """The salt and parameters of an active officer's PIN hash, without its digest."""
    if _on_postgres(session):
        query = text("SELECT walkin_pin_setting(:login)")
        return session.execute(query, {"login": login}).scalar_one_or_none()
    stored = session.scalar(select(Officer.pin_hash).where(*_active(login)))
    return setting_of(stored) if stored else None


def officer_role(session: Session, login: str) -> str | None:
    """An active officer's role, or None when there is no such officer."""
    if _on_postgres(session):
        query = text("SELECT walkin_officer_role(:login)")
        return session.execute(query, {"login": login}).scalar_one_or_none()
    role = session.scalar(select(Officer.role).where(*_active(login)))
    return str(role) if role is not None else None


def check_pin(session: Session, login: str, digest: str, now: datetime) -> PinCheck:
    """Compare a PIN digest; a wrong one is counted atomically and the fifth locks the login.

    `now` is used on SQLite only: PostgreSQL uses its own clock, so that no caller can pass a
    time that ends a lock early.
    """
    if _on_postgres(session):
        query = text("SELECT * FROM walkin_check_pin(:login, :digest)")
        row = session.execute(query, {"login": login, "digest": digest}).one()
        return PinCheck(
            row.outcome, row.officer_id, row.officer_role, row.lock_end, row.attempts_left
        )
    return _check_in_python(session, login, digest, now)


def _check_in_python(session: Session, login: str, digest: str, now: datetime) -> PinCheck:
    columns = (Officer.id, Officer.pin_hash, Officer.locked_until, Officer.role)
    found = session.execute(select(*columns).where(*_active(login))).one_or_none()
    if found is None:
        return PinCheck("unknown", None, None, None)
    officer_id, stored, locked_until, role = found
    if locked_until is not None and locked_until > now:
        return PinCheck("locked", officer_id, None, locked_until, 0)
    mine = update(Officer).where(Officer.id == officer_id)
    if digest and stored and hmac.compare_digest(stored.rpartition("$")[2], digest):
        session.execute(mine.values(failed_pins=0, locked_until=None))
        return PinCheck("ok", officer_id, str(role), None, MAX_WRONG_PINS)
    counted = mine.values(failed_pins=Officer.failed_pins + 1).returning(Officer.failed_pins)
    failures = session.execute(counted).scalar_one()
    if failures < MAX_WRONG_PINS:
        return PinCheck("wrong", officer_id, None, None, MAX_WRONG_PINS - failures)
    until = now + LOCKOUT
    session.execute(mine.values(failed_pins=0, locked_until=until))
    return PinCheck("locked_now", officer_id, None, until, 0)


def store_pin(session: Session, login: str, pin_hash: str) -> int | None:
    """Set an active officer's PIN hash and clear its lock; the officer's id, None if unknown.

    Only the administrator role may do this on PostgreSQL (no app sets PINs).
    """
    query = (
        update(Officer)
        .where(*_active(login))
        .values(pin_hash=pin_hash, failed_pins=0, locked_until=None)
        .returning(Officer.id)
    )
    return session.execute(query).scalar_one_or_none()
