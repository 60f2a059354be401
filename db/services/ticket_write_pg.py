"""A ticket's writes in one PostgreSQL statement: the number, the ticket row and its event.

Issuers of a service queue on the row lock of the day's number. With the three writes sent
one by one, that lock was held across three round trips to the client; as one statement it
is held across one, the COMMIT's. A number taken past the quota writes no ticket: the caller
sees no ticket id and rolls back, which gives the number back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Integer,
    Text,
    bindparam,
    case,
    cast,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.dialects import postgresql

from db.store.events import CHANNEL_PREFIX
from db.store.models import Event, NumberSeries, Ticket

_TAKEN = (
    postgresql.insert(NumberSeries)
    .values(
        business_date=bindparam("day"),
        series=bindparam("series"),
        last_number=1,
        counted=bindparam("counts", type_=Integer),
    )
    .on_conflict_do_update(
        index_elements=[NumberSeries.business_date, NumberSeries.series],
        set_={
            "last_number": NumberSeries.last_number + 1,
            "counted": NumberSeries.counted + bindparam("counts", type_=Integer),
        },
    )
    .returning(NumberSeries.last_number.label("number"), NumberSeries.counted.label("used"))
    .cte("taken")
)
_DIGITS = cast(_TAKEN.c.number, Text)
# As Python's f"{code}{number:03d}": at least three digits, more when the number needs them.
_CODE = bindparam("prefix", type_=Text) + func.lpad(
    _DIGITS, func.greatest(3, func.length(_DIGITS)), "0"
)
_GIVEN = [c for c in Ticket.__table__.c if c.key not in ("id", "number", "code")]
_TICKET = (
    insert(Ticket)
    .from_select(
        [c.key for c in _GIVEN] + ["number", "code"],
        select(*(bindparam(c.key, type_=c.type) for c in _GIVEN), _TAKEN.c.number, _CODE).where(
            or_(
                bindparam("limit", type_=Integer).is_(None),
                _TAKEN.c.used <= bindparam("limit", type_=Integer),
            )
        ),
    )
    .returning(Ticket.id, Ticket.code)
    .cte("ticket")
)
_EVENT = (
    insert(Event)
    .from_select(
        ["at", "kind", "ticket_id", "device", "officer_id", "details"],
        select(
            bindparam("at", type_=Event.at.type),
            literal("issued"),
            _TICKET.c.id,
            bindparam("device", type_=Event.device.type),
            bindparam("officer", type_=Integer),
            bindparam("details", type_=JSON),
        ),
    )
    .returning(Event.id)
    .cte("event")
)
_PAYLOAD = func.json_build_object(
    literal("id"),
    _EVENT.c.id,
    literal("kind"),
    literal("issued"),
    literal("ticket"),
    _TICKET.c.code,
    literal("counter"),
    null(),
    literal("service"),
    bindparam("series", type_=Text),
)
_CHANNEL = literal(CHANNEL_PREFIX) + func.current_schema()
TAKE = (
    select(
        _TAKEN.c.number,
        _TICKET.c.id,
        case(
            (
                _EVENT.c.id.is_not(None),
                func.pg_notify(
                    literal(CHANNEL_PREFIX) + func.current_schema(), cast(_PAYLOAD, Text)
                ),
            )
        ),
    )
    .select_from(_TAKEN)
    .outerjoin(_TICKET, true())
    .outerjoin(_EVENT, true())
)


def take_in_one_statement(connection: Connection, params: dict[str, Any]) -> tuple[int, int | None]:
    """(the number taken, the new ticket's id, None past the quota)."""
    number, ticket_id, _ = connection.execute(TAKE, params).one()
    return int(number), ticket_id
