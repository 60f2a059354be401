"""Writing the audit event of a change, and its change notification, in the same transaction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from db.models import Counter, Event, Service, Ticket

CHANNEL_PREFIX = "walkin_"


def record(
    session: Session,
    kind: str,
    at: datetime,
    *,
    ticket: Ticket | None = None,
    counter: Counter | None = None,
    officer_id: int | None = None,
    device: str | None = None,
    service_code: str | None = None,
    **details: Any,
) -> Event:
    """Append one event row; on PostgreSQL also queue a NOTIFY, delivered when this commits.

    `service_code`: the ticket's service code, when the caller has it (it saves the
    notification a query); it is not stored in the event's details.
    """
    row = Event(
        at=at,
        kind=kind,
        ticket_id=ticket.id if ticket else None,
        counter_id=counter.id if counter else None,
        officer_id=officer_id,
        device=device,
        details=details,
    )
    session.add(row)
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:prefix || current_schema(), :payload)"),
            {
                "prefix": CHANNEL_PREFIX,
                "payload": _payload(session, row, ticket, counter, service_code),
            },
        )
    return row


def _payload(
    session: Session,
    row: Event,
    ticket: Ticket | None,
    counter: Counter | None,
    service_code: str | None,
) -> str:
    if ticket and service_code is None:
        service = session.get(Service, ticket.service_id)
        service_code = service.code if service else None
    return json.dumps(
        {
            "id": row.id,
            "kind": row.kind,
            "ticket": ticket.code if ticket else None,
            "counter": counter.number if counter else None,
            "service": service_code if ticket else None,
        }
    )
