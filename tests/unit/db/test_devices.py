"""Device heartbeats: alive or silent, and a change of health is an audit event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from db.services import devices
from db.store import engine
from db.store.models import Event

T0 = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def health_events(db: engine.Database) -> list[dict[str, object]]:
    with engine.read(db) as session:
        query = select(Event.details).where(Event.kind == "device_health").order_by(Event.id)
        return list(session.scalars(query))


def test_a_device_is_alive_until_it_misses_three_beats(db: engine.Database) -> None:
    devices.heartbeat(db, "kiosk@pc1", "kiosk", {"printer": "ok"}, now=T0)
    [status] = devices.device_statuses(db, now=T0 + timedelta(seconds=60))
    assert (status.name, status.kind, status.alive) == ("kiosk@pc1", "kiosk", True)
    [status] = devices.device_statuses(db, now=T0 + timedelta(seconds=120))
    assert not status.alive


def test_only_a_change_of_health_writes_an_event(db: engine.Database) -> None:
    for n, printer in enumerate(["ok", "ok", "paper out", "paper out", "ok"]):
        devices.heartbeat(db, "kiosk@pc1", "kiosk", {"printer": printer}, now=T0 + timedelta(n))
    assert [e["health"] for e in health_events(db)] == [
        {"printer": "ok"},
        {"printer": "paper out"},
        {"printer": "ok"},
    ]
    [status] = devices.device_statuses(db, now=T0 + timedelta(4))
    assert status.health == {"printer": "ok"}


def test_device_names_carry_the_host() -> None:
    assert devices.device_name("counter", "3").startswith("counter-3@")
