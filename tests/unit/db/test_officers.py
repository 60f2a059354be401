"""Officers: PINs are hashed, wrong PINs lock the login, every attempt is an event."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from db.errors import (
    AuthenticationFailed,
    InvalidTransition,
    NotFound,
    OfficerLocked,
    UserError,
)
from db.office_config import OfficerConfig
from db.ops.setup import apply_config
from db.rules.security import hash_pin, verify_pin
from db.services import officers
from db.store import engine, pins
from db.store.models import Event, Officer, OfficeSettings
from tests.conftest import SMALL_OFFICE

T0 = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


@pytest.fixture
def budi(db: engine.Database) -> engine.Database:
    officers.add_officer(db, "Budi", "Budi Santoso")
    officers.set_pin(db, "budi", "4321")
    return db


def test_pin_is_stored_only_as_a_salted_hash(budi: engine.Database) -> None:
    with engine.read(budi) as session:
        stored = session.scalar(select(Officer.pin_hash).where(Officer.login == "budi"))
    assert stored is not None
    assert "4321" not in stored
    assert stored.startswith("scrypt$")
    assert hash_pin("4321") != hash_pin("4321")  # a fresh salt each time
    assert verify_pin("4321", stored)
    assert not verify_pin("4322", stored)
    assert not verify_pin("4321", "garbage")


def test_sign_in_with_the_right_pin(budi: engine.Database) -> None:
    assert officers.authenticate(budi, "BUDI", "4321").name == "Budi Santoso"


def test_a_pin_must_be_four_to_twelve_digits_by_default(budi: engine.Database) -> None:
    for bad in ("12a4", "123", "1234567890123"):
        with pytest.raises(UserError, match="4 to 12 digits"):
            officers.set_pin(budi, "budi", bad)
    assert officers.set_pin(budi, "budi", "123456789012").has_pin


def test_the_office_can_require_longer_pins(budi: engine.Database) -> None:
    with engine.write(budi) as session:
        session.execute(update(OfficeSettings).values(pin_min_length=6))
    with pytest.raises(UserError, match="6 to 12 digits"):
        officers.set_pin(budi, "budi", "12345")
    officers.set_pin(budi, "budi", "246810")
    assert officers.authenticate(budi, "budi", "246810").login == "budi"


def test_setting_a_pin_for_an_unknown_officer_is_refused(budi: engine.Database) -> None:
    with pytest.raises(NotFound, match="no officer 'nobody'"):
        officers.set_pin(budi, "nobody", "1234")


def test_duplicate_login_is_refused(budi: engine.Database) -> None:
    with pytest.raises(InvalidTransition, match="exists already"):
        officers.add_officer(budi, "budi", "Another Budi")


def test_five_wrong_pins_lock_the_login_for_five_minutes(budi: engine.Database) -> None:
    for attempt in range(4):
        with pytest.raises(AuthenticationFailed) as wrong:
            officers.authenticate(budi, "budi", "0000", now=T0 + timedelta(seconds=attempt))
        left = 4 - attempt  # counted by the database, on either backend
        assert wrong.value.details["attempts_left"] == left
        word = "attempt" if left == 1 else "attempts"
        assert str(wrong.value) == (
            f"wrong PIN: {left} {word} left before budi is locked for 5 minutes"
        )
    with pytest.raises(OfficerLocked, match="wrong PIN: budi is now locked until") as fifth:
        officers.authenticate(budi, "budi", "0000", now=T0 + timedelta(seconds=4))
    with pytest.raises(OfficerLocked, match="too many wrong PINs: budi is locked until") as locked:
        officers.authenticate(budi, "budi", "4321", now=T0 + timedelta(minutes=1))
    until = locked.value.details["until"]
    assert fifth.value.details["until"] == until
    # Said in office time (the small office is in Asia/Jakarta, UTC+7, "WIB"), never UTC.
    assert str(locked.value).endswith(f"until {until + timedelta(hours=7):%H:%M} WIB")
    if budi.dialect == "sqlite":  # PostgreSQL locks by its own clock, which no caller can move
        assert until == T0 + timedelta(seconds=4) + pins.LOCKOUT
    _lock_ended(budi)
    assert officers.authenticate(budi, "budi", "4321", now=T0 + timedelta(minutes=6)).login
    with engine.read(budi) as session:
        kinds = list(session.scalars(select(Event.kind).order_by(Event.id)))
    assert kinds.count("officer_pin_wrong") == 4
    assert kinds.count("officer_locked") == 1
    assert kinds[-1] == "officer_signed_in"


def test_a_right_pin_resets_the_count_of_wrong_ones(budi: engine.Database) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            officers.authenticate(budi, "budi", "0000", now=T0)
    officers.authenticate(budi, "budi", "4321", now=T0)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            officers.authenticate(budi, "budi", "0000", now=T0)
    assert officers.authenticate(budi, "budi", "4321", now=T0).login == "budi"


def test_a_supervisor_signs_in_with_the_supervisor_role(budi: engine.Database) -> None:
    officers.add_officer(budi, "sari", "Sari", "supervisor")
    officers.set_pin(budi, "sari", "8642")
    assert officers.authenticate(budi, "sari", "8642").role == "supervisor"
    assert officers.authenticate(budi, "budi", "4321").role == "officer"


def _lock_ended(db: engine.Database) -> None:
    """Move the lock into the past, as five minutes passing would."""
    with engine.write(db) as session:
        session.execute(update(Officer).values(locked_until=T0))


def test_unknown_login_fails_like_a_wrong_pin(budi: engine.Database) -> None:
    with pytest.raises(AuthenticationFailed, match="wrong login or PIN"):
        officers.authenticate(budi, "nobody", "4321")


def test_thirty_parallel_wrong_pins_lock_the_login_and_are_all_counted(
    budi: engine.Database,
) -> None:
    def attempt(_: int) -> str:
        try:
            officers.authenticate(budi, "budi", "0000", now=T0)
        except OfficerLocked:
            return "locked"
        except AuthenticationFailed:
            return "wrong"
        return "signed in"

    with ThreadPoolExecutor(max_workers=30) as pool:
        outcomes = list(pool.map(attempt, range(30)))
    with pytest.raises(OfficerLocked):
        officers.authenticate(budi, "budi", "4321", now=T0 + timedelta(minutes=1))
    with engine.read(budi) as session:
        kinds = list(session.scalars(select(Event.kind)))
    # Five wrong PINs were counted (the fifth locked, and says so); the other 25 met the lock.
    assert (kinds.count("officer_pin_wrong"), kinds.count("officer_locked")) == (4, 1)
    assert (outcomes.count("wrong"), outcomes.count("locked")) == (4, 26)


def test_an_office_file_with_pin_min_length_six_refuses_shorter_pins(
    budi: engine.Database,
) -> None:
    budi_in_file = (OfficerConfig("budi", "Budi Santoso"),)
    apply_config(budi, replace(SMALL_OFFICE, officers=budi_in_file, pin_min_length=6))
    with pytest.raises(UserError, match="a PIN is 6 to 12 digits"):
        officers.set_pin(budi, "budi", "1234")
    assert officers.set_pin(budi, "budi", "123456").has_pin
