"""The demo office's M-Paspor bookings for today: a generated list, as the booking system exports.

Hourly sessions around the moment the demo starts (the demo is open at any hour), a few
bookings per session for the services booked through M-Paspor (A, B, C). The file is written
to the demo folder, so it can be looked at and imported again like a real export.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from db.services.appointments import ImportResult, import_bookings
from db.store.engine import Database

BOOKED_SERVICES = ("A", "B", "C")
SESSIONS_BEFORE = 2  # sessions that began before the demo started (some bookings are late)
SESSIONS_AFTER = 4
PER_SESSION = 6
HEADER = "booking_code,date,session_start,session_end,service,priority"


def booking_list(local_now: datetime, seed: int = 7) -> str:
    """Today's bookings as CSV text, sessions of an hour around `local_now` (office-local)."""
    rng = random.Random(f"{local_now:%Y-%m-%d}/{seed}")
    hour = local_now.replace(minute=0, second=0, microsecond=0)
    rows = [HEADER]
    for offset in range(-SESSIONS_BEFORE, SESSIONS_AFTER):
        start = hour + timedelta(hours=offset)
        if start.date() != local_now.date():
            continue
        end = min(start + timedelta(hours=1), start.replace(hour=23, minute=59))
        for index in range(PER_SESSION):
            service = rng.choice(BOOKED_SERVICES)
            code = f"MP{start:%y%m%d%H}{index:02d}{service}"
            priority = "lansia" if rng.random() < 0.1 else ""
            rows.append(f"{code},{start:%Y-%m-%d},{start:%H:%M},{end:%H:%M},{service},{priority}")
    return "\n".join(rows) + "\n"


def import_demo_bookings(db: Database, folder: Path, local_now: datetime) -> ImportResult:
    """Write today's list to `folder` and import it (again harmless: the import is idempotent)."""
    text = booking_list(local_now)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"bookings-{local_now:%Y-%m-%d}.csv").write_text(text, encoding="utf-8")
    return import_bookings(db, text)
