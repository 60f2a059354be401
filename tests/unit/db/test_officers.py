"""Officers: PINs are hashed, wrong PINs lock the login, every attempt is an event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db import engine, officers
from db.errors import AuthenticationFailed, InvalidTransition, OfficerLocked, UserError
from db.models import Event, Officer
from db.security import hash_pin, verify_pin

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


def test_a_pin_must_be_four_to_eight_digits(budi: engine.Database) -> None:
    with pytest.raises(UserError, match="4 to 8 digits"):
        officers.set_pin(budi, "budi", "12a4")


def test_duplicate_login_is_refused(budi: engine.Database) -> None:
    with pytest.raises(InvalidTransition, match="exists already"):
        officers.add_officer(budi, "budi", "Another Budi")


def test_five_wrong_pins_lock_the_login_for_five_minutes(budi: engine.Database) -> None:
    for attempt in range(5):
        with pytest.raises(AuthenticationFailed):
            officers.authenticate(budi, "budi", "0000", now=T0 + timedelta(seconds=attempt))
    with pytest.raises(OfficerLocked, match="locked until"):
        officers.authenticate(budi, "budi", "4321", now=T0 + timedelta(minutes=1))
    assert officers.authenticate(budi, "budi", "4321", now=T0 + timedelta(minutes=6)).login
    with engine.read(budi) as session:
        kinds = list(session.scalars(select(Event.kind).order_by(Event.id)))
    assert kinds.count("officer_pin_wrong") == 4
    assert kinds.count("officer_locked") == 1
    assert kinds[-1] == "officer_signed_in"


def test_unknown_login_fails_like_a_wrong_pin(budi: engine.Database) -> None:
    with pytest.raises(AuthenticationFailed, match="wrong login or PIN"):
        officers.authenticate(budi, "nobody", "4321")
