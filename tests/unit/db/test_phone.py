"""The phone companion's read model and ticket links, on both backends."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.errors import NotFound
from db.office_config import AppointmentsConfig
from db.ops.setup import apply_config
from db.services import calls
from db.services.appointments import import_bookings
from db.services.checkin import check_in
from db.services.tickets import find_issued, issue_ticket, ticket_url
from db.store.engine import Database, read
from db.store.models import Ticket
from db.views.phone import PastTicket, PhoneTicket, looks_like_token, phone_ticket, phone_tickets
from tests.conftest import SMALL_OFFICE
from tests.unit.db.test_journeys import JOURNEY_OFFICE

MORNING = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 09:00 in Jakarta


def _today(db: Database, token: str, now: datetime = MORNING) -> PhoneTicket:
    found = phone_ticket(db, token, now=now)
    assert isinstance(found, PhoneTicket)
    return found


def test_every_ticket_gets_its_own_unguessable_token(db: Database) -> None:
    tokens = [issue_ticket(db, "A", now=MORNING).token for _ in range(5)]
    assert len(set(tokens)) == 5
    assert all(looks_like_token(token) for token in tokens)
    with read(db) as session:
        stored = session.scalars(select(Ticket.token).order_by(Ticket.id)).all()
    assert list(stored) == tokens


def test_the_link_follows_the_public_url_and_is_absent_without_one(db: Database) -> None:
    assert issue_ticket(db, "A", now=MORNING).url is None
    apply_config(db, replace(SMALL_OFFICE, public_url="http://10.0.0.5:8080"))
    issued = issue_ticket(db, "A", now=MORNING)
    assert issued.url == f"http://10.0.0.5:8080/t/{issued.token}"
    assert find_issued(db, issued.ticket.code, now=MORNING).url == issued.url


def test_ticket_url_joins_without_double_slashes() -> None:
    assert ticket_url("http://q.lan/antrean/", "abc") == "http://q.lan/antrean/t/abc"
    assert ticket_url(None, "abc") is None
    assert ticket_url("http://q.lan", "") is None


def test_a_waiting_ticket_shows_its_place_in_its_own_line(db: Database) -> None:
    issue_ticket(db, "A", now=MORNING)
    issue_ticket(db, "B", now=MORNING + timedelta(seconds=1))
    third = issue_ticket(db, "A", now=MORNING + timedelta(seconds=2))
    seen = _today(db, third.token)
    assert (seen.code, seen.status, seen.people_ahead) == ("A002", "waiting", 1)
    assert (seen.service_code, seen.service_name_en) == ("A", "New passport")
    assert seen.counter_number is None
    assert seen.survey == "none"
    assert seen.timezone == "Asia/Jakarta"


def test_people_ahead_shrink_as_counters_call(db: Database) -> None:
    issued = [issue_ticket(db, "A", now=MORNING + timedelta(seconds=i)) for i in range(3)]
    calls.call_next(db, 1, now=MORNING + timedelta(minutes=1))
    assert _today(db, issued[2].token).people_ahead == 1


def test_a_called_ticket_names_its_counter_until_it_is_finished(db: Database) -> None:
    issued = issue_ticket(db, "A", now=MORNING)
    calls.call_next(db, 2, now=MORNING)
    called = _today(db, issued.token)
    assert (called.status, called.counter_number, called.people_ahead) == ("called", 2, None)
    calls.recall(db, 2, now=MORNING)
    assert _today(db, issued.token).recall_count == 1
    calls.start_serving(db, 2, now=MORNING)
    assert (_today(db, issued.token).status, _today(db, issued.token).counter_number) == (
        "serving",
        2,
    )
    calls.finish(db, 2, now=MORNING)
    done = _today(db, issued.token)
    assert (done.status, done.counter_number, done.survey) == ("finished", None, "open")


def test_a_no_show_says_so_without_a_counter(db: Database) -> None:
    issued = issue_ticket(db, "A", now=MORNING)
    calls.call_next(db, 1, now=MORNING)
    calls.mark_no_show(db, 1, now=MORNING)
    seen = _today(db, issued.token)
    assert (seen.status, seen.counter_number) == ("no_show", None)


def test_a_ticket_of_an_earlier_day_shows_nothing_but_its_day(db: Database) -> None:
    issued = issue_ticket(db, "A", now=MORNING)
    seen = phone_ticket(db, issued.token, now=MORNING + timedelta(days=1))
    assert seen == PastTicket(issued.ticket.business_date)


def test_unknown_and_malformed_tokens_are_not_found(db: Database) -> None:
    issue_ticket(db, "A", now=MORNING)
    with pytest.raises(NotFound):
        phone_ticket(db, "A" * 22, now=MORNING)
    assert phone_tickets(db, ["A001", "", "x' OR 1=1 --", "a" * 200], now=MORNING) == {}


def test_many_tokens_are_answered_together(db: Database) -> None:
    tokens = [issue_ticket(db, "B", now=MORNING + timedelta(seconds=i)).token for i in range(40)]
    seen = phone_tickets(db, [*tokens, "Z" * 22], now=MORNING)
    assert set(seen) == set(tokens)
    ahead = [seen[token] for token in tokens]
    assert [t.people_ahead for t in ahead if isinstance(t, PhoneTicket)] == list(range(40))


def test_the_token_column_refuses_duplicates(db: Database) -> None:
    first = issue_ticket(db, "A", now=MORNING)
    issue_ticket(db, "A", now=MORNING)
    with read(db) as session:
        count = session.scalar(select(func.count()).where(Ticket.token == first.token))
    assert count == 1


def test_a_visit_of_several_steps_shows_the_step_it_is_at(empty_db: Database) -> None:
    apply_config(empty_db, JOURNEY_OFFICE)
    token = issue_ticket(empty_db, "A", now=MORNING).token
    first = _today(empty_db, token)
    assert (first.kind, first.step, first.steps, first.step_name_id) == (
        "walk_in",
        1,
        2,
        "Pemeriksaan Berkas",
    )
    calls.call_next(empty_db, 1, now=MORNING + timedelta(minutes=1))
    calls.finish(empty_db, 1, now=MORNING + timedelta(minutes=2))
    second = _today(empty_db, token, MORNING + timedelta(minutes=3))
    assert (second.status, second.step, second.step_name_en) == ("waiting", 2, "Photo & interview")
    assert second.session_from is None


def test_an_early_appointment_says_when_its_session_opens(db: Database) -> None:
    apply_config(db, replace(SMALL_OFFICE, appointments=AppointmentsConfig()))
    day = MORNING.date()
    import_bookings(
        db,
        f"booking_code,date,session_start,session_end,service\nMP-1,{day},10:00,11:00,A\n",
        now=MORNING,
    )
    token = check_in(db, "MP-1", now=MORNING).issued.token  # 09:00, an hour early
    early = _today(db, token, MORNING + timedelta(minutes=5))
    assert (early.kind, early.status) == ("appointment", "waiting")
    assert early.session_from == MORNING + timedelta(hours=1)
    assert _today(db, token, MORNING + timedelta(hours=1, minutes=1)).session_from is None
