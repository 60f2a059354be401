"""Device health: every app reports that it is alive, with the state of its hardware.

A heartbeat is not a queue change, so it writes no event, except when the device's health
changes (a printer runs out of paper, a display loses its audio): that is worth an audit row,
and it is how staff learn of a dead printer before applicants do.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from sqlalchemy import select

from db.rules.clock import utcnow
from db.store.engine import Database, read, write
from db.store.events import record
from db.store.models import Device

ALIVE_WITHIN = timedelta(seconds=90)  # three missed 30 s heartbeats


@dataclass(frozen=True)
class DeviceStatus:
    name: str
    kind: str
    version: str
    health: dict[str, Any]
    last_seen: datetime
    alive: bool


def device_name(kind: str, detail: str = "") -> str:
    """A stable name for this PC's app, e.g. `kiosk@pc-entrance` or `counter-3@pc-loket3`."""
    suffix = f"-{detail}" if detail else ""
    return f"{kind}{suffix}@{socket.gethostname()}"[:64]


def app_version() -> str:
    try:
        return version("walkin-queue")
    except PackageNotFoundError:
        return "source"


def heartbeat(
    db: Database,
    name: str,
    kind: str,
    health: dict[str, Any],
    *,
    now: datetime | None = None,
) -> None:
    """Record that the device is alive; a change of its health is also an event."""
    now = now or utcnow()
    with write(db) as session:
        row = session.scalar(select(Device).where(Device.name == name))
        if row is None:
            row = Device(name=name, kind=kind, started_at=now, health={})
            session.add(row)
        changed = row.health != health
        row.kind, row.version, row.last_seen = kind, app_version(), now
        if changed:
            row.health = dict(health)
            record(session, "device_health", now, device=name, health=health)


def device_statuses(db: Database, *, now: datetime | None = None) -> list[DeviceStatus]:
    now = now or utcnow()
    with read(db) as session:
        rows = session.scalars(select(Device).order_by(Device.kind, Device.name))
        return [
            DeviceStatus(
                r.name,
                r.kind,
                r.version,
                dict(r.health),
                r.last_seen,
                now - r.last_seen <= ALIVE_WITHIN,
            )
            for r in rows
        ]
