"""A ticket's writes in one PostgreSQL statement: the number, the ticket row, its event and,
for a check-in, the booking's link to it.

One statement is atomic by itself, so it runs without a transaction around it (autocommit):
no BEGIN and COMMIT round trips, and the day's number row, on whose lock the issuers of a
service queue, is locked only while the statement runs, never across a round trip to the
client. That asks every part to be conditional in the statement itself, as a rollback can no
longer undo one:

- a number past the quota is not taken (the upsert's WHERE), and then no ticket is written;
- a check-in first locks its booking if it has no ticket yet (`SELECT ... FOR UPDATE`, which
  reads the latest version after waiting for another kiosk's lock); a booking another kiosk
  linked meanwhile takes no number and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Integer,
    Select,
    Text,
    bindparam,
    cast,
    exists,
    func,
    insert,
    literal_column,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql

from db.store.events import event_and_notice
from db.store.models import Appointment, Event, NumberSeries, Ticket

_LIMIT = bindparam("limit", type_=Integer)
_COUNTS = bindparam("counts", type_=Integer)
# A check-in's booking, locked, if no other kiosk gave it a ticket first.
_FREE = (
    select(Appointment.id)
    .where(Appointment.id == bindparam("booking", type_=Integer), Appointment.ticket_id.is_(None))
    .with_for_update()
    .cte("free")
)


def _taken(link: bool) -> Any:
    """The day's next number of the series, taken only within the quota (and, with `link`,
    only for a booking still free)."""
    first = select(
        bindparam("day", type_=NumberSeries.business_date.type),
        bindparam("series", type_=Text),
        literal_column("1"),
        _COUNTS,
    ).where(or_(_LIMIT.is_(None), _COUNTS <= _LIMIT))
    if link:
        first = first.where(exists(select(_FREE.c.id)))
    return (
        postgresql.insert(NumberSeries)
        .from_select(["business_date", "series", "last_number", "counted"], first)
        .on_conflict_do_update(
            index_elements=[NumberSeries.business_date, NumberSeries.series],
            set_={
                "last_number": NumberSeries.last_number + literal_column("1"),
                "counted": NumberSeries.counted + _COUNTS,
            },
            where=or_(_LIMIT.is_(None), NumberSeries.counted + _COUNTS <= _LIMIT),
        )
        .returning(NumberSeries.last_number.label("number"))
        .cte("taken")
    )


# Constants are written into the SQL: every bound value of the statement is then one the
# caller names.
_ISSUED = literal_column("'issued'", Text)
_GIVEN = [c for c in Ticket.__table__.c if c.key not in ("id", "number", "code")]
_GIVEN_VALUES = [bindparam(f"t_{c.key}", type_=c.type) for c in _GIVEN]
_AT = bindparam("at", type_=Event.at.type)


def _ticket(taken: Any) -> Any:
    digits = cast(taken.c.number, Text)
    # As Python's f"{code}{number:03d}": at least three digits, more when the number needs them.
    code = bindparam("prefix", type_=Text) + func.lpad(
        digits, func.greatest(literal_column("3"), func.length(digits)), literal_column("'0'")
    )
    return (
        insert(Ticket)
        .from_select(
            [c.key for c in _GIVEN] + ["number", "code"],
            select(*_GIVEN_VALUES, taken.c.number, code),
        )
        .returning(Ticket.id, Ticket.code)
        .cte("ticket")
    )


def _notified(ticket: Any) -> Any:
    """The `issued` event of the new ticket, and its notification (events.event_and_notice)."""
    given = {
        "kind": _ISSUED,
        # A scalar subquery, not the CTE's column: the NOTIFY's SELECT stays on the event alone.
        "code": select(ticket.c.code).scalar_subquery(),
        "counter": cast(null(), Integer),
        "counter_number": cast(null(), Integer),
        "service_code": bindparam("series", type_=Text),
    }

    def param(name: str, type_: Any) -> Any:
        return given[name] if name in given else bindparam(name, type_=type_)

    return event_and_notice(ticket.c.id, param, bindparam("details", type_=JSON))


def _linked(ticket: Any) -> Any:
    """The booking gets the ticket (it is locked and free: see _FREE)."""
    return (
        update(Appointment)
        .where(
            Appointment.id.in_(select(_FREE.c.id)),
            Appointment.ticket_id.is_(None),
            exists(select(ticket.c.id)),
        )
        .values(
            ticket_id=select(ticket.c.id).scalar_subquery(),
            checked_in_at=_AT,
            punctuality=bindparam("arrived", type_=Text),
        )
        .returning(Appointment.id)
        .cte("linked")
    )


def _statement(link: bool) -> Select[Any]:
    """One row, always: the number taken, the ticket's id, the NOTIFY's (void) result and,
    with `link`, whether the booking was free and whether it got the ticket (each None if
    not)."""
    taken = _taken(link)
    ticket = _ticket(taken)
    columns = [
        select(taken.c.number).scalar_subquery(),
        select(ticket.c.id).scalar_subquery(),
        _notified(ticket),
    ]
    if link:
        columns += [select(_FREE.c.id).scalar_subquery()]
        columns += [select(_linked(ticket).c.id).scalar_subquery()]
    return select(*columns)


_TAKE, _TAKE_AND_LINK = _statement(link=False), _statement(link=True)


@dataclass(frozen=True)
class Taken:
    """What the statement did: the number and ticket id (None: past the quota, or a booking
    that was no longer free); `booking_free` is always True without a booking."""

    number: int | None
    ticket_id: int | None
    booking_free: bool


def take_in_one_statement(
    connection: Connection, ticket: dict[str, Any], params: dict[str, Any], *, link: bool = False
) -> Taken:
    """Take a number and write the ticket and its event (with `link`, for the booking
    `params["booking"]`, only if it has no ticket yet, and give it the ticket).

    `ticket`: the new row's columns but its id, number and code. They go in as `t_<column>`:
    a parameter named as a column of `appointments` would join the booking UPDATE's SET.
    """
    params = {**params, **{f"t_{key}": value for key, value in ticket.items()}}
    if not link:
        number, ticket_id, _ = connection.execute(_TAKE, params).one()
        return Taken(number, ticket_id, True)
    number, ticket_id, _, free, _ = connection.execute(_TAKE_AND_LINK, params).one()
    return Taken(number, ticket_id, free is not None)
