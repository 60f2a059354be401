"""`people_ahead` counts in the database what `call_order` orders in Python: same places."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from db.services import calls
from db.services.line_order import LINE_COLUMNS, line_candidate, office_policy, people_ahead, places
from db.services.tickets import issue_ticket
from db.store.engine import Database, read, write
from db.store.lookup import WAITING, settings
from db.store.models import OfficeSettings, Ticket, TicketKind

START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 08:00 in Jakarta
NOW = START + timedelta(minutes=150)


def _mixed_line(db: Database, seed: int) -> None:
    """25 tickets of B over two hours (some overdue at NOW), a third of them bookings."""
    rng = random.Random(seed)
    for minute in sorted(rng.sample(range(0, 140), 25)):
        priority = "lansia" if rng.random() < 0.3 else None
        issue_ticket(db, "B", priority=priority, now=START + timedelta(minutes=minute))
    with write(db) as session:
        ids = session.scalars(select(Ticket.id)).all()
        booked = [i for i in ids if rng.random() < 0.35]
        session.execute(
            update(Ticket).where(Ticket.id.in_(booked)).values(kind=TicketKind.APPOINTMENT)
        )


@pytest.mark.parametrize("mode", ["by_time", "appointments_first"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_ticket_is_as_far_back_as_its_place_in_the_call_order(
    db: Database, mode: str, seed: int
) -> None:
    _mixed_line(db, seed)
    with write(db) as session:
        order = {"call_order_mode": mode, "call_order_max_in_row": 2}
        session.execute(update(OfficeSettings).values(**order))
    with read(db) as session:
        policy = office_policy(settings(session))
        rows = session.execute(select(*LINE_COLUMNS).where(WAITING)).all()
        expected = places([line_candidate(*row) for row in rows], policy, NOW)
        tickets = session.scalars(select(Ticket).where(WAITING)).all()
        counted = {t.id: people_ahead(session, t, NOW) for t in tickets}
    assert len(counted) == 25
    assert counted == expected


def test_a_called_ticket_has_nobody_ahead_and_the_next_one_moves_up(db: Database) -> None:
    for minute in (0, 1):
        issue_ticket(db, "B", now=START + timedelta(minutes=minute))
    called = calls.call_next(db, 1, now=NOW)
    with read(db) as session:
        ahead = {t.code: people_ahead(session, t, NOW) for t in session.scalars(select(Ticket))}
    assert called.code == "B001"
    assert ahead == {"B001": 0, "B002": 0}
