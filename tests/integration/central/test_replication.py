"""Three offices replicated into a central cluster: the central report is the offices' reports,
nothing secret leaves an office, and a lost link catches up with nothing lost or doubled.

The clusters are real PostgreSQL servers started for the session (tests.helpers.clusters): an
office cluster holding the three office databases and a central one; each office gets a
simulated day through the real services before it is published and subscribed.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select, text

from db.central.hub import add_office, offices, open_office
from db.central.office import OfficeCodeTaken, publish
from db.central.report import build_central_report
from db.central.status import status
from db.central.totals import add_durations
from db.errors import UserError
from db.services.tickets import issue_ticket
from db.store.engine import Database, read
from db.store.models import Ticket
from db.views.reports import build_report
from tests.helpers.central import (
    caught_up,
    central_counts,
    counts,
    office_source,
    run_cli,
    subscription,
)
from tests.helpers.clusters import wait_until
from tests.helpers.office_day import DAY, OPENS
from tests.integration.central.conftest import Sites


def central_url(sites: Sites) -> str:
    return sites.central.url.render_as_string(hide_password=False)


def test_every_office_arrives_whole_in_a_database_of_its_own(sites: Sites) -> None:
    for code, db in sites.offices.items():
        assert central_counts(sites.central, code) == counts(db)
        assert counts(db)["tickets"] >= 18
    assert [o.code for o in offices(sites.central)] == ["KPA", "MDN", "SBY"]


def test_identical_ticket_ids_and_numbers_of_offices_stay_apart(sites: Sites) -> None:
    first: dict[str, tuple[object, ...]] = {}
    ids: dict[str, set[int]] = {}
    for office in offices(sites.central):
        db = open_office(sites.central, office)
        with read(db) as session:
            rows = session.execute(select(Ticket.id, Ticket.code, Ticket.issued_at)).all()
            identity = session.execute(text("SELECT code FROM central_office")).scalar_one()
        db.dispose()
        assert identity == office.code
        ids[office.code] = {row.id for row in rows}
        first[office.code] = next(tuple(row) for row in rows if row.id == 1)
    assert ids["SBY"] <= ids["MDN"] <= ids["KPA"]  # every office numbers its rows from 1
    assert len(set(first.values())) == 3  # three different tickets with id 1


def test_nothing_secret_leaves_the_office(sites: Sites) -> None:
    db = open_office(sites.central, offices(sites.central, ["KPA"])[0])
    secrets = {
        "tickets": "count(token) + count(idempotency_key)",
        "officers": "count(pin_hash) + count(role) + count(locked_until)",
        "appointments": "count(booking_code)",
        "events": "count(details) + count(device)",
    }
    with db.engine.connect() as conn:
        for table, expression in secrets.items():
            assert conn.execute(text(f"SELECT {expression} FROM {table}")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM officers")).scalar_one() > 0
    db.dispose()
    with read(sites.offices["KPA"]) as session:  # the office itself has them
        assert session.execute(text("SELECT count(token) FROM tickets")).scalar_one() > 0


def test_the_replication_login_reads_only_the_published_columns(sites: Sites) -> None:
    login = sites.office_cluster.libpq("kpa").replace("postgres@", "walkin_repl_kpa@")
    with psycopg.connect(login, autocommit=True) as conn:
        assert conn.execute("SELECT count(code) FROM tickets").fetchone() is not None
        for forbidden in ("SELECT token FROM tickets", "SELECT pin_hash FROM officers"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(forbidden)  # type: ignore[arg-type]


def test_the_central_report_is_each_offices_own_report_and_their_sums(sites: Sites) -> None:
    report = build_central_report(sites.central, DAY, DAY, jobs=2)
    assert [o.code for o in report.offices] == ["KPA", "MDN", "SBY"]
    own = [build_report(db, DAY, DAY) for db in sites.offices.values()]
    for office, mine in zip(report.offices, own, strict=True):
        theirs = office.report
        assert theirs.total == mine.total
        assert theirs.by_service == mine.by_service
        assert (theirs.steps, theirs.outcomes) == (mine.steps, mine.outcomes)
        assert (theirs.visits, theirs.punctuality) == (mine.visits, mine.punctuality)
        assert theirs.satisfaction == mine.satisfaction
    total = report.totals.total
    assert total.issued == sum(r.total.issued for r in own)
    assert (total.served, total.no_show) == (
        sum(r.total.served for r in own),
        sum(r.total.no_show for r in own),
    )
    assert total.within_target == sum(r.total.within_target for r in own)
    assert total.wait == add_durations(r.total.wait for r in own)
    steps = {(s.service, s.step): s for s in report.totals.steps}
    for key, step in steps.items():
        parts = [s for r in own for s in r.steps if (s.service, s.step) == key]
        assert step.calls == sum(s.calls for s in parts)
        assert step.within_target == sum(s.within_target for s in parts)
    outcomes = {(o.service, o.step, o.outcome): o.count for o in report.totals.outcomes}
    assert sum(outcomes.values()) == sum(o.count for r in own for o in r.outcomes)
    assert report.totals.punctuality[-1].booked == sum(r.punctuality[-1].booked for r in own)
    overall = report.totals.satisfaction[-1]
    assert overall.responses == sum(r.satisfaction[-1].responses for r in own)


def test_one_process_or_several_give_the_same_report(sites: Sites) -> None:
    alone = build_central_report(sites.central, DAY, DAY, jobs=1)
    assert alone == build_central_report(sites.central, DAY, DAY, jobs=3)
    assert alone.offices[0].report == build_report(sites.offices["KPA"], DAY, DAY, compared=True)


def test_only_the_offices_asked_for(sites: Sites) -> None:
    report = build_central_report(sites.central, DAY, DAY, ["mdn"])
    assert [o.code for o in report.offices] == ["MDN"]
    assert report.totals.total.issued == report.offices[0].report.total.issued
    with pytest.raises(UserError, match="no office XYZ"):
        build_central_report(sites.central, DAY, DAY, ["XYZ"])


def test_the_command_prints_every_office_and_the_totals(
    sites: Sites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = str(DAY)
    args = ["report", "--central", "--db", central_url(sites), "--from", day, "--to", day]
    assert run_cli(*args) == 0
    table = capsys.readouterr().out
    for code in ("KPA", "MDN", "SBY", "ALL"):
        assert f"\n{code} " in table
    assert run_cli(*args, "--format", "json", "--office", "KPA", "SBY") == 0
    data = json.loads(capsys.readouterr().out)
    assert [o["code"] for o in data["offices"]] == ["KPA", "SBY"]
    issued = [o["report"]["total"]["issued"] for o in data["offices"]]
    assert data["totals"]["total"]["issued"] == sum(issued)
    out = tmp_path / "central.html"
    assert run_cli(*args, "--format", "html", "--out", str(out)) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 3
    assert '<tr class="total"><td>ALL</td>' in page


def test_status_shows_every_office_streaming(
    sites: Sites, capsys: pytest.CaptureFixture[str]
) -> None:
    found = status(sites.central)
    assert [(s.code, s.state, s.errors) for s in found] == [
        ("KPA", "streaming", 0),
        ("MDN", "streaming", 0),
        ("SBY", "streaming", 0),
    ]
    assert all(s.newest_activity is not None for s in found)
    assert run_cli("central", "status", "--db", central_url(sites), "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["state"] for r in rows] == ["streaming"] * 3


def _issue(db: Database, count: int, day_offset: int) -> None:
    start = OPENS + timedelta(days=day_offset)
    for n in range(count):
        issue_ticket(db, "AB"[n % 2], now=start + timedelta(minutes=n))


def test_a_disabled_link_catches_up_with_nothing_lost_or_doubled(sites: Sites) -> None:
    office = sites.offices["MDN"]
    subscription(sites.central, "MDN", "DISABLE")
    try:
        wait_until(lambda: status(sites.central, ["MDN"])[0].state == "disabled")
        before = central_counts(sites.central, "MDN")
        _issue(office, 30, day_offset=1)
        assert counts(office)["tickets"] == before["tickets"] + 30
        assert central_counts(sites.central, "MDN") == before  # nothing crosses meanwhile
    finally:
        subscription(sites.central, "MDN", "ENABLE")
    wait_until(lambda: caught_up(sites.central, "MDN", office))
    _same_tickets(sites, "MDN")
    later = DAY + timedelta(days=1)
    central = build_central_report(sites.central, later, later, ["MDN"])
    assert central.offices[0].report == build_report(office, later, later, compared=True)
    assert central.offices[0].report.total.issued == 30


def test_a_cut_connection_reconnects_by_itself_and_catches_up(sites: Sites) -> None:
    office = sites.offices["SBY"]
    for _ in range(3):  # cut the link while tickets are being issued
        sites.office_cluster.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_replication "
            "WHERE application_name = 'walkin_office_sby'"
        )
        _issue(office, 10, day_offset=2)
    wait_until(lambda: caught_up(sites.central, "SBY", office))
    _same_tickets(sites, "SBY")
    assert status(sites.central, ["SBY"])[0].state == "streaming"


def _same_tickets(sites: Sites, code: str) -> None:
    """The centre holds each of the office's tickets once, as the office has it."""
    query = select(Ticket.id, Ticket.code, Ticket.business_date, Ticket.status).order_by(Ticket.id)
    with read(sites.offices[code]) as session:
        mine = session.execute(query).all()
    db = open_office(sites.central, offices(sites.central, [code])[0])
    with read(db) as session:
        theirs = session.execute(query).all()
    db.dispose()
    assert theirs == mine
    assert len({row.id for row in theirs}) == len(theirs)


def test_adding_an_office_checks_its_code_and_its_publication(sites: Sites) -> None:
    url = central_url(sites)
    source = sites.office_cluster.libpq("kpa")
    with pytest.raises(UserError, match="published as office KPA, not BDG"):
        add_office(sites.central, "BDG", source)
    assert run_cli("central", "add-office", "KPA", "--source", source, "--db", url) == 1
    sites.office_cluster.create_database("unpublished")
    bare = sites.office_cluster.libpq("unpublished")
    assert run_cli("central", "add-office", "XYZ", "--source", bare, "--db", url) == 1


def test_an_office_keeps_the_code_it_was_published_with(sites: Sites) -> None:
    with pytest.raises(OfficeCodeTaken, match="published as office KPA"):
        publish(sites.offices["KPA"], "OTHER")
    assert publish(sites.offices["KPA"], "kpa").code == "KPA"  # again: idempotent


def test_an_office_removed_and_added_again_is_copied_whole_again(sites: Sites) -> None:
    url = central_url(sites)
    assert run_cli("central", "remove-office", "SBY", "--db", url) == 0
    assert [o.code for o in offices(sites.central)] == ["KPA", "MDN"]
    with psycopg.connect(sites.office_cluster.libpq("sby"), autocommit=True) as conn:
        slots = conn.execute("SELECT slot_name FROM pg_replication_slots").fetchall()
    assert ("walkin_central_sby",) not in slots
    source = office_source(sites.office_cluster, "SBY")
    assert run_cli("central", "add-office", "SBY", "--source", source, "--db", url) == 0
    office = sites.offices["SBY"]
    wait_until(lambda: caught_up(sites.central, "SBY", office))
    _same_tickets(sites, "SBY")
