"""The community satisfaction survey (SKM, PermenPANRB 14/2017) and its index (IKM).

An applicant whose ticket is finished may rate the nine items once, on the day, from the ticket's
phone page. The index of a group of answers is the mean of the nine item means (each item weighs
1/9), times 25: from 25 (every item rated 1) to 100 (every item rated 4), graded A-D.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.errors import InvalidSurvey, NotFound, SurveyAlreadyAnswered, SurveyClosed
from db.rules.clock import utcnow
from db.store import lookup
from db.store.engine import Database, read, write
from db.store.events import record
from db.store.models import SKM_ITEMS, Service, SurveyResponse, Ticket, TicketStatus
from db.views.phone import looks_like_token

RATINGS = range(1, 5)

# (lowest index, grade, Indonesian label, English label), best first; indexes are rounded to
# two decimals before grading, as the regulation's intervals are written.
GRADES = (
    (88.31, "A", "Sangat Baik", "Very good"),
    (76.61, "B", "Baik", "Good"),
    (65.00, "C", "Kurang Baik", "Poor"),
    (25.00, "D", "Tidak Baik", "Very poor"),
)


@dataclass(frozen=True)
class Grade:
    letter: str
    label_id: str
    label_en: str


@dataclass(frozen=True)
class SatisfactionIndex:
    """The IKM of one service (or of all, `service` = "*") over a period."""

    service: str
    responses: int
    item_means: tuple[float, ...]  # in SKM_ITEMS order
    index: float  # 25-100, two decimals
    grade: Grade


def submit_survey(
    db: Database, token: str, answers: Mapping[str, int], *, now: datetime | None = None
) -> None:
    """Store the survey answer of the ticket with `token` (one transaction, one event).

    Raises:
        NotFound, SurveyClosed, SurveyAlreadyAnswered, InvalidSurvey.
    """
    now = now or utcnow()
    ratings = _checked(answers)
    if not looks_like_token(token):
        raise NotFound("there is no ticket with this link")
    try:
        with write(db) as session:
            ticket = _open_ticket(session, token, now)
            session.add(
                SurveyResponse(
                    ticket_id=ticket.id,
                    # The visit's service: a ticket transferred A -> D rates A's visit.
                    service_id=ticket.series_service_id,
                    business_date=ticket.business_date,
                    answered_at=now,
                    **ratings,
                )
            )
            session.flush()
            record(session, "survey_answered", now, ticket=ticket)
    except IntegrityError:
        # Two answers raced past the check below; the unique ticket_id let one in.
        raise SurveyAlreadyAnswered("this ticket's survey was answered already") from None


def _checked(answers: Mapping[str, int]) -> dict[str, int]:
    missing = [item for item in SKM_ITEMS if item not in answers]
    unknown = sorted(set(answers) - set(SKM_ITEMS))
    if missing or unknown:
        what = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(unknown)}"
        raise InvalidSurvey(f"the survey needs a rating of each of the nine items ({what})")
    for item in SKM_ITEMS:
        value = answers[item]
        if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
            raise InvalidSurvey(f"rate {item} from 1 to 4, got {value!r}")
    return {item: answers[item] for item in SKM_ITEMS}


def _open_ticket(session: Session, token: str, now: datetime) -> Ticket:
    ticket = session.scalar(select(Ticket).where(Ticket.token == token))
    if ticket is None:
        raise NotFound("there is no ticket with this link")
    if ticket.business_date != lookup.today(session, now):
        raise SurveyClosed("the survey of a ticket is open on its day only")
    if ticket.status is not TicketStatus.FINISHED:
        raise SurveyClosed("the survey opens when the service is finished")
    answered = select(SurveyResponse.id).where(SurveyResponse.ticket_id == ticket.id)
    if session.scalar(answered) is not None:
        raise SurveyAlreadyAnswered("this ticket's survey was answered already")
    return ticket


def grade(index: float) -> Grade:
    """The service quality grade (mutu pelayanan) of an index of 25-100."""
    rounded = round(index, 2)
    for lowest, letter, label_id, label_en in GRADES:
        if rounded >= lowest:
            return Grade(letter, label_id, label_en)
    raise ValueError(f"an index is 25 to 100, got {index}")


def index_of(item_means: Collection[float]) -> float:
    """The IKM (25-100) of the nine item means (each 1-4)."""
    if len(item_means) != len(SKM_ITEMS):
        raise ValueError(f"need {len(SKM_ITEMS)} item means, got {len(item_means)}")
    return round(sum(item_means) / len(item_means) * 25, 2)


def satisfaction_index(
    db: Database, start: date, end: date, services: Collection[str] | None = None
) -> tuple[SatisfactionIndex, ...]:
    """The index per service with answers, then over them all ("*"), for days start..end."""
    with read(db) as session:
        return satisfaction_rows(session, start, end, services)


def satisfaction_rows(
    session: Session, start: date, end: date, services: Collection[str] | None = None
) -> tuple[SatisfactionIndex, ...]:
    averages = [func.avg(getattr(SurveyResponse, item)) for item in SKM_ITEMS]
    # Through the ticket: answers stored before the fix kept the service after a transfer.
    query = (
        select(func.count(), *averages)
        .select_from(SurveyResponse)
        .join(Ticket, Ticket.id == SurveyResponse.ticket_id)
        .join(Service, Service.id == Ticket.series_service_id)
        .where(SurveyResponse.business_date.between(start, end))
    )
    if services:
        query = query.where(Service.code.in_([code.strip().upper() for code in services]))
    per_service = query.add_columns(Service.code).group_by(Service.code).order_by(Service.code)
    rows = [_index(row[-1], row[0], row[1:-1]) for row in session.execute(per_service)]
    if not rows:
        return ()
    total = session.execute(query).one()
    return (*rows, _index("*", total[0], total[1:]))


def _index(service: str, responses: int, means: Sequence[Any]) -> SatisfactionIndex:
    values = [float(mean) for mean in means]
    index = index_of(values)
    return SatisfactionIndex(
        service, responses, tuple(round(v, 3) for v in values), index, grade(index)
    )
