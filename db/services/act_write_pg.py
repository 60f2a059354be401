"""A counter action's writes in one PostgreSQL statement (recall, serve, no-show, finish): the
ticket's change, guarded; its step row's change and the event with its notification, each
written only if the guard let the ticket's change through.

The change was worked out on the ticket as read (db.services.calls._act_on_current). The guard
writes it only if the ticket is still the counter's, in the status read; when it is not,
nothing at all is written and the caller runs the action again in one locked transaction. One
statement is atomic by itself, so it runs without a transaction around it: one round trip
instead of BEGIN, three statements and COMMIT.

Every parameter is prefixed (`u_` the ticket's new values, `g_` the guard, `e_` the event,
`s_` the step rows'): a parameter named as a column of `tickets` or `ticket_steps` would join
that UPDATE's SET.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Integer,
    Select,
    Update,
    bindparam,
    exists,
    select,
    update,
)

from db.store.events import event_and_notice
from db.store.models import Ticket

_TICKETS = Ticket.__table__


def _e(name: str, type_: Any) -> Any:
    return bindparam(f"e_{name}", type_=type_)


@functools.lru_cache(maxsize=32)
def _statement(columns: tuple[str, ...], steps: tuple[Update, ...]) -> Select[Any]:
    """The statement for a change of these ticket columns with these step-row statements
    (built once per shape; a prebuilt statement also keeps its compiled form cached)."""
    guard = (
        update(Ticket)
        .where(
            Ticket.id == bindparam("g_ticket", type_=Integer),
            Ticket.counter_id == bindparam("g_counter", type_=Integer),
            Ticket.status == bindparam("g_status", type_=Ticket.status.type),
        )
        .values({c: bindparam(f"u_{c}", type_=_TICKETS.c[c].type) for c in columns})
        .returning(Ticket.id)
        .cte("guard")
    )
    let_through = exists(select(guard.c.id))
    step_rows = [step.where(let_through).cte(f"step_{i}") for i, step in enumerate(steps)]
    notified = event_and_notice(guard.c.id, _e, _e("details", JSON))
    written = select(guard.c.id).scalar_subquery()
    return select(written, notified).add_cte(*step_rows)


def act_in_one_statement(
    connection: Connection,
    changes: dict[str, Any],
    guard: dict[str, Any],
    steps: Sequence[tuple[Update, dict[str, Any]]],
    event: dict[str, Any],
) -> bool:
    """Write the ticket's `changes` if `guard` (g_ticket, g_counter, g_status) still holds, with
    the step-row statements `steps` and the event (`event`: its values without the prefix:
    at, kind, counter, officer, device, details, code, counter_number, service_code).
    Returns whether anything was written (nothing was when the guard failed)."""
    params: dict[str, Any] = {f"u_{column}": value for column, value in changes.items()}
    params.update(guard)
    params.update({f"e_{key}": value for key, value in event.items()})
    for _step, values in steps:
        for key, value in values.items():
            if params.setdefault(key, value) != value:
                raise ValueError(f"two step-row statements give {key} different values")
    statement = _statement(tuple(changes), tuple(step for step, _ in steps))
    written, _ = connection.execute(statement, params).one()
    return written is not None
