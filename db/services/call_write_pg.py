"""A call's writes in one PostgreSQL statement: the ticket called, its step row, the counter's
streaks (only when they change) and the event with its notification.

The heads a call chooses from are locked (`FOR UPDATE SKIP LOCKED`) until the commit; sent one
by one, the four writes kept them locked across four more round trips to the client, during
which the other counters calling at that moment skip them. Every parameter is named `k_...`:
a parameter named as a column of `tickets` or `counters` would join that UPDATE's SET.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Integer,
    Select,
    bindparam,
    cast,
    exists,
    insert,
    literal_column,
    null,
    select,
    tuple_,
    update,
)

from db.services.journey import OPENED_STEP_COLUMNS
from db.store.events import event_and_notice
from db.store.models import Counter, Event, Ticket, TicketStatus, TicketStep


def _k(name: str, type_: Any) -> Any:
    return bindparam(f"k_{name}", type_=type_)


_TICKET = _k("ticket", Integer)
_COUNTER = _k("counter", Integer)
_OFFICER = _k("officer", Integer)
_AT = _k("at", Event.at.type)


def _statement() -> Select[Any]:
    called = (
        update(Ticket)
        .where(Ticket.id == _TICKET)
        .values(
            status=_k("status", Ticket.status.type),
            counter_id=_COUNTER,
            officer_id=_OFFICER,
            called_at=_AT,
            serving_at=null(),
            finished_at=null(),
        )
        .returning(Ticket.id)
        .cte("called")
    )
    step = insert(TicketStep).from_select(
        list(OPENED_STEP_COLUMNS),
        select(
            called.c.id,
            _k("day", TicketStep.business_date.type),
            _k("service", Integer),
            _k("step", Integer),
            _k("queued", TicketStep.queued_at.type),
            _AT,
            _COUNTER,
            _OFFICER,
            literal_column("0"),
        ),
    )
    streaks = (
        update(Counter)
        .where(
            Counter.id == _COUNTER,
            exists(select(called.c.id)),
            tuple_(Counter.priority_streak, Counter.appointment_streak).is_distinct_from(
                tuple_(_k("priority_streak", Integer), _k("appointment_streak", Integer))
            ),
        )
        .values(
            priority_streak=_k("priority_streak", Integer),
            appointment_streak=_k("appointment_streak", Integer),
        )
    )
    notified = event_and_notice(called.c.id, _k, cast(literal_column("'{}'"), JSON))
    return select(select(called.c.id).scalar_subquery(), notified).add_cte(
        step.cte("step"), streaks.cte("streaks")
    )


_CALL = _statement()


def call_in_one_statement(
    connection: Connection,
    head: Any,
    params: dict[str, Any],
) -> None:
    """Call the ticket row `head` as `params` say (counter, officer, at, the streaks, kind,
    device, and the counter's number and service code for the notification)."""
    values = {
        "k_ticket": head.id,
        "k_status": TicketStatus.CALLED,
        "k_day": head.business_date,
        "k_service": head.service_id,
        "k_step": head.step,
        "k_queued": head.waiting_since or head.queued_at,
        "k_code": head.code,
        **{f"k_{key}": value for key, value in params.items()},
    }
    called, _ = connection.execute(_CALL, values).one()
    if called is None:
        raise RuntimeError(f"ticket {head.code}, locked by this call, was not updated")
