"""The ticket lifecycle, defined once: what each action needs, and the event it records.

Every service function, the counter app (did my interrupted action happen?) and the tests take
statuses, allowed transitions and event kinds (of the ticket transitions below, and of the
counter and supervisor actions) from here instead of repeating strings.

    waiting --call--> called --serve--> serving --finish--> finished (last step, or an
       ^                |  \\______________________/          outcome that ends the visit)
       |                |            |  finish with steps left: waiting again, next step
       |             no_show <-------+  transfer: waiting in another service's line
       +--requeue-------+
    waiting / no_show --cancel--> cancelled;  anything open at the day's end --> expired

A call opens a step row (`ticket_steps`); finish, no-show, transfer and expiry close it with
the end named in `STEP_ENDS`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from db.errors import InvalidTransition
from db.store.models import TicketStatus

W, C, S, N = TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.NO_SHOW


class Action(enum.StrEnum):
    CALL = "call"
    CALL_SPECIFIC = "call_specific"
    RECALL = "recall"
    SERVE = "serve"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    REQUEUE = "requeue"
    CANCEL = "cancel"
    EXPIRE = "expire"


@dataclass(frozen=True)
class Transition:
    event: str  # the kind of the event row the action records
    allowed: frozenset[TicketStatus]  # the statuses a ticket may be in for the action
    verb: str  # for messages: "<code> is <status> and cannot be <verb>"
    step_end: str | None = None  # how the action ends the ticket's open step row, if it does


TRANSITIONS: Mapping[Action, Transition] = {
    Action.CALL: Transition("called", frozenset({W}), "called"),
    Action.CALL_SPECIFIC: Transition("called", frozenset({W, N}), "called"),
    Action.RECALL: Transition("recalled", frozenset({C}), "recalled"),
    Action.SERVE: Transition("serving_started", frozenset({C}), "started"),
    Action.FINISH: Transition("finished", frozenset({C, S}), "finished", "finished"),
    Action.NO_SHOW: Transition("no_show", frozenset({C}), "marked no-show", "no_show"),
    Action.TRANSFER: Transition("transferred", frozenset({C, S}), "transferred", "transferred"),
    Action.REQUEUE: Transition("requeued", frozenset({N}), "requeued"),
    Action.CANCEL: Transition("cancelled", frozenset({W, N}), "cancelled"),
    Action.EXPIRE: Transition("expired", frozenset({W, C, S, N}), "expired", "expired"),
}

# The event kinds of the actions that are not ticket transitions: a counter's state and a
# supervisor's settings. Plain strings, like the transitions' events: they are stored as they are.
COUNTER_PAUSED = "counter_paused"
COUNTER_RESUMED = "counter_resumed"
COUNTER_SIGNED_OUT = "counter_signed_out"
QUOTA_CHANGED = "quota_changed"
SERVICE_CLOSED = "service_closed"
SERVICE_REOPENED = "service_reopened"
TICKET_MOVED = "ticket_moved"
TICKER_CHANGED = "ticker_changed"

# The ends a step row can have (`ticket_steps.ended`).
STEP_ENDS = frozenset(t.step_end for t in TRANSITIONS.values() if t.step_end)
# Event kinds a display announces.
ANNOUNCED = frozenset({TRANSITIONS[Action.CALL].event, TRANSITIONS[Action.RECALL].event})
# Statuses of a ticket that holds a counter, of one still in the office's work (waiting or at a
# counter: what its load counts), and of one that is over for the day.
ACTIVE = frozenset({C, S})
OPEN = frozenset({W, C, S})
FINAL = frozenset({TicketStatus.FINISHED, TicketStatus.CANCELLED, TicketStatus.EXPIRED})


def event_kind(action: Action) -> str:
    return TRANSITIONS[action].event


def require(code: str, status: TicketStatus, action: Action) -> None:
    """Refuse an action the ticket's status does not allow (another counter got there first)."""
    transition = TRANSITIONS[action]
    if status not in transition.allowed:
        raise InvalidTransition(f"{code} is {status} and cannot be {transition.verb}")
