"""The satisfaction survey (SKM) answers and their index (IKM), on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from db.errors import InvalidSurvey, NotFound, SurveyAlreadyAnswered, SurveyClosed
from db.services import calls
from db.services.survey import grade, index_of, satisfaction_index, submit_survey
from db.services.tickets import issue_ticket
from db.store.engine import Database, read, write
from db.store.models import SKM_ITEMS, Event, Service, SurveyResponse
from db.views.phone import PhoneTicket, phone_ticket

MORNING = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
DAY = MORNING.date()


def _all(rating: int) -> dict[str, int]:
    return dict.fromkeys(SKM_ITEMS, rating)


def _finished(db: Database, service: str = "A", counter: int = 1) -> str:
    issued = issue_ticket(db, service, now=MORNING)
    calls.call_next(db, counter, now=MORNING)
    calls.finish(db, counter, now=MORNING)
    return issued.token


def test_an_answer_is_stored_once_with_its_event(db: Database) -> None:
    token = _finished(db)
    submit_survey(db, token, _all(3), now=MORNING)
    with read(db) as session:
        stored = session.scalars(select(SurveyResponse)).one()
        ratings = [getattr(stored, item) for item in SKM_ITEMS]
        day = stored.business_date
        kinds = session.scalars(select(Event.kind).order_by(Event.id)).all()
    assert ratings == [3] * 9
    assert day == DAY
    assert kinds[-1] == "survey_answered"
    seen = phone_ticket(db, token, now=MORNING)
    assert isinstance(seen, PhoneTicket)
    assert seen.survey == "answered"
    with pytest.raises(SurveyAlreadyAnswered):
        submit_survey(db, token, _all(4), now=MORNING)


def test_the_survey_opens_only_when_finished_and_only_that_day(db: Database) -> None:
    waiting = issue_ticket(db, "B", now=MORNING).token
    with pytest.raises(SurveyClosed, match="finished"):
        submit_survey(db, waiting, _all(4), now=MORNING)
    token = _finished(db)
    with pytest.raises(SurveyClosed, match="its day"):
        submit_survey(db, token, _all(4), now=MORNING + timedelta(days=1))


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({**_all(3), "facilities": 5}, "facilities from 1 to 4"),
        ({**_all(3), "cost": 0}, "cost from 1 to 4"),
        ({**_all(3), "cost": True}, "cost from 1 to 4"),
        ({**_all(3), "cost": "3"}, "cost from 1 to 4"),
        ({k: v for k, v in _all(3).items() if k != "procedure"}, "missing procedure"),
        ({**_all(3), "officer": 1}, "unknown officer"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(
    db: Database, answers: dict[str, object], message: str
) -> None:
    token = _finished(db)
    with pytest.raises(InvalidSurvey, match=message):
        submit_survey(db, token, answers, now=MORNING)  # type: ignore[arg-type]
    with read(db) as session:
        assert session.scalars(select(SurveyResponse)).all() == []


def test_an_unknown_ticket_cannot_answer(db: Database) -> None:
    with pytest.raises(NotFound):
        submit_survey(db, "Q" * 22, _all(4), now=MORNING)
    with pytest.raises(NotFound):
        submit_survey(db, "not a token", _all(4), now=MORNING)


@pytest.mark.parametrize(
    ("index", "letter"),
    [(100, "A"), (88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"), (65, "C"), (64.99, "D")],
)
def test_grades_follow_the_regulation_intervals(index: float, letter: str) -> None:
    assert grade(index).letter == letter


def test_the_index_runs_from_25_to_100() -> None:
    assert index_of([1.0] * 9) == 25.0
    assert index_of([4.0] * 9) == 100.0
    assert index_of([3.0] * 8 + [4.0]) == pytest.approx(77.78)
    with pytest.raises(ValueError, match="25 to 100"):
        grade(10)


def test_the_index_per_service_and_overall(db: Database) -> None:
    for rating in (4, 4, 3):
        submit_survey(db, _finished(db, "A"), _all(rating), now=MORNING)
    submit_survey(db, _finished(db, "E", counter=3), _all(2), now=MORNING)
    rows = {row.service: row for row in satisfaction_index(db, DAY, DAY)}
    assert set(rows) == {"A", "E", "*"}
    assert (rows["A"].responses, rows["A"].index, rows["A"].grade.letter) == (3, 91.67, "A")
    assert (rows["E"].index, rows["E"].grade.letter) == (50.0, "D")
    assert (rows["*"].responses, rows["*"].index) == (4, 81.25)
    assert rows["*"].grade.label_id == "Baik"
    only_e = satisfaction_index(db, DAY, DAY, ["e"])
    assert [row.service for row in only_e] == ["E", "*"]
    assert satisfaction_index(db, DAY + timedelta(days=1), DAY + timedelta(days=2)) == ()


def _transferred_and_finished(db: Database) -> str:
    """A ticket issued for A, transferred to B at counter 1, finished there."""
    issued = issue_ticket(db, "A", now=MORNING)
    calls.call_next(db, 1, now=MORNING)
    calls.transfer(db, 1, "B", now=MORNING)
    calls.call_next(db, 1, now=MORNING)
    calls.finish(db, 1, now=MORNING)
    return issued.token


def test_a_transferred_visit_is_rated_under_the_service_it_was_issued_for(db: Database) -> None:
    submit_survey(db, _transferred_and_finished(db), _all(4), now=MORNING)
    with read(db) as session:
        stored = session.scalars(select(SurveyResponse.service_id)).one()
        services = dict(session.execute(select(Service.id, Service.code)).all())
    assert services[stored] == "A"
    assert [(r.service, r.responses) for r in satisfaction_index(db, DAY, DAY)] == [
        ("A", 1),
        ("*", 1),
    ]


def test_answers_stored_under_the_transferred_service_count_for_the_visit(db: Database) -> None:
    submit_survey(db, _transferred_and_finished(db), _all(2), now=MORNING)
    with write(db) as session:  # as stored before the fix: the service after the transfer
        b = session.scalars(select(Service.id).where(Service.code == "B")).one()
        session.execute(update(SurveyResponse).values(service_id=b))
    rows = satisfaction_index(db, DAY, DAY, ["A"])
    assert [(r.service, r.responses, r.index) for r in rows] == [("A", 1, 50.0), ("*", 1, 50.0)]
    assert satisfaction_index(db, DAY, DAY, ["B"]) == ()
