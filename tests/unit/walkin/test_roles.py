"""Each app runs under its own role of `walkin db grant`, and no role reaches officers' secrets.

PostgreSQL only: every test grants on a fresh schema, makes a LOGIN role in one group and runs
that app's real paths through it (the Starlette app for the web, `walkin status` for the CLI).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import exc, text

from db.errors import AuthenticationFailed
from db.ops import notify
from db.services import calls, counters, days, devices, front_desk, officers, supervisor
from db.services.appointments import import_bookings, release_unused
from db.services.checkin import check_in
from db.services.survey import submit_survey
from db.services.tickets import find_issued, issue_ticket
from db.store import schema
from db.store.engine import Database, write
from db.store.models import SKM_ITEMS, OfficeSettings
from db.views import queries
from db.views.availability import today_availability
from db.views.officer_stats import officer_figures
from db.views.phone import PhoneTicket, phone_ticket
from tests.helpers import databases
from tests.helpers.roles import login_as
from tests.unit.web.appclient import AppClient
from walkin.cli import main
from web.app import create_app
from web.ratelimit import Limits

pytestmark = pytest.mark.postgres

GROUPS = ("walkin_kiosk", "walkin_display", "walkin_counter", "walkin_web")


@pytest.fixture
def db_url() -> Iterator[str]:
    """A migrated, empty schema on PostgreSQL (these tests have no SQLite variant)."""
    with databases.pg_schema_url() as url:
        databases.migrated(url).dispose()
        yield url


@pytest.fixture
def granted(db: Database, capsys: pytest.CaptureFixture[str]) -> Database:
    """The small office with two officers, a called ticket, and the roles granted."""
    officers.add_officer(db, "budi", "Budi Santoso")
    officers.set_pin(db, "budi", "4321")
    officers.add_officer(db, "kepala", "Hendra Wijaya", "supervisor")
    officers.set_pin(db, "kepala", "8642")
    issue_ticket(db, "A")
    issue_ticket(db, "B")
    calls.call_next(db, 2)
    url = db.url.render_as_string(hide_password=False)
    assert main(["--db", url, "db", "grant", "--apply"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    return db


def _status_under(db: Database, capsys: pytest.CaptureFixture[str]) -> str:
    url = db.url.render_as_string(hide_password=False)
    code = main(["--db", url, "status"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return out


@pytest.mark.parametrize("group", GROUPS)
def test_walkin_status_works_under_every_app_role(
    granted: Database, group: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with login_as(granted, group) as app:
        out = _status_under(app, capsys)
    assert "A002" in out or "B001" in out or "Loket 2" in out, out


def test_the_display_reads_its_snapshot_and_writes_its_heartbeat(granted: Database) -> None:
    with login_as(granted, "walkin_display") as app:
        schema.require_current(app)
        snapshot = queries.display_snapshot(app)
        devices.heartbeat(app, "display-test", "display", {"sound": "ok"})
        devices.heartbeat(app, "display-test", "display", {"sound": "failed"})
    busy = [view for view in snapshot.counters if view.current is not None]
    assert [view.number for view in busy] == [2]
    assert snapshot.recent_calls[0].counter_number == 2


@pytest.mark.parametrize("group", GROUPS)
def test_every_app_role_hears_changes(granted: Database, group: str) -> None:
    with login_as(granted, group) as app:
        listener = notify.listen(app)
        try:
            issued = issue_ticket(granted, "B")
            changes = listener.wait(10)
        finally:
            listener.close()
    assert [change.ticket for change in changes] == [issued.ticket.code]


def test_the_web_office_page_and_api_answer_under_the_web_role(granted: Database) -> None:
    token = issue_ticket(granted, "B").token
    with login_as(granted, "walkin_web") as app:
        client = AppClient(create_app(app, limits=Limits(6000, 1000)))
        page, api = client.get("/"), client.get("/api/office")
        ticket = client.get(f"/t/{token}")
        devices.heartbeat(app, "web-test", "web", {})
    assert (page.status_code, api.status_code) == (200, 200), api.text
    assert {c["number"] for c in api.json()["counters"]} == {1, 2, 3}
    assert ticket.status_code == 200


def test_the_web_role_shows_a_finished_ticket_and_stores_its_survey(granted: Database) -> None:
    token = issue_ticket(granted, "E").token
    calls.call_next(granted, 3)
    calls.finish(granted, 3)
    with login_as(granted, "walkin_web") as app:
        submit_survey(app, token, dict.fromkeys(SKM_ITEMS, 4))
        found = phone_ticket(app, token)
    assert isinstance(found, PhoneTicket)
    assert found.survey == "answered"


def test_the_kiosk_shows_services_and_issues_under_the_kiosk_role(granted: Database) -> None:
    with login_as(granted, "walkin_kiosk") as app:
        schema.require_current(app)
        statuses = queries.service_statuses(app)
        queries.office_info(app)
        issued = issue_ticket(app, "B")
        found = find_issued(app, issued.ticket.code)
    assert {s.code for s in statuses} == {"A", "B", "E"}
    assert found.ticket.code == issued.ticket.code


def test_the_kiosk_checks_bookings_in_and_releases_them_under_the_kiosk_role(
    granted: Database,
) -> None:
    now = datetime.now(ZoneInfo("Asia/Jakarta"))
    with write(granted) as session:
        session.get_one(OfficeSettings, 1).appointment_release_at = time(0, 0)
    day = f"{now:%Y-%m-%d}"
    import_bookings(
        granted,
        "booking_code,date,session_start,session_end,service\n"
        f"MP-0001,{day},00:00,23:59,A\nMP-0002,{day},00:00,23:59,B\n",
    )
    with login_as(granted, "walkin_kiosk") as app:
        done = check_in(app, "MP-0001")
        again = check_in(app, "MP-0001")
        released = release_unused(app)
    assert again.issued.ticket.code == done.issued.ticket.code
    assert released.by_service == {"B": 1}


def test_a_counter_signs_in_calls_and_finishes_under_the_counter_role(granted: Database) -> None:
    with login_as(granted, "walkin_counter") as app:
        assert officers.authenticate(app, "budi", "4321").role == "officer"
        with pytest.raises(AuthenticationFailed):
            officers.authenticate(app, "budi", "0000")
        counters.sign_in_at_counter(app, 1, "budi")
        called = calls.call_next(app, 1)
        calls.start_serving(app, 1)
        calls.finish(app, 1)
        queries.waiting_list(app, 1)
        counters.counter_overview(app)
        counters.no_shows(app, 1)
        officer_figures(app, "budi")
        devices.device_statuses(app)
    assert called.counter_number == 1


def _migrate(db: Database, step: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        getattr(command, step)(config, revision)


def test_the_counter_role_still_checks_pins_after_the_pin_function_is_replaced(
    granted: Database,
) -> None:
    """Migration 0009 drops and recreates walkin_check_pin: its EXECUTE grant must survive."""
    _migrate(granted, "downgrade", "0008")
    with login_as(granted, "walkin_counter") as app, app.engine.begin() as conn:
        query = text("SELECT outcome FROM walkin_check_pin('budi', 'x')")  # before 0009: no count
        assert conn.execute(query).scalar_one() == "wrong"
    _migrate(granted, "upgrade", "head")
    with login_as(granted, "walkin_counter") as app:
        with pytest.raises(AuthenticationFailed) as wrong:
            officers.authenticate(app, "budi", "0000")
        assert wrong.value.details["attempts_left"] == 3  # the downgrade kept the count
        assert officers.authenticate(app, "budi", "4321").login == "budi"
    with login_as(granted, "walkin_kiosk") as app:
        _denied(app, "SELECT * FROM walkin_check_pin('budi', 'x')")


def test_an_upgrade_lets_the_counter_role_keep_the_appointment_streak(granted: Database) -> None:
    """Before migration 0011 the counter role could not update `appointment_streak`, which
    every call on PostgreSQL may write; the upgrade gives it to the roles that could update
    the priority streak."""
    issue_ticket(granted, "B")
    _migrate(granted, "downgrade", "0010")
    refused = pytest.raises(exc.ProgrammingError, match="permission denied for table counters")
    with login_as(granted, "walkin_counter") as app, refused:
        calls.call_next(app, 1)
    _migrate(granted, "upgrade", "head")
    with login_as(granted, "walkin_counter") as app:
        assert calls.call_next(app, 1).counter_number == 1


def test_every_counter_action_works_under_the_counter_role(granted: Database) -> None:
    for _ in range(3):
        issue_ticket(granted, "B")
    with login_as(granted, "walkin_counter") as app:
        counters.sign_in_at_counter(app, 1, "budi")
        calls.recall(app, 2)
        missed = calls.mark_no_show(app, 2)
        days.requeue(app, missed.code, keep_place=True, officer="budi")
        called = calls.call_next(app, 2)
        other = "B" if called.service_code == "A" else "A"
        moved = calls.transfer(app, 2, other)
        calls.call_specific(app, 1, _waiting_codes(app)[0])
        supervisor.move_ticket(app, _waiting_codes(app)[0], "A", supervisor="kepala")
        days.cancel_ticket(app, _waiting_codes(app)[-1], supervisor="kepala", reason="test")
        counters.pause_counter(app, 3)
        counters.resume_counter(app, 3)
        calls.mark_no_show(app, 1)
        counters.sign_out_of_counter(app, 1, "budi")
    assert moved.service_code == other


def _waiting_codes(db: Database) -> list[str]:
    return [t.code for t in queries.waiting_list(db, 1)]


def test_a_supervisor_works_under_the_counter_role(granted: Database) -> None:
    with login_as(granted, "walkin_counter") as app:
        assert officers.authenticate(app, "kepala", "8642").role == "supervisor"
        supervisor.set_ticker(app, "Selamat datang", supervisor="kepala")
        supervisor.set_daily_quota(app, "B", 50, supervisor="kepala")
        supervisor.close_service(app, "E", supervisor="kepala")
        supervisor.reopen_service(app, "E", supervisor="kepala")
        controls = supervisor.service_controls(app)
    assert {c.code: c.quota for c in controls}["B"] == 50


def _denied(db: Database, statement: str) -> None:
    with db.engine.connect() as conn, pytest.raises(exc.ProgrammingError, match="permission"):
        conn.execute(text(statement))


@pytest.mark.parametrize("group", GROUPS)
def test_no_app_role_reads_pin_hashes_or_roles(granted: Database, group: str) -> None:
    with login_as(granted, group) as app:
        for column in ("pin_hash", "failed_pins", "locked_until", "role"):
            _denied(app, f"SELECT {column} FROM officers")
        _denied(app, "SELECT * FROM officers")


@pytest.mark.parametrize("group", GROUPS)
def test_no_app_role_writes_officers(granted: Database, group: str) -> None:
    with login_as(granted, group) as app:
        _denied(app, "UPDATE officers SET role = 'supervisor'")
        _denied(app, "UPDATE officers SET pin_hash = NULL")
        _denied(
            app,
            "INSERT INTO officers (login, name, role, failed_pins, active) "
            "VALUES ('x', 'x', 'supervisor', 0, true)",
        )


@pytest.mark.parametrize("group", ["walkin_display", "walkin_web"])
def test_only_the_kiosk_and_counter_roles_read_booking_codes(granted: Database, group: str) -> None:
    with login_as(granted, group) as app:
        _denied(app, "SELECT booking_code FROM appointments")
        _denied(app, "UPDATE appointments SET released_at = now()")


def test_only_the_kiosk_releases_bookings(granted: Database) -> None:
    with login_as(granted, "walkin_counter") as app:
        _denied(app, "UPDATE appointments SET released_at = now()")
        _denied(app, "INSERT INTO released_slots (business_date, service_id, slots) VALUES "
                "(current_date, 1, 1)")  # fmt: skip


def test_the_front_desk_works_under_the_counter_role(granted: Database) -> None:
    """Issue on someone's behalf, check a listed and a trusted booking in, look up, cancel."""
    officers.add_officer(granted, "rina", "Rina Lestari", "front_desk")
    officers.set_pin(granted, "rina", "2468")
    day = f"{datetime.now(ZoneInfo('Asia/Jakarta')):%Y-%m-%d}"
    import_bookings(
        granted,
        f"booking_code,date,session_start,session_end,service\nMP-0001,{day},00:00,23:59,A\n",
    )
    with login_as(granted, "walkin_counter") as app:
        assert officers.authenticate(app, "rina", "2468").role == "front_desk"
        issued = front_desk.issue_on_behalf(
            app, "A", officer="rina", priority="lansia", reason="aged 70", idempotency_key="k"
        )
        again = front_desk.issue_on_behalf(app, "A", officer="rina", idempotency_key="k")
        done = front_desk.check_in_for(app, "MP-0001", officer="rina")
        found = front_desk.look_up(app, issued.ticket.code)
        cancelled = front_desk.cancel_on_request(
            app, issued.ticket.code, officer="rina", reason="went home"
        )
        days_ = today_availability(app)
    assert again.ticket.code == issued.ticket.code
    assert done.issued.ticket.kind == "appointment"
    assert found.ticket.status == "waiting"
    assert cancelled.status == "cancelled"
    assert {day.code for day in days_} >= {"A", "B"}


def test_the_front_desk_trusts_an_unlisted_code_under_the_counter_role(
    granted: Database,
) -> None:
    with write(granted) as session:
        office = session.get(OfficeSettings, 1)
        assert office is not None
        office.appointment_trust_unlisted = True
    officers.add_officer(granted, "rina", "Rina Lestari", "front_desk")
    with login_as(granted, "walkin_counter") as app:
        done = front_desk.check_in_for(app, "MP-7777", officer="rina", service_code="B")
    assert (done.trusted, done.issued.ticket.service_code) == (True, "B")


@pytest.mark.parametrize("group", ["walkin_kiosk", "walkin_display", "walkin_web"])
def test_only_the_counter_role_writes_a_visits_steps(granted: Database, group: str) -> None:
    with login_as(granted, group) as app:
        _denied(app, "UPDATE ticket_steps SET outcome = 'selesai'")


def test_the_display_role_cannot_issue_tickets(granted: Database) -> None:
    with login_as(granted, "walkin_display") as app:
        _denied(
            app,
            "INSERT INTO tickets (business_date, series_service_id, number, code, service_id,"
            " status, source, issued_at, queued_at, recall_count, transfer_count)"
            " SELECT business_date, series_service_id, 99, 'A099', service_id, status, source,"
            " issued_at, queued_at, 0, 0 FROM tickets LIMIT 1",
        )


@pytest.mark.parametrize("group", ["walkin_kiosk", "walkin_display", "walkin_web"])
def test_only_the_counter_role_may_check_pins(granted: Database, group: str) -> None:
    with login_as(granted, group) as app:
        _denied(app, "SELECT * FROM walkin_check_pin('budi', 'x')")
        _denied(app, "SELECT walkin_pin_setting('budi')")


def test_roles_without_a_use_for_a_table_get_nothing_on_it(granted: Database) -> None:
    with login_as(granted, "walkin_kiosk") as app:
        _denied(app, "SELECT count(*) FROM survey_responses")
        _denied(app, "SELECT kind FROM events")
    with login_as(granted, "walkin_display") as app:
        _denied(app, "SELECT count(*) FROM survey_responses")
        _denied(app, "SELECT kind FROM events")
