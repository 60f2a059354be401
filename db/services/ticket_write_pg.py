"""A ticket's writes in one PostgreSQL statement: the number, the ticket row, its event and,
for a check-in, the booking's link to it.

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
    Select,
    Text,
    bindparam,
    case,
    cast,
    exists,
    func,
    insert,
    literal_column,
    null,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects import postgresql

from db.store.events import CHANNEL_PREFIX
from db.store.models import Appointment, Event, NumberSeries, Ticket

_TAKEN = (
    postgresql.insert(NumberSeries)
    .values(
        business_date=bindparam("day"),
        series=bindparam("series"),
        last_number=literal_column("1"),
        counted=bindparam("counts", type_=Integer),
    )
    .on_conflict_do_update(
        index_elements=[NumberSeries.business_date, NumberSeries.series],
        set_={
            "last_number": NumberSeries.last_number + literal_column("1"),
            "counted": NumberSeries.counted + bindparam("counts", type_=Integer),
        },
    )
    .returning(NumberSeries.last_number.label("number"), NumberSeries.counted.label("used"))
    .cte("taken")
)
_DIGITS = cast(_TAKEN.c.number, Text)
# As Python's f"{code}{number:03d}": at least three digits, more when the number needs them.
_CODE = bindparam("prefix", type_=Text) + func.lpad(
    _DIGITS, func.greatest(literal_column("3"), func.length(_DIGITS)), literal_column("'0'")
)
# Constants are written into the SQL: every bound value of the statement is then one the
# caller names.
_ISSUED = literal_column("'issued'", Text)
_GIVEN = [c for c in Ticket.__table__.c if c.key not in ("id", "number", "code")]
_GIVEN_VALUES = [bindparam(f"t_{c.key}", type_=c.type) for c in _GIVEN]
_TICKET = (
    insert(Ticket)
    .from_select(
        [c.key for c in _GIVEN] + ["number", "code"],
        select(*_GIVEN_VALUES, _TAKEN.c.number, _CODE).where(
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
            _ISSUED,
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
    literal_column("'id'"),
    _EVENT.c.id,
    literal_column("'kind'"),
    _ISSUED,
    literal_column("'ticket'"),
    _TICKET.c.code,
    literal_column("'counter'"),
    null(),
    literal_column("'service'"),
    bindparam("series", type_=Text),
)
# A check-in's booking gets the ticket, unless another kiosk gave it one first.
_LINKED = (
    update(Appointment)
    .where(
        Appointment.id == bindparam("booking", type_=Integer),
        Appointment.ticket_id.is_(None),
        exists(select(_TICKET.c.id)),
    )
    .values(
        ticket_id=select(_TICKET.c.id).scalar_subquery(),
        checked_in_at=bindparam("at", type_=Event.at.type),
        punctuality=bindparam("arrived", type_=Text),
    )
    .returning(Appointment.id)
    .cte("linked")
)
_CHANNEL = literal_column(f"'{CHANNEL_PREFIX}'", Text) + func.current_schema()
_NOTIFY = case((_EVENT.c.id.is_not(None), func.pg_notify(_CHANNEL, cast(_PAYLOAD, Text))))


def _take(link: bool) -> Select[Any]:
    columns = [_TAKEN.c.number, _TICKET.c.id, _NOTIFY, *([_LINKED.c.id] if link else [])]
    query = select(*columns).select_from(_TAKEN).outerjoin(_TICKET, true())
    query = query.outerjoin(_EVENT, true())
    return query.outerjoin(_LINKED, true()) if link else query


_TAKE, _TAKE_AND_LINK = _take(link=False), _take(link=True)


def take_in_one_statement(
    connection: Connection, ticket: dict[str, Any], params: dict[str, Any], *, link: bool = False
) -> tuple[int, int | None, bool]:
    """(the number taken, the new ticket's id or None past the quota, whether the booking
    `params["booking"]` got the ticket: always True without `link`).

    `ticket`: the new row's columns but its id, number and code. They go in as `t_<column>`:
    a parameter named as a column of `appointments` would join the booking UPDATE's SET.
    """
    params = {**params, **{f"t_{key}": value for key, value in ticket.items()}}
    if not link:
        number, ticket_id, _ = connection.execute(_TAKE, params).one()
        return int(number), ticket_id, True
    number, ticket_id, _, linked = connection.execute(_TAKE_AND_LINK, params).one()
    return int(number), ticket_id, linked is not None
