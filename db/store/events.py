"""Writing the audit event of a change, and its change notification, in the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Text,
    bindparam,
    cast,
    func,
    insert,
    literal,
    literal_column,
    select,
)
from sqlalchemy.orm import Session

from db.store.models import Counter, Event, Service, Ticket

CHANNEL_PREFIX = "walkin_"

# Built once with bound parameters (an event is written by every change). On PostgreSQL the
# notification rides on the insert's RETURNING: one round trip for both. Only the new row's
# id is read back (the apps' roles may read nothing else of `events`).
_INSERT = insert(Event).values(
    at=bindparam("at"),
    kind=bindparam("kind"),
    ticket_id=bindparam("ticket_id"),
    counter_id=bindparam("counter_id"),
    officer_id=bindparam("officer_id"),
    device=bindparam("device"),
    details=bindparam("details", type_=Event.details.type),
)
_PAYLOAD = func.json_build_object(
    literal("id"),
    Event.id,
    literal("kind"),
    bindparam("n_kind", type_=Text),
    literal("ticket"),
    bindparam("n_ticket", type_=Text),
    literal("counter"),
    bindparam("n_counter", type_=Integer),
    literal("service"),
    bindparam("n_service", type_=Text),
)
_INSERT_AND_NOTIFY = _INSERT.returning(
    Event.id,
    func.pg_notify(literal(CHANNEL_PREFIX) + func.current_schema(), cast(_PAYLOAD, Text)),
)
_INSERT_ID = _INSERT.returning(Event.id)


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
) -> int:
    """Append one event row (returns its id); on PostgreSQL also queue a NOTIFY, delivered
    when this commits.

    `service_code`: the ticket's service code, when the caller has it (it saves the
    notification a query); it is not stored in the event's details.
    """
    session.flush()  # the ticket's own changes first: its id, and the order of the rows
    connection = session.connection()
    if ticket and service_code is None and connection.dialect.name == "postgresql":
        service = session.get(Service, ticket.service_id)
        service_code = service.code if service else None
    return record_row(
        connection,
        kind,
        at,
        About(
            ticket.id if ticket else None,
            ticket.code if ticket else None,
            service_code if ticket else None,
            counter.id if counter else None,
            counter.number if counter else None,
        ),
        officer_id=officer_id,
        device=device,
        details=details,
    )


@dataclass(frozen=True)
class About:
    """What an event is about: its ticket and counter, as the row and the notification name them."""

    ticket_id: int | None = None
    ticket_code: str | None = None
    service_code: str | None = None
    counter_id: int | None = None
    counter_number: int | None = None


def record_row(
    connection: Connection,
    kind: str,
    at: datetime,
    about: About,
    *,
    officer_id: int | None = None,
    device: str | None = None,
    details: dict[str, Any] | None = None,
) -> int:
    """`record` on a bare connection, for a hot path that has no ORM session."""
    params: dict[str, Any] = {
        "at": at,
        "kind": kind,
        "ticket_id": about.ticket_id,
        "counter_id": about.counter_id,
        "officer_id": officer_id,
        "device": device,
        "details": details or {},
    }
    if connection.dialect.name != "postgresql":
        return int(connection.execute(_INSERT_ID, params).scalar_one())
    params.update(
        n_kind=kind,
        n_ticket=about.ticket_code,
        n_counter=about.counter_number,
        n_service=about.service_code,
    )
    return int(connection.execute(_INSERT_AND_NOTIFY, params).scalar_one())


def event_and_notice(ticket_id: Any, param: Callable[[str, Any], Any], details: Any) -> Any:
    """PostgreSQL, as a part of one bigger statement: a scalar subquery that writes the event of
    the ticket whose id is the CTE column `ticket_id` (only if that CTE has a row) and sends its
    notification. `param(name, type)` makes the statement's bound parameter for at,
    kind, counter, officer, device, code, counter_number and service_code."""
    event = (
        insert(Event)
        .from_select(
            ["at", "kind", "ticket_id", "counter_id", "officer_id", "device", "details"],
            select(
                param("at", Event.at.type),
                param("kind", Text),
                ticket_id,
                param("counter", Integer),
                param("officer", Integer),
                param("device", Event.device.type),
                details,
            ),
        )
        .returning(Event.id)
        .cte("event")
    )
    payload = func.json_build_object(
        literal_column("'id'"),
        event.c.id,
        literal_column("'kind'"),
        param("kind", Text),
        literal_column("'ticket'"),
        param("code", Text),
        literal_column("'counter'"),
        param("counter_number", Integer),
        literal_column("'service'"),
        param("service_code", Text),
    )
    channel = literal_column(f"'{CHANNEL_PREFIX}'", Text) + func.current_schema()
    notice = select(func.pg_notify(channel, cast(payload, Text))).select_from(event)
    return notice.scalar_subquery()
