"""Per-step, per-visit and punctuality figures against a hand-computed fixture day, both backends.

The day (2026-11-27, WIB = UTC+7; minutes after 08:00 local). A has two steps (1 berkas at
counter 1, 2 biometrik at counter 2), target 15 minutes; D one step at counter 3, target 10.
Bookings for A 09:00-10:00: MP-0001 (early, 08:50), MP-0002 (on time, 09:10, never called),
MP-0003 (never came, released at 11:00); for D 10:00-10:30: MP-0004 (late, 10:40).

    ticket        issued  step 1 (queued, called, serve, end)    step 2 / after a transfer
    A001 walk-in  0       A1: 0, 10, 12, 20 selesai              A2: 20, 30, -, 45 selesai
    A002 walk-in  5       A1: 5, 20, 21, 25 berkas_kurang (ends the visit)
    A003 walk-in  6       A1: 6, 25, -, 27 transferred to D      D1: 27, 40, 41, 50 selesai
    A004 walk-in  7       A1: 7, 30, -, 35 no-show (expired at the day's close)
    A005 booking  50      A1: 60 (session), 65, -, 70 selesai    A2: 70, 75, 76, 80 selesai
    A006 booking  70      never called (expired)
    D001 booking  160     D1: 160, 165, -, 170 selesai

Per step (minutes):
    A1 waits 10, 15, 19, 23, 5: mean 14.4, median 15, p90 = 19 + 0.6 * 4 = 21.4; within 15: 3
       services 8, 4, 5 (finished steps only): mean 17/3, median 5, p90 = 5 + 0.8 * 3 = 7.4
    A2 waits 10, 5: mean 7.5, median 7.5, p90 = 5 + 0.9 * 5 = 9.5; both within 15
       services 15, 4: mean 9.5, median 9.5, p90 = 4 + 0.9 * 11 = 13.9
    D1 waits 13, 5: mean 9, median 9, p90 = 5 + 0.9 * 8 = 12.2; within 10: 1
       services 9, 5: mean 7, median 7, p90 = 5 + 0.9 * 4 = 8.6
Visits (issue -> end of the last step, finished ones), under the service issued:
    A: A001 45, A002 20, A003 44 (finished in D), A005 30: mean 34.75, median 37,
       p90 = 44 + 0.7 * 1 = 44.7; 6 visits, 4 walk-in, 2 appointments, 4 finished
    D: D001 10; all: 10, 20, 30, 44, 45: mean 29.8, median 30, p90 = 44 + 0.6 * 1 = 44.6
A visit's wait is the sum of its step waits: A003 waited 19 + 13 = 32, not the 34 from issue to
its last call, which would count its 2 minutes of service at A1 as waiting.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from db.office_config import AppointmentsConfig, ServiceConfig
from db.ops.setup import apply_config
from db.services import calls, days
from db.services.appointments import import_bookings, release_unused
from db.services.checkin import check_in
from db.services.survey import submit_survey
from db.services.tickets import issue_ticket
from db.store import engine
from db.store.models import SKM_ITEMS, Ticket
from db.views.reports import Durations, build_report
from db.views.step_reports import OutcomeCount, Punctuality, StepFigures, VisitFigures
from tests.unit.db.test_journeys import JOURNEY_OFFICE
from tests.unit.db.test_reports import run_cli

DAY = date(2026, 11, 27)
START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 08:00 WIB
BOOKINGS = (
    "booking_code,date,session_start,session_end,service,priority\n"
    "MP-0001,2026-11-27,09:00,10:00,A,\n"
    "MP-0002,2026-11-27,09:00,10:00,A,\n"
    "MP-0003,2026-11-27,09:00,10:00,A,\n"
    "MP-0004,2026-11-27,10:00,10:30,D,\n"
)
OFFICE = replace(
    JOURNEY_OFFICE,
    services=tuple(
        replace(s, target_wait_minutes=15 if s.code == "A" else 10)
        for s in JOURNEY_OFFICE.services
        if isinstance(s, ServiceConfig)
    ),
    appointments=AppointmentsConfig(release_at=time(11)),
)


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def spread(count: int, mean: float, median: float, p90: float) -> Durations:
    """Durations given in minutes, in the report's seconds."""
    return Durations(count, mean * 60, median * 60, p90 * 60)


def step(
    db: engine.Database,
    counter: int,
    code: str,
    times: tuple[int, int | None, int],
    outcome: str = "selesai",
) -> None:
    called, serving, finished = times
    calls.call_specific(db, counter, code, now=at(called))
    if serving is not None:
        calls.start_serving(db, counter, now=at(serving))
    calls.finish(db, counter, outcome=outcome, now=at(finished))


@pytest.fixture
def day(empty_db: engine.Database) -> engine.Database:
    db = empty_db
    apply_config(db, OFFICE)
    import_bookings(db, BOOKINGS, now=at(-60))
    for minute in (0, 5, 6, 7):
        issue_ticket(db, "A", now=at(minute))
    step(db, 1, "A001", (10, 12, 20))
    step(db, 1, "A002", (20, 21, 25), "berkas_kurang")
    calls.call_specific(db, 1, "A003", now=at(25))
    calls.transfer(db, 1, "D", now=at(27))
    step(db, 2, "A001", (30, None, 45))
    calls.call_specific(db, 1, "A004", now=at(30))
    calls.mark_no_show(db, 1, now=at(35))
    step(db, 3, "A003", (40, 41, 50))
    check_in(db, "MP-0001", now=at(50))
    step(db, 1, "A005", (65, None, 70))
    check_in(db, "MP-0002", now=at(70))
    step(db, 2, "A005", (75, 76, 80))
    check_in(db, "MP-0004", now=at(160))
    step(db, 3, "D001", (165, None, 170))
    release_unused(db, now=at(180))
    days.expire_past_days(db, now=at(24 * 60))
    return db


def test_per_step_figures_match_the_hand_computed_day(day: engine.Database) -> None:
    assert build_report(day, DAY, DAY).steps == (
        StepFigures(
            "A",
            1,
            "berkas",
            calls=5,
            finished=3,
            no_show=1,
            transferred=1,
            wait=spread(5, 14.4, 15, 21.4),
            service_time=spread(3, 17 / 3, 5, 7.4),
            within_target=3,
        ),
        StepFigures(
            "A", 2, "biometrik", 2, 2, 0, 0, spread(2, 7.5, 7.5, 9.5), spread(2, 9.5, 9.5, 13.9), 2
        ),
        StepFigures("D", 1, "-", 2, 2, 0, 0, spread(2, 9, 9, 12.2), spread(2, 7, 7, 8.6), 1),
    )


def test_sla_percent_of_a_step_is_its_calls_within_the_target(day: engine.Database) -> None:
    sla = {(f.service, f.step): f.sla_percent for f in build_report(day, DAY, DAY).steps}
    assert sla == {("A", 1): 60.0, ("A", 2): 100.0, ("D", 1): 50.0}


def test_outcomes_per_step(day: engine.Database) -> None:
    assert build_report(day, DAY, DAY).outcomes == (
        OutcomeCount("A", 1, "berkas_kurang", 1),
        OutcomeCount("A", 1, "selesai", 2),
        OutcomeCount("A", 2, "selesai", 2),
        OutcomeCount("D", 1, "selesai", 2),
    )


def test_visit_times_count_under_the_service_issued(day: engine.Database) -> None:
    assert build_report(day, DAY, DAY).visits == (
        VisitFigures("A", 6, 4, 2, 4, spread(4, 34.75, 37, 44.7)),
        VisitFigures("D", 1, 0, 1, 1, spread(1, 10, 10, 10)),
        VisitFigures("all", 7, 4, 3, 5, spread(5, 29.8, 30, 44.6)),
    )


def test_appointment_punctuality_no_shows_and_released_places(day: engine.Database) -> None:
    assert build_report(day, DAY, DAY).punctuality == (
        Punctuality("A", booked=3, checked_in=2, on_time=1, early=1, late=0, no_show=1, released=1),
        Punctuality("D", 1, 1, 0, 0, 1, 0, 0),
        Punctuality("all", 4, 3, 1, 1, 1, 1, 1),
    )


def test_a_transferred_visit_waits_only_while_queued_and_counts_for_its_first_service(
    day: engine.Database,
) -> None:
    report = build_report(day, DAY, DAY)
    services = {f.key: f for f in report.by_service}
    # A: A001 10 + 10, A002 15, A003 19 + 13, A004 23, A005 5 + 5; A006 was never called.
    assert (services["A"].issued, services["A"].wait) == (6, spread(5, 20, 20, 28.4))
    assert services["A"].transferred == 1
    assert (services["D"].issued, services["D"].transferred) == (1, 0)


def test_a_transferred_visits_survey_answer_counts_for_its_first_service(
    day: engine.Database,
) -> None:
    with engine.read(day) as session:
        token = session.scalars(select(Ticket.token).where(Ticket.code == "A003")).one()
    submit_survey(day, token or "", dict.fromkeys(SKM_ITEMS, 4), now=at(55))
    rows = build_report(day, DAY, DAY).satisfaction
    assert [(r.service, r.responses) for r in rows] == [("A", 1), ("*", 1)]


def test_only_the_services_asked_for(day: engine.Database) -> None:
    report = build_report(day, DAY, DAY, ["D"])
    assert [(f.service, f.step) for f in report.steps] == [("D", 1)]
    assert [v.service for v in report.visits] == ["D", "all"]
    assert [p.service for p in report.punctuality] == ["D", "all"]


def _rows(path: Path) -> list[dict[str, str]]:
    """The rows of one CSV table (`--format csv` writes one file per table)."""
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def test_the_command_prints_the_new_sections_in_every_format(
    day: engine.Database, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    period = ("--from", "2026-11-27", "--to", "2026-11-27")
    for fmt in ("csv", "json", "html"):
        assert run_cli(db_url, *period, "--format", fmt, "--out", str(tmp_path / f"r.{fmt}")) == 0
    folder = tmp_path / "r.csv"
    counts, times = _rows(folder / "steps_counts.csv"), _rows(folder / "steps_times.csv")
    assert [
        (c["service"], c["step_code"], t["wait_median_min"], c["sla_percent"])
        for c, t in zip(counts, times, strict=True)
    ] == [
        ("A", "berkas", "15.0", "60.0"),
        ("A", "biometrik", "7.5", "100.0"),
        ("D", "-", "9.0", "50.0"),
    ]
    visits = _rows(folder / "visits.csv")
    assert [(r["service"], r["visits"], r["visit_p90_min"]) for r in visits][-1] == (
        "all",
        "7",
        "44.6",
    )
    late = _rows(folder / "punctuality.csv")
    assert [(r["service"], r["late"], r["released"]) for r in late] == [
        ("A", "0", "1"),
        ("D", "1", "0"),
        ("all", "1", "1"),
    ]
    data = json.loads((tmp_path / "r.json").read_text())
    assert (data["steps"][0]["sla_percent"], data["steps"][0]["wait"]["median"]) == (60.0, 900)
    assert data["outcomes"][0] == {
        "service": "A",
        "step": 1,
        "outcome": "berkas_kurang",
        "count": 1,
    }
    assert data["punctuality"][-1]["no_show"] == 1
    html = (tmp_path / "r.html").read_text()
    assert ">Kode langkah</th>" in html  # human headers, Indonesian by default
    assert ">biometrik</td>" in html
    assert run_cli(db_url, *period) == 0
    lines = capsys.readouterr().out.splitlines()
    step_rows = [line.split() for line in lines if line.split()[2:3] == ["berkas"]]
    assert [row[:5] for row in step_rows] == [["A", "1", "berkas", "5", "3"]]
