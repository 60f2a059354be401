"""`walkin purge`: codes and tokens of finished days go, every figure stays; on both backends."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.errors import NotFound
from db.services.purge import Purged, PurgeRefused, purge
from db.services.tickets import issue_ticket
from db.store import engine
from db.store.models import Appointment, Event, Ticket
from db.views.phone import phone_ticket
from db.views.reports import build_report
from tests.unit.db.test_step_reports import DAY, at, day  # noqa: F401 (the fixture day)
from walkin import cli

NEXT_MORNING = at(24 * 60)  # 08:00 WIB the day after
TOMORROW = DAY + timedelta(days=1)


def secrets(db: engine.Database) -> tuple[list[str], list[str | None], list[str | None]]:
    with engine.read(db) as session:
        codes = session.scalars(select(Appointment.booking_code).order_by(Appointment.id))
        tickets = session.execute(
            select(Ticket.token, Ticket.idempotency_key).order_by(Ticket.id)
        ).all()
        return list(codes), [t for t, _ in tickets], [k for _, k in tickets]


def test_a_purge_keeps_every_report_figure(day: engine.Database) -> None:  # noqa: F811
    before = build_report(day, DAY, DAY)
    assert (len(before.steps), len(before.visits), len(before.punctuality)) == (3, 3, 3)
    purge(day, TOMORROW, now=NEXT_MORNING)
    assert build_report(day, DAY, DAY) == before


def test_codes_and_tokens_of_the_finished_day_are_gone(day: engine.Database) -> None:  # noqa: F811
    with engine.read(day) as session:
        token = session.scalars(select(Ticket.token).where(Ticket.code == "A001")).one() or ""
        ids = list(session.scalars(select(Appointment.id).order_by(Appointment.id)))
    result = purge(day, TOMORROW, now=NEXT_MORNING)
    assert result == Purged(TOMORROW, 4, 7, 0, dry_run=False)
    codes, tokens, keys = secrets(day)
    assert codes == [f"purged-{i}" for i in ids]
    assert set(tokens) == set(keys) == {None}
    with pytest.raises(NotFound):
        phone_ticket(day, token, now=NEXT_MORNING)
    assert purge(day, TOMORROW, now=NEXT_MORNING) == Purged(TOMORROW, 0, 0, 0, dry_run=False)


def test_the_one_event_holds_counts_only(day: engine.Database) -> None:  # noqa: F811
    _, tokens, _ = secrets(day)
    purge(day, TOMORROW, now=NEXT_MORNING)
    purge(day, TOMORROW, now=NEXT_MORNING)  # nothing left: no second event
    with engine.read(day) as session:
        events = session.scalars(select(Event.details).where(Event.kind == "purged")).all()
        every_detail = json.dumps(list(session.scalars(select(Event.details))))
    assert events == [
        {"before": "2026-11-28", "booking_codes": 4, "tokens": 7, "idempotency_keys": 0}
    ]
    assert "MP-000" not in every_detail
    assert not [t for t in tokens if t and t in every_detail]


def test_a_dry_run_counts_and_changes_nothing(day: engine.Database) -> None:  # noqa: F811
    kept = secrets(day)
    assert purge(day, TOMORROW, dry_run=True, now=NEXT_MORNING) == Purged(
        TOMORROW, 4, 7, 0, dry_run=True
    )
    assert secrets(day) == kept


def test_today_and_days_with_open_tickets_are_refused(day: engine.Database) -> None:  # noqa: F811
    kept = secrets(day)
    with pytest.raises(PurgeRefused, match="reach today"):
        purge(day, TOMORROW + timedelta(days=1), now=NEXT_MORNING)
    issue_ticket(day, "A", idempotency_key="kiosk-1", now=NEXT_MORNING)  # open, today
    later = NEXT_MORNING + timedelta(days=1)
    with pytest.raises(PurgeRefused, match="2026-11-28 are still open"):
        purge(day, TOMORROW + timedelta(days=1), now=later)
    assert secrets(day)[0] == kept[0]
    assert purge(day, TOMORROW, now=later).tokens == 7  # the open day is left alone
    assert secrets(day)[2] == [None] * 7 + ["kiosk-1"]


def test_the_command(
    day: engine.Database,  # noqa: F811
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("db.services.purge.utcnow", lambda: NEXT_MORNING)
    assert cli.main(["--db", db_url, "purge", "--before", "2026-11-28", "--dry-run"]) == 0
    assert capsys.readouterr().out == (
        "days before 2026-11-28: would remove 4 booking codes, 7 phone tokens, 0 idempotency keys\n"
    )
    assert cli.main(["--db", db_url, "purge", "--before", "2026-11-28", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tokens"] == 7
    assert cli.main(["--db", db_url, "purge", "--before", "2026-11-30"]) == cli.EXIT_USER_ERROR
    assert "reach today (2026-11-28)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--db", db_url, "purge", "--before", "yesterday"])
    assert "not a date" in capsys.readouterr().err
