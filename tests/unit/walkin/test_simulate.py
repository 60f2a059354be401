"""The demo's simulated applicants and officers: their decisions, and a short run on a database."""

from __future__ import annotations

import random
import re
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from datetime import time as dt_time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from db.ops.setup import load_demo
from db.rules.clock import FastClock, use_office_clock, utcnow
from db.services.tickets import issue_ticket
from db.store import schema
from db.store.engine import Database, open_database, read
from db.store.models import ACTIVE_STATUSES, Ticket, TicketStatus, TicketStep
from db.store.models import Counter as CounterRow
from tests.helpers.databases import sqlite_template, sqlite_url
from walkin import simulate
from walkin.demo import _app_commands
from walkin.simulate import Action, Phase, Simulator

ROOT = Path(__file__).resolve().parents[3]
DRAWS = 20_000


def test_arrival_gaps_average_the_rate() -> None:
    rng = random.Random(7)
    gaps = [simulate.arrival_gap(rng, 250) for _ in range(DRAWS)]
    assert statistics.fmean(gaps) == pytest.approx(3600 / 250, rel=0.03)
    # exponential: the standard deviation equals the mean
    assert statistics.stdev(gaps) == pytest.approx(3600 / 250, rel=0.05)


def test_service_mix_follows_the_weights() -> None:
    rng = random.Random(8)
    counts = Counter(simulate.choose_service(rng) for _ in range(DRAWS))
    total = sum(simulate.SERVICE_MIX.values())
    for code, weight in simulate.SERVICE_MIX.items():
        assert counts[code] / DRAWS == pytest.approx(weight / total, abs=0.015)


def test_priority_only_where_allowed_and_about_one_in_ten() -> None:
    rng = random.Random(9)
    chosen = [simulate.choose_priority(rng, allowed=True) for _ in range(DRAWS)]
    share = sum(p is not None for p in chosen) / DRAWS
    assert share == pytest.approx(simulate.PRIORITY_SHARE, abs=0.01)
    assert {p for p in chosen if p} == {"lansia", "disabilitas", "ibu_hamil", "balita"}
    assert all(simulate.choose_priority(rng, allowed=False) is None for _ in range(1000))


@pytest.mark.parametrize("code", ["A", "B", "C", "D", "E"])
def test_service_time_medians(code: str) -> None:
    rng = random.Random(10)
    times = [simulate.service_seconds(rng, code) for _ in range(DRAWS)]
    median = simulate.MEDIAN_SERVICE_MINUTES[code] * 60
    assert statistics.median(times) == pytest.approx(median, rel=0.04)
    assert min(times) > 0
    assert statistics.fmean(times) > median  # lognormal: skewed to long services


def test_no_show_share_and_walk_time() -> None:
    rng = random.Random(11)
    share = sum(simulate.will_not_show(rng) for _ in range(DRAWS)) / DRAWS
    assert share == pytest.approx(simulate.NO_SHOW_SHARE, abs=0.01)
    walks = [simulate.walk_seconds(rng) for _ in range(1000)]
    assert min(walks) >= 15
    assert max(walks) <= 45
    assert statistics.fmean(walks) == pytest.approx(30, rel=0.05)


def test_officer_cycle() -> None:
    assert simulate.officer_action(Phase.IDLE, False, 0) is Action.CALL
    assert simulate.officer_action(Phase.CALLED, False, 0) is Action.SERVE
    assert simulate.officer_action(Phase.SERVING, False, 0) is Action.FINISH
    # an absent applicant is recalled twice, then marked no-show
    assert simulate.officer_action(Phase.CALLED, True, 0) is Action.RECALL
    assert simulate.officer_action(Phase.CALLED, True, 1) is Action.RECALL
    assert simulate.officer_action(Phase.CALLED, True, 2) is Action.NO_SHOW


def test_same_seed_same_decisions_whatever_the_global_generator_holds() -> None:
    def draws(seed: int) -> list[float]:
        rng = random.Random(seed)
        return [simulate.arrival_gap(rng, 250) for _ in range(5)]

    random.seed(1)
    first = draws(3)
    random.seed(2)  # a simulation drawing from the global generator would now differ
    assert draws(3) == first
    assert draws(4) != first


def test_counters_argument() -> None:
    assert simulate.parse_counters("2,3,4,5") == [2, 3, 4, 5]
    with pytest.raises(Exception, match="counter"):
        simulate.parse_counters("2,x")


def test_demo_starts_the_simulator_only_when_asked(tmp_path: Path) -> None:
    assert len(_app_commands("sqlite:///x", tmp_path)) == 3
    commands = _app_commands("sqlite:///x", tmp_path, simulate=True, speed=20)
    assert len(commands) == 4
    assert commands[3][1:] == [
        "-m", "walkin.simulate", "--db", "sqlite:///x", "--speed", "20", "--counters", "2,3,4,5"
    ]  # fmt: skip


@pytest.fixture
def demo_db(tmp_path: Path) -> Database:
    url = sqlite_url(sqlite_template(tmp_path), tmp_path)
    db = open_database(url)
    schema.upgrade(db)
    load_demo(db)
    return db


def statuses(db: Database) -> Counter[str]:
    with read(db) as session:
        rows = session.execute(select(Ticket.status, func.count()).group_by(Ticket.status))
        return Counter({str(status): n for status, n in rows})


def most_active_per_counter(db: Database) -> int:
    with read(db) as session:
        counts = session.scalars(
            select(func.count())
            .select_from(Ticket)
            .where(Ticket.status.in_(ACTIVE_STATUSES), Ticket.counter_id.is_not(None))
            .group_by(Ticket.counter_id)
        ).all()
    return max(counts, default=0)


def counters_used(db: Database) -> set[int]:
    with read(db) as session:
        return set(
            session.scalars(
                select(CounterRow.number)
                .join(Ticket, Ticket.counter_id == CounterRow.id)
                .distinct()
            )
        )


def test_a_fast_run_moves_the_queue(demo_db: Database) -> None:
    lines: list[str] = []
    simulator = Simulator(demo_db, [2, 3, 4, 5], speed=3000, seed=1, log=lines.append)
    stats = simulator.run(duration=2.0)
    found = statuses(demo_db)
    # Over an hour and a half of office time: how many depends on the CPU it got, not on code.
    assert stats.issued >= 5
    assert sum(found.values()) == stats.issued
    assert found[TicketStatus.WAITING] > 0
    assert found[TicketStatus.FINISHED] > 0
    assert found[TicketStatus.FINISHED] == stats.finished
    assert found[TicketStatus.CALLED] + found[TicketStatus.SERVING] <= 4
    assert most_active_per_counter(demo_db) == 1
    assert counters_used(demo_db) <= {2, 3, 4, 5}  # counter 1 is left to the human
    assert "siti at 2" in lines[0]
    assert "kepala at 5" in lines[0]

    # a second run takes over the tickets the counters still hold
    again = Simulator(demo_db, [2, 3, 4, 5], speed=3000, seed=2, log=lines.append)
    again.run(duration=0.5)
    assert most_active_per_counter(demo_db) == 1
    demo_db.dispose()


def test_a_fast_run_records_office_minutes_and_the_wait_follows_them(demo_db: Database) -> None:
    """At speed 600 a six-minute service takes 0.6 real seconds, and six office minutes."""
    use_office_clock(FastClock(utcnow(), 600))
    try:
        Simulator(demo_db, [2, 3, 4, 5], speed=600, seed=1, log=lambda _line: None).run(4.0)
        issued = issue_ticket(demo_db, "A")
    finally:
        use_office_clock(None)
    with read(demo_db) as session:
        served = session.execute(
            select(TicketStep.serving_at, TicketStep.ended_at).where(
                TicketStep.ended == "finished", TicketStep.serving_at.is_not(None)
            )
        ).all()
    minutes = [(ended - start).total_seconds() / 60 for start, ended in served]
    assert minutes  # how many finish in 4 real seconds depends on the machine's load
    # Office minutes (the services' medians are 3 to 12), not real ones (0.005 to 0.02).
    assert 1 < statistics.median(minutes) < 30
    if issued.people_ahead >= 10 and issued.estimated_wait is not None:
        assert issued.estimated_wait.high_minutes > 5


def test_stops_when_the_office_clock_reaches_the_next_day(demo_db: Database) -> None:
    lines: list[str] = []
    # An office day per real second: midnight comes within the run whatever the hour.
    use_office_clock(FastClock(utcnow(), 86_400))
    try:
        Simulator(demo_db, [2], speed=86_400, seed=1, log=lines.append).run(duration=5.0)
    finally:
        use_office_clock(None)
    assert any("office day is over" in line for line in lines)
    demo_db.dispose()


def test_stops_promptly_when_asked(demo_db: Database) -> None:
    simulator = Simulator(demo_db, [2], speed=1, seed=1, log=lambda _line: None)
    simulator.stop()
    started = time.monotonic()
    stats = simulator.run()
    assert stats.issued == 0
    assert time.monotonic() - started < 30  # a guard against a run that ignores stop()
    demo_db.dispose()


def test_survives_an_unavailable_database(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from db.errors import DatabaseUnavailable

    failures = iter([True, True, False])
    real_issue = simulate.issue_ticket

    def flaky_issue(*args: object, **kwargs: object) -> object:
        if next(failures, False):
            raise DatabaseUnavailable("connection refused")
        return real_issue(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(simulate, "issue_ticket", flaky_issue)
    monkeypatch.setattr(simulate, "OUTAGE_RETRY_S", 0.01)
    lines: list[str] = []
    Simulator(demo_db, [2], speed=10_000, seed=1, log=lines.append).run(duration=0.5)
    outage = [line for line in lines if "unavailable" in line]
    assert len(outage) == 1  # one line per outage, not per attempt
    assert any("back" in line for line in lines)
    assert statuses(demo_db)[TicketStatus.WAITING] + statuses(demo_db)[TicketStatus.FINISHED] > 0
    demo_db.dispose()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_process_stops_cleanly_on_sigterm(demo_db: Database) -> None:
    url = demo_db.engine.url.render_as_string(hide_password=False)
    demo_db.dispose()
    process = subprocess.Popen(
        [sys.executable, "-m", "walkin.simulate", "--db", url, "--speed", "200", "--seed", "3"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(2)
        assert process.poll() is None
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "simulator: issued" in err
    assert "Traceback" not in err


def test_demo_without_apps_can_simulate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from walkin import demo
    from walkin.cli import main

    monkeypatch.setattr(demo, "SIMULATE_WITHOUT_APPS_S", 0.7)
    # The simulated clock starts at 10:00 of the office's day: started from the real time
    # after 23:25 in Jakarta, x3000 runs past midnight before the first arrival, and the
    # simulator rightly stops there.
    jakarta = ZoneInfo("Asia/Jakarta")
    morning = datetime.combine(datetime.now(jakarta).date(), dt_time(10), jakarta)
    monkeypatch.setattr(demo, "utcnow", lambda: morning.astimezone(UTC))
    url = f"sqlite:///{tmp_path}/d.sqlite3"
    assert main(["--db", url, "demo", "--no-apps", "--simulate", "--speed", "3000"]) == 0
    out = capsys.readouterr().out
    # The first arrival is a walk-in or, more often, a booking checking in.
    assert re.search(r"simulator (issued   |checked  )[A-E]001", out), out
    assert "Loket 2      open     siti" in out
