"""The phone companion's read model: a ticket as its holder sees it, found by its secret token.

Built to refresh every connected phone after each change: `phone_tickets` answers any number of
tokens with a fixed handful of queries (tickets, the waiting lines they stand in, the pace of
their services, survey answers), so a server with hundreds of open pages stays cheap.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from db.errors import NotFound
from db.results import WaitEstimate
from db.rules.clock import utcnow
from db.rules.policy import Candidate
from db.rules.workload import OfficeLoad
from db.services.line_order import LINE_COLUMNS, line_candidate, office_policy, places
from db.store import lookup
from db.store.engine import Database, read
from db.store.models import (
    Counter,
    Service,
    ServiceStep,
    SurveyResponse,
    Ticket,
    TicketKind,
    TicketStatus,
)
from db.views.estimate import office_load, wait_from

_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
_CHUNK = 500  # tokens per IN list: well below every backend's parameter limit


@dataclass(frozen=True)
class PhoneTicket:
    """Today's ticket: what its page shows. Nothing about officers or other tickets."""

    code: str
    service_code: str
    service_name_id: str
    service_name_en: str
    service_color: str
    status: str
    priority: str | None
    business_date: date
    issued_at: datetime
    people_ahead: int | None  # only while waiting
    estimated_wait: WaitEstimate | None  # only while waiting, and only when known
    counter_number: int | None  # while called or serving: where to go
    called_at: datetime | None
    recall_count: int
    survey: str  # "none" (not finished), "open" (finished today, unanswered), "answered"
    timezone: str
    kind: str = "walk_in"  # walk_in | appointment
    step: int = 1  # the step of the visit it is at, of `steps`
    steps: int = 1
    step_name_id: str | None = None  # None for a service without named steps
    step_name_en: str | None = None
    session_from: datetime | None = None  # an early appointment: not called before this


@dataclass(frozen=True)
class PastTicket:
    """A ticket of an earlier day: nothing but its day may be shown."""

    business_date: date


def looks_like_token(token: str) -> bool:
    """Whether `token` could be a ticket token at all (checked before touching the database)."""
    return bool(_TOKEN.fullmatch(token))


def phone_ticket(
    db: Database, token: str, *, now: datetime | None = None
) -> PhoneTicket | PastTicket:
    """The ticket with `token`.

    Raises:
        NotFound.
    """
    found = phone_tickets(db, [token], now=now).get(token)
    if found is None:
        raise NotFound("there is no ticket with this link")
    return found


def phone_tickets(
    db: Database, tokens: Collection[str], *, now: datetime | None = None
) -> dict[str, PhoneTicket | PastTicket]:
    """The tickets with these tokens; unknown or malformed tokens are left out."""
    now = now or utcnow()
    wanted = sorted({t for t in tokens if looks_like_token(t)})
    if not wanted:
        return {}
    with read(db) as session:
        timezone = lookup.settings(session).timezone
        day = lookup.today(session, now)
        rows = _ticket_rows(session, wanted)
        current = [row for row in rows if row.ticket.business_date >= day]
        ahead = _people_ahead(session, day, current, now)
        load = office_load(session, now) if ahead else None
        answered = _answered(session, current)
        result: dict[str, PhoneTicket | PastTicket] = {}
        for row in rows:
            token = row.ticket.token
            assert token is not None
            if row.ticket.business_date < day:
                result[token] = PastTicket(row.ticket.business_date)
            else:
                result[token] = _phone_ticket(row, ahead, load, answered, timezone, now)
        return result


@dataclass(frozen=True)
class _Row:
    ticket: Ticket
    service: Service
    counter_number: int | None
    step: ServiceStep | None


# The step the ticket is at, joined in the same query (no query per ticket).
_STEP_OF_TICKET = and_(ServiceStep.service_id == Ticket.service_id, ServiceStep.step == Ticket.step)


def _ticket_rows(session: Session, tokens: list[str]) -> list[_Row]:
    rows: list[_Row] = []
    for start in range(0, len(tokens), _CHUNK):
        query = (
            select(Ticket, Service, Counter.number, ServiceStep)
            .join(Service, Service.id == Ticket.service_id)
            .outerjoin(Counter, Counter.id == Ticket.counter_id)
            .outerjoin(ServiceStep, _STEP_OF_TICKET)
            .where(Ticket.token.in_(tokens[start : start + _CHUNK]))
        )
        rows += [_Row(t, s, n, step) for t, s, n, step in session.execute(query)]
    return rows


def _people_ahead(
    session: Session, day: date, rows: Iterable[_Row], now: datetime
) -> dict[int, int]:
    """People ahead of every ticket waiting in the lines these tickets wait in, by ticket id:
    its place in the office's call order (db.rules.policy), each line ordered once."""
    lines = {
        (r.ticket.service_id, r.ticket.step)
        for r in rows
        if r.ticket.status is TicketStatus.WAITING
    }
    if not lines:
        return {}
    query = select(Ticket.step, *LINE_COLUMNS).where(
        lookup.WAITING,
        Ticket.business_date == day,
        Ticket.service_id.in_({service for service, _ in lines}),
    )
    grouped: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for step, ticket_id, service_id, priority, queued_at, kind in session.execute(query):
        candidate = line_candidate(ticket_id, service_id, priority, queued_at, kind)
        if (service_id, step) in lines:
            grouped[candidate.service_id, step].append(candidate)
    policy = office_policy(lookup.settings(session))
    ahead: dict[int, int] = {}
    for waiting in grouped.values():
        ahead.update(places(waiting, policy, now))
    return ahead


def _answered(session: Session, rows: Iterable[_Row]) -> set[int]:
    finished = [r.ticket.id for r in rows if r.ticket.status is TicketStatus.FINISHED]
    if not finished:
        return set()
    query = select(SurveyResponse.ticket_id).where(SurveyResponse.ticket_id.in_(finished))
    return set(session.scalars(query))


def _phone_ticket(
    row: _Row,
    ahead_of: dict[int, int],
    load: OfficeLoad | None,
    answered: set[int],
    timezone: str,
    now: datetime,
) -> PhoneTicket:
    ticket, service = row.ticket, row.service
    status = ticket.status
    ahead: int | None = None
    wait: WaitEstimate | None = None
    if status is TicketStatus.WAITING:
        ahead = ahead_of.get(ticket.id, 0)
        wait = wait_from(load, ticket.service_id, ahead, ticket.step) if load else None
    active = status in (TicketStatus.CALLED, TicketStatus.SERVING)
    return PhoneTicket(
        code=ticket.code,
        service_code=service.code,
        service_name_id=service.name_id,
        service_name_en=service.name_en,
        service_color=service.color,
        status=str(status),
        priority=ticket.priority,
        business_date=ticket.business_date,
        issued_at=ticket.issued_at,
        people_ahead=ahead,
        estimated_wait=wait,
        counter_number=row.counter_number if active else None,
        called_at=ticket.called_at,
        recall_count=ticket.recall_count,
        survey=_survey_state(ticket, answered),
        timezone=timezone,
        kind=str(ticket.kind),
        step=ticket.step,
        steps=service.step_count,
        step_name_id=row.step.name_id if row.step else None,
        step_name_en=row.step.name_en if row.step else None,
        session_from=_session_from(ticket, now),
    )


def _session_from(ticket: Ticket, now: datetime) -> datetime | None:
    """When an early appointment's session opens (its ticket waits until then), else None."""
    early = ticket.kind is TicketKind.APPOINTMENT and ticket.status is TicketStatus.WAITING
    return ticket.queued_at if early and ticket.queued_at > now else None


def _survey_state(ticket: Ticket, answered: set[int]) -> str:
    if ticket.status is not TicketStatus.FINISHED:
        return "none"
    return "answered" if ticket.id in answered else "open"
