"""`walkin central status`: how far each office's rows have come, from the central side alone.

Per office: whether its subscription is enabled and its apply worker connected, the last contact
(when the office's WAL sender last sent anything, data or keep-alive: it keeps sending while the
link is up, so a growing figure means the link is down), the lag (how long the newest message
took from the office to the centre), the errors the subscription hit, and the newest activity of
the office the centre holds (its latest event row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, exc, func, select, text

from db.central.failures import failed
from db.central.hub import Office, offices, open_office
from db.central.naming import subscription_name
from db.central.tables import central_metadata
from db.store.engine import Database

_WORKERS = text(
    """
    SELECT s.subname, s.subenabled, w.pid,
           extract(epoch FROM now() - w.last_msg_receipt_time) AS contact_s,
           extract(epoch FROM w.last_msg_receipt_time - w.last_msg_send_time) AS lag_s,
           coalesce(e.apply_error_count + e.sync_error_count, 0) AS errors
    FROM pg_subscription s
    LEFT JOIN pg_stat_subscription w ON w.subid = s.oid AND w.relid IS NULL
    LEFT JOIN pg_stat_subscription_stats e ON e.subid = s.oid
    """
)


@dataclass(frozen=True)
class OfficeStatus:
    code: str
    name: str
    subscribed: bool  # the subscription exists
    enabled: bool
    connected: bool  # its apply worker runs (it is connected, or retrying)
    last_contact_s: float | None  # seconds since the office last sent anything
    lag_s: float | None  # how long the newest message took to arrive
    errors: int  # apply and initial-copy errors so far
    newest_activity: datetime | None  # the office's latest event the centre holds

    @property
    def state(self) -> str:
        if not self.subscribed:
            return "not subscribed"
        if not self.enabled:
            return "disabled"
        return "streaming" if self.connected and self.last_contact_s is not None else "no link"


def status(central: Database, codes: list[str] | None = None) -> tuple[OfficeStatus, ...]:
    listed = offices(central, codes)
    try:
        with central.engine.connect() as conn:
            workers = {row.subname: row for row in conn.execute(_WORKERS)}
    except exc.DBAPIError as error:
        raise failed(central, error, "reading the subscriptions") from error
    return tuple(
        _office_status(o, workers.get(subscription_name(o.code)), _newest(central, o))
        for o in listed
    )


def _office_status(office: Office, row: Row[Any] | None, newest: datetime | None) -> OfficeStatus:
    if row is None:
        return OfficeStatus(office.code, office.name, False, False, False, None, None, 0, newest)
    return OfficeStatus(
        office.code,
        office.name,
        subscribed=True,
        enabled=bool(row.subenabled),
        connected=row.pid is not None,
        last_contact_s=_seconds(row.contact_s),
        lag_s=_seconds(row.lag_s),
        errors=int(row.errors),
        newest_activity=newest,
    )


def _seconds(value: object) -> float | None:
    return None if value is None else max(0.0, round(float(str(value)), 3))


def _newest(central: Database, office: Office) -> datetime | None:
    events = central_metadata().tables["events"]
    db = open_office(central, office)
    try:
        with db.engine.connect() as conn:
            value = conn.execute(select(func.max(events.c.at))).scalar_one()
    except exc.DBAPIError:
        return None  # its database is gone or unreachable: the state says the rest
    finally:
        db.dispose()
    return value if isinstance(value, datetime) else None
