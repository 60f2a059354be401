"""`walkin backup`/`restore`, `walkin doctor` and `walkin db grant` (walkin/admin.py)."""

from __future__ import annotations

import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import exc, select, text
from sqlalchemy.engine import make_url

from db.errors import UserError
from db.ops.backup import row_counts, tool_major, url_schema
from db.ops.grants import grant_statements
from db.services import calls
from db.services.tickets import issue_ticket
from db.store.engine import Database, open_database, read
from db.store.models import Ticket
from tests.helpers import databases, printers
from ticket_printer.target import parse_printer_url
from walkin import cli, doctor
from walkin.doctor import Check


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`walkin ARGV` through the real parser."""
    parser = cli.build_parser()
    args = parser.parse_args(list(argv))
    try:
        code: int = args.handler(args)
    except UserError as error:
        sys.stderr.write(f"walkin: {error}\n")
        code = cli.EXIT_USER_ERROR
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(db: Database) -> dict[str, Any]:
    with read(db) as session:
        tickets = [
            (t.code, str(t.status), t.priority, t.counter_id)
            for t in session.scalars(select(Ticket).order_by(Ticket.id))
        ]
    return {"counts": row_counts(db), "tickets": tickets}


def busy_morning(db: Database) -> None:
    issue_ticket(db, "A")
    issue_ticket(db, "B", priority="lansia")
    issue_ticket(db, "A")
    issue_ticket(db, "E")
    calls.call_next(db, 1)
    calls.finish(db, 1)
    calls.call_next(db, 2)


@pytest.fixture
def fresh_url(db: Database, tmp_path: Path) -> Iterator[str]:
    """An empty database of the same kind as `db` (on PostgreSQL: a new database)."""
    if db.dialect == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    base = make_url(str(db.url.render_as_string(hide_password=False)))
    name = f"walkin_restore_{uuid.uuid4().hex[:10]}"
    admin_dsn = base.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def need_pg_tools(db: Database) -> None:
    if db.dialect != "postgresql":
        return
    dump = shutil.which("pg_dump")
    if dump is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore not on PATH: install Debian package postgresql-client-15")
    if tool_major(dump) < 15:
        pytest.skip("pg_dump is older than the server (15): install postgresql-client-15")


def test_backup_then_restore_round_trips_every_row(
    db: Database, fresh_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    need_pg_tools(db)
    busy_morning(db)
    before = snapshot(db)
    assert before["counts"]["tickets"] == 4
    assert before["counts"]["events"] > 4
    dest = tmp_path / "office.backup"

    code, out, err = run(capsys, "--db", db.url.render_as_string(False), "backup", str(dest))
    assert (code, err) == (0, ""), err
    assert "4 tickets" in out
    assert dest.is_file()

    code, out, err = run(capsys, "--db", fresh_url, "restore", str(dest))
    assert (code, err) == (0, ""), err
    assert "4 tickets" in out
    restored = open_database(fresh_url)
    try:
        assert snapshot(restored) == before
        # The restored database is usable: the next number follows on.
        assert issue_ticket(restored, "A").ticket.code == "A003"
    finally:
        restored.dispose()


def test_restore_refuses_a_database_with_data_unless_forced(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    need_pg_tools(db)
    url = db.url.render_as_string(hide_password=False)
    issue_ticket(db, "A")
    saved = snapshot(db)
    dest = tmp_path / "office.backup"
    assert run(capsys, "--db", url, "backup", str(dest))[0] == 0
    issue_ticket(db, "B")

    code, out, err = run(capsys, "--db", url, "restore", str(dest))
    assert (code, out) == (1, "")
    assert "is not empty" in err
    assert "--force" in err
    assert err.count("\n") == 1
    assert row_counts(db)["tickets"] == 2  # untouched

    code, out, err = run(capsys, "--db", url, "restore", str(dest), "--force")
    assert (code, err) == (0, ""), err
    assert snapshot(db) == saved


def test_restore_rejects_a_file_that_is_no_backup(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("hello")
    code, out, err = run(capsys, "--db", db_url, "restore", str(junk))
    assert (code, out) == (1, "")
    assert "is not a walkin backup" in err
    code, _, err = run(capsys, "--db", db_url, "restore", str(tmp_path / "missing"))
    assert code == 1
    assert "there is no backup file" in err


def test_backup_keeps_the_password_out_of_argv() -> None:
    from db.ops.backup import _libpq

    uri, env = _libpq(make_url("postgresql+psycopg://u:s3cret@h:5432/d?options=-csearch_path=x"))
    assert "s3cret" not in uri
    assert uri.startswith("postgresql://u@h:5432/d")
    assert env["PGPASSWORD"] == "s3cret"


def test_schema_comes_from_the_url_options() -> None:
    assert url_schema(make_url("postgresql://h/d?options=-csearch_path%3Dwalkin_t_1")) == (
        "walkin_t_1"
    )
    assert url_schema(make_url("postgresql://h/d?options=-c search_path=a,public")) == "a"
    assert url_schema(make_url("postgresql://h/d")) is None


def test_doctor_reports_an_unreachable_printer(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "--db", db_url, "doctor", "--printer", "tcp://127.0.0.1:1", "--no-qt"
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("OK    database URL")
    assert any(line.startswith("OK    schema: up to date") for line in lines)
    (printer,) = [line for line in lines if "printer reachable" in line]
    assert printer.startswith("FAIL")
    assert "tcp://127.0.0.1:1" in printer
    assert "fix:" in printer
    assert lines[-1] == "1 problem(s) found"


def test_doctor_reports_a_wrong_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "--db", "mysql://root@localhost/queue", "doctor", "--printer", "lpt1", "--no-qt"
    )
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0].startswith("FAIL  database URL: unsupported database URL mysql://")
    assert "fix: pass --db sqlite:///PATH" in lines[0]
    assert not any("database reachable" in line for line in lines)
    assert lines[1].startswith("FAIL  printer URL: printer URL 'lpt1'")
    assert lines[-1] == "2 problem(s) found"


def test_doctor_says_when_the_schema_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    code, out, _ = run(capsys, "--db", url, "doctor", "--printer", "none", "--no-qt")
    assert code == 1
    assert "FAIL  schema: no queue schema  -> fix: walkin --db URL init" in out


def test_doctor_qt_checks_print_one_line_each() -> None:
    checks = [doctor.audio_output(), doctor.qt_widgets(), doctor.qt_xcb()]
    for check in checks:
        assert check.line().startswith(("OK  ", "FAIL"))
    assert checks[1].ok, checks[1].detail  # the tests themselves run Qt offscreen


def test_doctor_names_the_missing_xcb_packages() -> None:
    check = doctor.qt_xcb(has=lambda library: library != "libxcb-cursor.so.0")
    assert check == Check(
        "Qt's X11 libraries",
        False,
        "missing libxcb-cursor.so.0",
        "sudo apt-get install -y libxcb-cursor0",
    )


def test_grant_text_has_the_roles_and_a_display_that_writes_only_its_heartbeat(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", db_url, "db", "grant")
    assert code == 0
    for role in ("walkin_kiosk", "walkin_display", "walkin_counter", "walkin_web", "walkin_admin"):
        assert f'"{role}"' in out
    display = [s for s in grant_statements("public") if s.endswith('TO "walkin_display"')]
    assert 'GRANT SELECT ON "public"."tickets" TO "walkin_display"' in display
    assert not any("ALL TABLES" in s and s.startswith("GRANT") for s in display)
    writes = [s for s in display if "INSERT" in s or "UPDATE" in s or "DELETE" in s]
    writes = [s for s in writes if s.startswith("GRANT")]
    assert writes
    assert all('"devices"' in s or '"events"' in s for s in writes), writes
    assert not any("DELETE" in s for s in writes)
    if "sqlite" in db_url:
        assert "SQLite: roles and GRANTs apply to PostgreSQL only" in out


def test_grant_apply_on_sqlite_is_one_line_error(
    sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = databases.sqlite_url(sqlite_template, tmp_path)
    code, out, err = run(capsys, "--db", url, "db", "grant", "--apply")
    assert (code, out) == (1, "")
    assert "has no roles" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_grant_apply_on_postgres_limits_the_display(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    url = db.url.render_as_string(hide_password=False)
    issue_ticket(db, "A")
    code, out, err = run(capsys, "--db", url, "db", "grant", "--apply")
    assert (code, err) == (0, ""), err
    assert "walkin_display" in out
    with db.engine.connect() as conn:
        conn.execute(text("SET ROLE walkin_display"))
        assert conn.execute(text("SELECT count(*) FROM tickets")).scalar_one() == 1
        with pytest.raises(exc.ProgrammingError, match="permission denied"):
            conn.execute(text("UPDATE counters SET name = 'x'"))
        conn.rollback()
        conn.execute(text("SET ROLE walkin_web"))
        with pytest.raises(exc.ProgrammingError, match="permission denied"):
            conn.execute(text("UPDATE tickets SET recall_count = 0"))
        conn.rollback()
        conn.execute(text("SET ROLE walkin_web"))
        conn.execute(
            text(
                "INSERT INTO survey_responses (ticket_id, service_id, business_date, "
                "answered_at, requirements, procedure, timeliness, cost, product, "
                "competence, behaviour, complaints, facilities) SELECT id, service_id, "
                "business_date, issued_at, 4, 4, 4, 4, 4, 4, 4, 4, 4 FROM tickets"
            )
        )
        conn.rollback()
        conn.execute(text("SET ROLE walkin_counter"))
        conn.execute(text("UPDATE counters SET state = state"))
        with pytest.raises(exc.ProgrammingError, match="permission denied"):
            conn.execute(text("UPDATE counters SET name = name"))
        conn.rollback()
        conn.execute(text("SET ROLE walkin_counter"))
        with pytest.raises(exc.ProgrammingError, match="permission denied"):
            conn.execute(text("DELETE FROM tickets"))
        conn.rollback()


@pytest.mark.parametrize(
    ("mode", "verdict"),
    [
        (
            printers.Mode.GOOD,
            "OK    printer reachable: tcp://127.0.0.1:{port} answers: online, paper ok",
        ),
        (printers.Mode.PAPER_OUT, "FAIL  printer reachable: tcp://127.0.0.1:{port}: out of paper"),
        (printers.Mode.SILENT, "FAIL  printer reachable: tcp://127.0.0.1:{port} does not answer"),
        (
            printers.Mode.BLACK_HOLE,
            "FAIL  printer reachable: tcp://127.0.0.1:{port} does not answer",
        ),
    ],
)
def test_doctor_asks_a_network_printer_its_status(mode: printers.Mode, verdict: str) -> None:
    with printers.fake_printer(mode) as printer:
        check = doctor.printer_reachable(parse_printer_url(printer.url), timeout=0.5)
    port = printer.url.rsplit(":", 1)[1]
    assert check.line().startswith(verdict.format(port=port))
