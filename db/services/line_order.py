"""The office's call-order policy applied to the database's rows: the policy of the office's
settings, a ticket as a candidate, and how many are ahead of a ticket in its line.

db/rules/policy.py holds the rules themselves, pure and free of SQLAlchemy; this is the adapter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, bindparam, case, func, literal, or_, select
from sqlalchemy.orm import Session

from db.results import TicketView
from db.rules.policy import (
    Candidate,
    InterleaveMode,
    PolicyMode,
    PriorityPolicy,
    TicketClass,
    call_order,
    is_overdue,
    place_by_counts,
    ticket_class,
)
from db.store import lookup
from db.store.models import Ticket, TicketKind


class PolicySettings(Protocol):
    """The office settings the call-order policy is made of (an `OfficeSettings` row has them)."""

    @property
    def priority_policy(self) -> str: ...
    @property
    def priority_ratio(self) -> int: ...
    @property
    def fairness_minutes(self) -> int | None: ...
    @property
    def call_order_mode(self) -> str: ...
    @property
    def call_order_max_in_row(self) -> int: ...


def office_policy(office: PolicySettings) -> PriorityPolicy:
    mode: PolicyMode = "strict" if office.priority_policy == "strict" else "ratio"
    interleave: InterleaveMode = (
        "appointments_first" if office.call_order_mode == "appointments_first" else "by_time"
    )
    return PriorityPolicy(
        mode,
        office.priority_ratio,
        office.fairness_minutes,
        interleave=interleave,
        max_in_row=office.call_order_max_in_row,
    )


def candidate(ticket: Ticket) -> Candidate:
    return line_candidate(
        ticket.id, ticket.service_id, ticket.priority, ticket.queued_at, ticket.kind
    )


# What the policy needs of a waiting ticket (see `line_candidate`).
LINE_COLUMNS = (Ticket.id, Ticket.service_id, Ticket.priority, Ticket.queued_at, Ticket.kind)


@dataclass(frozen=True)
class Newcomer:
    """A ticket about to be issued, as its line sees it: it is not in the table yet."""

    service_id: int
    step: int
    business_date: date
    priority: str | None
    queued_at: datetime
    kind: str
    id: int = 2**31 - 1  # the largest id: after every real ticket queued at the same moment


def people_ahead(
    session: Session,
    ticket: Ticket | TicketView | Newcomer,
    now: datetime,
    *,
    policy: PriorityPolicy | None = None,
) -> int:
    """How many of its line the policy would call before the ticket: its place in `call_order`.

    Asked as of when the ticket is due (a booking checked in early is due at its session),
    with fresh streaks: a prediction, since arrivals and other counters change it later.
    One aggregate query and `place_by_counts`: the line's length costs the database a count,
    not Python a list (it is asked for every ticket issued). `policy`: the office's, when the
    caller has it (it saves reading the settings).
    """
    policy = policy or office_policy(lookup.settings(session))
    due = max(now, ticket.queued_at)
    rows = session.connection().execute(LINE_COUNTS, line_params(ticket, policy, due))
    return place_in_line(rows, ticket, policy, due)


def line_params(
    ticket: Ticket | TicketView | Newcomer, policy: PriorityPolicy, due: datetime
) -> dict[str, object]:
    """LINE_COUNTS' parameters for the ticket's line, as of `due`."""
    limit = policy.fairness_minutes
    return {
        "service": ticket.service_id,
        "step": ticket.step,
        "day": ticket.business_date,
        "queued": ticket.queued_at,
        "id": ticket.id,
        "cutoff": due - timedelta(minutes=limit) if limit is not None else _NEVER_LATE,
    }


def place_in_line(
    rows: Iterable[Sequence[Any]],
    ticket: Ticket | TicketView | Newcomer,
    policy: PriorityPolicy,
    due: datetime,
) -> int:
    """The ticket's people ahead from the rows of LINE_COUNTS (rows of other kinds left out)."""
    me = line_candidate(
        ticket.id, ticket.service_id, ticket.priority, ticket.queued_at, TicketKind(ticket.kind)
    )
    counts = _line_counts(rows, policy, due)
    own = ticket_class(me, policy)
    if isinstance(ticket, Newcomer):  # not counted in its line yet (and never overdue)
        counts.waiting[own] = counts.waiting.get(own, 0) + 1
    elif not counts.present:  # called already, or over: nobody is ahead of it any more
        return 0
    if is_overdue(me, policy, due):
        return counts.overdue_before
    return place_by_counts(
        counts.waiting, own, counts.ahead_in_class[own], policy, overdue=counts.overdue
    )


@dataclass
class _LineCounts:
    """A line's waiting tickets counted as `place_by_counts` needs them."""

    waiting: dict[TicketClass, int] = field(default_factory=dict)  # the overdue left out
    ahead_in_class: dict[TicketClass, int] = field(default_factory=lambda: defaultdict(int))
    overdue: int = 0
    overdue_before: int = 0
    present: bool = False


def _line_counts(
    rows: Iterable[Sequence[Any]], policy: PriorityPolicy, due: datetime
) -> _LineCounts:
    counts = _LineCounts()
    for kind, _, flags, _, n in rows:
        if kind != LINE_KIND:
            continue
        count = int(n)
        counts.present = counts.present or bool(flags & _IS_ME)
        priority, before = bool(flags & _PRIORITY), bool(flags & _BEFORE)
        if flags & _LATE and not priority:  # the fairness cap never concerns a priority ticket
            counts.overdue += count
            counts.overdue_before += count if before else 0
            continue
        probe = Candidate(0, 0, priority, due, bool(flags & _APPOINTMENT))
        name = ticket_class(probe, policy)
        counts.waiting[name] = counts.waiting.get(name, 0) + count
        if before:
            counts.ahead_in_class[name] += count
    return counts


_NEVER_LATE = datetime(1970, 1, 1, tzinfo=UTC)  # no fairness cap: no ticket queued before this
_PRIORITY, _APPOINTMENT, _LATE, _BEFORE, _IS_ME = 1, 2, 4, 8, 16
LINE_KIND = "line"


def _flag(condition: ColumnElement[bool], bit: int) -> ColumnElement[int]:
    return case((condition, bit), else_=0)


_FLAGS = (
    select(
        (
            _flag(Ticket.priority.is_not(None), _PRIORITY)
            + _flag(Ticket.kind == TicketKind.APPOINTMENT, _APPOINTMENT)
            + _flag(Ticket.queued_at < bindparam("cutoff"), _LATE)
            + _flag(
                or_(
                    Ticket.queued_at < bindparam("queued"),
                    and_(Ticket.queued_at == bindparam("queued"), Ticket.id < bindparam("id")),
                ),
                _BEFORE,
            )
            + _flag(Ticket.id == bindparam("id"), _IS_ME)
        ).label("flags")
    )
    .where(
        lookup.OPEN,  # implied by WAITING, but the planners need it to use ix_tickets_open
        lookup.WAITING,
        Ticket.service_id == bindparam("service"),
        Ticket.step == bindparam("step"),
        Ticket.business_date == bindparam("day"),
    )
    .subquery()
)
# A line's waiting tickets counted by what the policy tells apart, as rows of the office load's
# shape (kind, 0, flags, "", count) so that a ticket's checks read both at once
# (db.views.estimate.LOAD_PARTS). Grouped in a subquery: PostgreSQL would not match a bound
# parameter in GROUP BY to the one in the select list.
LINE_COUNTS = select(
    literal(LINE_KIND), literal(0), _FLAGS.c.flags, literal(""), func.count()
).group_by(_FLAGS.c.flags)


def line_candidate(
    ticket_id: int, service_id: int, priority: str | None, queued_at: datetime, kind: TicketKind
) -> Candidate:
    """A waiting ticket as the policy sees it, from a row of `LINE_COLUMNS`."""
    appointment = kind is TicketKind.APPOINTMENT
    return Candidate(ticket_id, service_id, priority is not None, queued_at, appointment)


def places(waiting: list[Candidate], policy: PriorityPolicy, now: datetime) -> dict[int, int]:
    """Each waiting ticket's people ahead in its line: its index in the policy's call order."""
    return {
        ticket_id: place for place, ticket_id in enumerate(call_order(waiting, policy, now=now))
    }
