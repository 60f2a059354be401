"""A visit's steps: a step row opened at each call and closed at its end, and the next step.

The ticket keeps its number and phone link through the whole visit; finishing a step that is
not the last (with an outcome that does not end the visit) puts it back in line for the next
step, at its original place or at the back as the office chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Update, bindparam, insert, select, update
from sqlalchemy.orm import Session

from db.errors import NotFound
from db.services.ticket_moves import back_to_waiting
from db.store.lifecycle import TRANSITIONS, Action
from db.store.models import (
    Counter,
    OfficeSettings,
    Outcome,
    Service,
    Ticket,
    TicketStatus,
    TicketStep,
)
from db.views.estimate import forget_medians

# The step-row statements name their parameters `s_...`: a counter action on PostgreSQL sends
# them inside one statement with the ticket's UPDATE (db.services.act_write_pg), where a
# parameter named as a column of `tickets` would join that UPDATE's SET.
_OPEN = (TicketStep.ticket_id == bindparam("s_ticket")) & TicketStep.ended.is_(None)
_CLOSE = (
    update(TicketStep)
    .where(_OPEN)
    .values(ended=bindparam("s_ended"), ended_at=bindparam("s_at"), outcome=bindparam("s_outcome"))
    .execution_options(synchronize_session=False)
)
_SERVING = (
    update(TicketStep)
    .where(_OPEN)
    .values(serving_at=bindparam("s_at"))
    .execution_options(synchronize_session=False)
)
_RECALLED = (
    update(TicketStep)
    .where(_OPEN)
    .values(recalls=TicketStep.recalls + 1)
    .execution_options(synchronize_session=False)
)


@dataclass(frozen=True)
class StepDone:
    step: int  # the step just finished
    steps: int  # the steps of the visit's service
    outcome: str | None
    next_step: int | None  # None: the visit is over


def open_step(
    session: Session, ticket: Ticket, counter: Counter, officer_id: int | None, now: datetime
) -> None:
    """The call starts a step row: how long the ticket waited for this call, and where."""
    open_step_row(session.connection(), ticket, counter.id, officer_id, now)


def open_step_row(
    connection: Connection, ticket: Any, counter_id: int, officer_id: int | None, now: datetime
) -> None:
    """`open_step` on a bare connection, for a ticket row or anything with its attributes."""
    params = {
        "ticket_id": ticket.id,
        "business_date": ticket.business_date,
        "service_id": ticket.service_id,
        "step": ticket.step,
        "queued_at": ticket.waiting_since or ticket.queued_at,
        "called_at": now,
        "counter_id": counter_id,
        "officer_id": officer_id,
        "recalls": 0,
    }
    connection.execute(_OPEN_STEP, params)


# The columns a call gives a new step row (the rest are set as the step goes on).
OPENED_STEP_COLUMNS = (
    "ticket_id",
    "business_date",
    "service_id",
    "step",
    "queued_at",
    "called_at",
    "counter_id",
    "officer_id",
    "recalls",
)
_OPEN_STEP = insert(TicketStep).values(
    {column: bindparam(column) for column in OPENED_STEP_COLUMNS}
)


class DeferredSteps:
    """Step-row statements kept to run later, on a bare connection, by a write that changes
    the ticket itself without an ORM session (see calls._act_on_current)."""

    def __init__(self) -> None:
        self.statements: list[tuple[Update, dict[str, Any]]] = []


# Where a step row's change goes: the ticket's session, or statements kept for later.
Steps = Session | DeferredSteps


def close_step(
    session: Steps, ticket: Ticket, action: Action, now: datetime, outcome: str | None = None
) -> None:
    """Close the ticket's open step row with the end the lifecycle names for `action`."""
    ended = TRANSITIONS[action].step_end
    assert ended is not None, f"{action} does not end a step"
    params = {"s_ticket": ticket.id, "s_ended": ended, "s_at": now, "s_outcome": outcome}
    _run(session, _CLOSE, params)
    if action is Action.FINISH:
        forget_medians()


def step_serving(session: Steps, ticket: Ticket, now: datetime) -> None:
    _run(session, _SERVING, {"s_ticket": ticket.id, "s_at": now})


def step_recalled(session: Steps, ticket: Ticket) -> None:
    _run(session, _RECALLED, {"s_ticket": ticket.id})


def _run(session: Steps, statement: Update, params: dict[str, Any]) -> None:
    """A step-row UPDATE as plain Core on the session's connection: the ORM's DML path costs
    several times the statement. Flushed first, so it also sees a step row just added."""
    if isinstance(session, DeferredSteps):
        session.statements.append((statement, params))
        return
    session.flush()
    session.connection().execute(statement, params)


def finish_step(
    session: Steps,
    ticket: Ticket,
    now: datetime,
    outcome_code: str | None,
    context: FinishContext | None = None,
) -> StepDone:
    """Close the step with its outcome; then the next step, or the end of the visit.

    Everything is read first (one round trip; none when the caller read `context` for the
    ticket's service), then written: a read between the ticket's changes would flush each of
    them as an UPDATE of its own.
    """
    if context is None:
        assert isinstance(session, Session), "a deferred finish reads its context first"
        context = finish_context(session, ticket)
    steps, to_back, outcomes = context
    outcome = _outcome(outcomes, outcome_code)
    code = outcome.code if outcome else None
    close_step(session, ticket, Action.FINISH, now, code)
    ticket.outcome = code
    done = ticket.step
    if done < steps and not (outcome and outcome.ends_visit):
        ticket.step = done + 1
        back_to_waiting(ticket, now, keep_place=not to_back)
        return StepDone(done, steps, code, ticket.step)
    ticket.status = TicketStatus.FINISHED
    ticket.finished_at = now
    return StepDone(done, steps, code, None)


# The service's steps, where the next step queues, and the office's outcomes, in one query.
_FINISH_CONTEXT = (
    select(Service.step_count, OfficeSettings.next_step_queue, Outcome)
    .select_from(Service)
    .join(OfficeSettings, OfficeSettings.id == 1)
    .outerjoin(Outcome, Outcome.active.is_(True))
    .where(Service.id == bindparam("service"))
    .order_by(Outcome.sort_order)
)


# What finishing a step of a service needs: its steps, whether the next step queues at the
# back, and the office's outcomes.
FinishContext = tuple[int, bool, list[Outcome]]


def finish_context(session: Session, ticket: Ticket) -> FinishContext:
    rows = session.execute(_FINISH_CONTEXT, {"service": ticket.service_id}).all()
    if not rows:
        raise NotFound("the office is not configured yet: run `walkin init --config FILE`")
    outcomes = [row[2] for row in rows if row[2] is not None]
    return rows[0][0], rows[0][1] == "back", outcomes


def _outcome(outcomes: list[Outcome], code: str | None) -> Outcome | None:
    """The outcome named, else the office's first (none configured: no outcome)."""
    if code is None:
        return outcomes[0] if outcomes else None
    wanted = code.strip().lower()
    for outcome in outcomes:
        if outcome.code == wanted:
            return outcome
    known = ", ".join(o.code for o in outcomes) or "none configured"
    raise NotFound(f"there is no outcome {code!r} (known: {known})")
