"""Report figures against a hand-computed fixture day, on both backends, and `walkin report`.

The day (2026-11-27, office time WIB = UTC+7; minutes after 09:00 local; targets A 60, B 25):

    ticket  issued  called  serve  end        wait  service  outcome
    A001    0       10 c1   11     16         10    5        finished (budi)
    A002    1       21 c2   -      29         20    8        finished (sari)
    B001    2       32 c1   33     45         30    12       finished (budi), over B's target
    A003    3       43 c2   -      48 (n/s)   40    -        no-show (sari)
    B002    4       50 c1   -      51 -> A    46    -        transferred to A, then expired
    A004    60      -       -      -          -     -        expired (issued 10:00 local)

A visit counts under the service it was issued for: B002 under B, though it ended in A's line,
and its wait for the call at 50 is a wait (46 minutes, over B's target).
Waits 10, 20, 30, 40, 46: mean 29.2, median 30, p90 = 40 + 0.6 * 6 = 43.6 minutes (linear
between ranks, like percentile_cont). Services 5, 8, 12: mean 8.33, median 8, p90 = 8 + 0.8 * 4
= 11.2.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from db.errors import NotFound, UserError
from db.services import calls, counters, days, officers
from db.services.survey import submit_survey
from db.services.tickets import issue_ticket
from db.store import engine
from db.store.models import SKM_ITEMS, Service, Ticket
from db.views import reports
from db.views.reports import Durations, Figures
from walkin import report as report_cli
from walkin import report_charts, report_html, report_tables, subparsers

DAY = date(2026, 11, 27)
T0 = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 09:00 WIB
MIN = 60.0


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def by_key(rows: tuple[Figures, ...]) -> dict[str, Figures]:
    return {row.key: row for row in rows}


@pytest.fixture
def day(db: engine.Database) -> engine.Database:
    with engine.write(db) as session:
        session.execute(update(Service).where(Service.code == "B").values(target_wait_minutes=25))
    officers.add_officer(db, "budi", "Budi")
    officers.add_officer(db, "sari", "Sari")
    for n, service in enumerate("AABAB"):
        issue_ticket(db, service, now=minutes(n))
    issue_ticket(db, "A", now=minutes(60))
    _serve(db, 1, "A001", "budi", (10, 11, 16))
    _serve(db, 2, "A002", "sari", (21, None, 29))
    _serve(db, 1, "B001", "budi", (32, 33, 45))
    calls.call_specific(db, 2, "A003", officer="sari", now=minutes(43))
    calls.mark_no_show(db, 2, now=minutes(48))
    calls.call_specific(db, 1, "B002", officer="budi", now=minutes(50))
    calls.transfer(db, 1, "A", now=minutes(51))
    days.expire_past_days(db, now=minutes(24 * 60))
    return db


def _serve(
    db: engine.Database, counter: int, code: str, officer: str, at: tuple[int, int | None, int]
) -> None:
    called, serving, finished = at
    calls.call_specific(db, counter, code, officer=officer, now=minutes(called))
    if serving is not None:
        calls.start_serving(db, counter, now=minutes(serving))
    calls.finish(db, counter, now=minutes(finished))


def approx_durations(count: int, mean: float, median: float, p90: float) -> Durations:
    return Durations(count, pytest.approx(mean * MIN), median * MIN, pytest.approx(p90 * MIN))  # type: ignore[arg-type]


def counts(row: Figures) -> tuple[int, int, int, int, int]:
    return (row.issued, row.served, row.no_show, row.transferred, row.expired)


def test_totals_of_the_fixture_day(day: engine.Database) -> None:
    result = reports.build_report(day, DAY, DAY)
    total = result.total
    assert counts(total) == (6, 3, 1, 1, 2)
    assert total.wait == approx_durations(5, 29.2, 30, 43.6)
    assert total.service == approx_durations(3, 25 / 3, 8, 11.2)
    assert (total.within_target, total.sla_percent) == (3, 60.0)
    assert [(f.key, counts(f)) for f in result.by_day] == [("2026-11-27", (6, 3, 1, 1, 2))]
    assert result.by_day[0].wait == total.wait


def test_figures_per_service_counter_and_officer(day: engine.Database) -> None:
    result = reports.build_report(day, DAY, DAY)
    services = by_key(result.by_service)
    assert counts(services["A"]) == (4, 2, 1, 0, 1)
    assert services["A"].wait == approx_durations(3, 70 / 3, 20, 36)
    assert services["A"].service == approx_durations(2, 6.5, 6.5, 7.7)
    assert services["A"].sla_percent == 100.0
    assert counts(services["B"]) == (2, 1, 0, 1, 1)  # B002 stays B's visit
    assert services["B"].wait == approx_durations(2, 38, 38, 44.4)
    assert services["B"].sla_percent == 0.0
    counters = by_key(result.by_counter)
    assert counts(counters["1"]) == (2, 2, 0, 0, 0)
    assert counters["1"].wait == approx_durations(2, 20, 20, 28)
    assert counts(counters["2"]) == (2, 1, 1, 0, 0)
    assert counters["2"].wait == approx_durations(2, 30, 30, 38)
    assert counts(counters[reports.NONE_LABEL]) == (2, 0, 0, 1, 2)
    assert counters[reports.NONE_LABEL].wait == approx_durations(1, 46, 46, 46)
    staff = by_key(result.by_officer)
    assert {key: counts(f) for key, f in staff.items()} == {
        "budi": (3, 2, 0, 1, 1),
        "sari": (2, 1, 1, 0, 0),
        reports.NONE_LABEL: (1, 0, 0, 0, 1),
    }
    assert staff["budi"].service == approx_durations(2, 8.5, 8.5, 11.3)


def test_hours_are_office_local_and_quota_use_counts_the_issuing_series(
    day: engine.Database,
) -> None:
    result = reports.build_report(day, DAY, DAY)
    assert [(h.hour, h.arrivals, h.calls) for h in result.hours] == [(9, 5, 4), (10, 1, 0)]
    quota = [(q.service, q.issued, q.quota, q.percent) for q in result.quota]
    assert quota == [("A", 4, 5, 80.0), ("B", 2, None, None)]


def test_a_service_filter_and_an_empty_period(day: engine.Database) -> None:
    only_b = reports.build_report(day, DAY, DAY, ["b"])
    assert only_b.services == ("B",)
    assert counts(only_b.total) == (2, 1, 0, 1, 1)
    assert [(q.service, q.issued) for q in only_b.quota] == [("B", 2)]
    empty = reports.build_report(day, date(2026, 11, 28), date(2026, 11, 30))
    assert counts(empty.total) == (0, 0, 0, 0, 0)
    assert (empty.total.sla_percent, empty.by_day, empty.hours) == (None, (), ())


def test_an_unknown_service_is_a_clear_error(day: engine.Database) -> None:
    with pytest.raises(NotFound, match="no service X"):
        reports.build_report(day, DAY, DAY, ["X"])


def test_median_and_p90_interpolate_like_statistics_inclusive(db: engine.Database) -> None:
    waits = [3, 17, 4, 29, 11, 8, 50]
    services = [2, 9, 1, 4, 7, 3, 5]
    for n, (wait, service) in enumerate(zip(waits, services, strict=True)):
        issue_ticket(db, "B", now=minutes(n))
        calls.call_specific(db, 1, f"B{n + 1:03d}", now=minutes(n + wait))
        calls.finish(db, 1, now=minutes(n + wait + service))
    total = reports.build_report(db, DAY, DAY).total
    for figures, values in ((total.wait, waits), (total.service, services)):
        p90 = statistics.quantiles(values, n=10, method="inclusive")[8]
        assert figures.median == pytest.approx(statistics.median(values) * MIN)
        assert figures.p90 == pytest.approx(p90 * MIN)
        assert figures.mean == pytest.approx(statistics.mean(values) * MIN, abs=1e-3)


def run_cli(db_url: str, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    subparsers.register_report(parser.add_subparsers())
    args = parser.parse_args(["--db", db_url, "report", *argv])
    result: int = args.handler(args)
    return result


def test_the_command_writes_csv_json_and_html(
    day: engine.Database, db_url: str, tmp_path: Path
) -> None:
    period = ("--from", "2026-11-27", "--to", "2026-11-27")
    for fmt in ("json", "html"):
        assert run_cli(db_url, *period, "--format", fmt, "--out", str(tmp_path / f"r.{fmt}")) == 0
    assert run_cli(db_url, *period, "--format", "csv", "--out", str(tmp_path / "csv")) == 0
    rows = list(csv.DictReader((tmp_path / "csv" / "figures_counts.csv").read_text().splitlines()))
    assert (rows[0]["group"], rows[0]["issued"], rows[0]["sla_percent"]) == ("total", "6", "60.0")
    times = list(csv.DictReader((tmp_path / "csv" / "figures_times.csv").read_text().splitlines()))
    assert times[0]["wait_median_min"] == "30.0"
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["total"]["wait"]["p90"] == pytest.approx(43.6 * MIN)
    assert data["hours"][0] == {"hour": 9, "arrivals": 5, "calls": 4}
    html = (tmp_path / "r.html").read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert "<td>60.0</td>" in html
    assert html.count("data:image/png;base64,") == 3


def test_csv_is_one_table_per_file_with_one_header_each(
    day: engine.Database, tmp_path: Path
) -> None:
    report = reports.build_report(day, DAY, DAY)
    written = report_cli.write_csv(report, tmp_path / "out")
    names = [path.name for path in written]
    assert names[:3] == ["figures_counts.csv", "figures_times.csv", "hours.csv"]
    assert "satisfaction.csv" in names
    assert len(set(names)) == len(names)
    for path, table in zip(written, report_tables.tables(report), strict=True):
        lines = path.read_text().splitlines()
        assert lines[0] == ",".join(table.columns)
        assert "" not in lines  # no blank line: nothing stacked below the table
        assert all(len(row) == len(table.columns) for row in csv.reader(lines))


def test_csv_without_a_folder_and_a_reversed_period_are_one_clear_line(
    day: engine.Database, db_url: str, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="one file per table: name a folder with --out DIR"):
        run_cli(db_url, "--from", "2026-11-27", "--to", "2026-11-27", "--format", "csv")
    with pytest.raises(UserError, match="--to 2026-11-26 is before --from 2026-11-27: swap them"):
        run_cli(db_url, "--from", "2026-11-27", "--to", "2026-11-26")
    (tmp_path / "file").write_text("")
    with pytest.raises(UserError, match="is a file: --format csv needs a folder"):
        report_cli.write_csv(reports.build_report(day, DAY, DAY), tmp_path / "file")


def test_the_html_speaks_the_report_language_with_human_headers(day: engine.Database) -> None:
    report = reports.build_report(day, DAY, DAY)
    indonesian = report_html.render_html(report)
    assert '<html lang="id">' in indonesian
    assert "Laporan layanan Jumat, 27 November 2026 s.d. Jumat, 27 November 2026" in indonesian
    assert "<th>Diterbitkan</th>" in indonesian
    assert "<th>Tunggu: median</th>" in indonesian
    assert "_min" not in indonesian
    assert "no_show" not in indonesian
    english = report_html.render_html(report, "en")
    assert "<th>Issued</th>" in english
    assert "<th>Wait: median</th>" in english


def test_no_table_of_the_report_is_wider_than_ten_columns(day: engine.Database) -> None:
    report = reports.build_report(day, DAY, DAY)
    assert max(len(table.columns) for table in report_tables.tables(report)) <= 10
    html = report_html.render_html(report)
    assert "@page{size:A4 portrait" in html
    assert "thead{display:table-header-group}" in html
    assert "max-width:1100px" in html


def test_an_empty_satisfaction_section_says_there_are_no_responses(
    day: engine.Database,
) -> None:
    empty = reports.build_report(day, date(2026, 11, 28), date(2026, 11, 30))
    assert empty.satisfaction == ()
    html = report_html.render_html(empty)
    assert html.count('<td class="empty" colspan="4">Belum ada tanggapan</td>') == 1
    assert html.count('<td class="empty" colspan="10">Belum ada tanggapan</td>') == 1
    assert "No responses yet" in report_html.render_html(empty, "en")
    assert "(No responses yet)" in report_cli.render_table(empty, "en")


def test_waits_are_binned_in_the_database(day: engine.Database) -> None:
    bins = reports.build_report(day, DAY, DAY).wait_bins
    assert [(b.start, b.width, b.count) for b in bins] == [
        (10, 5, 1),
        (20, 5, 1),
        (30, 5, 1),
        (40, 5, 1),
        (45, 5, 1),
    ]
    assert reports.build_report(day, date(2026, 11, 28), date(2026, 11, 28)).wait_bins == ()


CHART_TITLES = (
    "Waiting time distribution (called tickets, 5-minute bins)",
    "Arrivals against calls per office-local hour",
    "Queue length over the day (cumulative arrivals - cumulative calls)",
)


def test_the_html_is_one_self_contained_file_with_three_charts(day: engine.Database) -> None:
    html = report_html.render_html(reports.build_report(day, DAY, DAY), "en")
    assert html.count('<figure class="chart">') == 3
    assert html.count("<img ") == html.count('src="data:image/png;base64,') == 3
    for title in CHART_TITLES:
        assert html.count(f"<h2>{title}</h2>") == 1
    assert "http://" not in html
    assert "https://" not in html
    assert "<script" not in html
    assert "<link" not in html


def test_the_charts_of_an_empty_period_still_render(day: engine.Database) -> None:
    empty = reports.build_report(day, date(2026, 11, 28), date(2026, 11, 30))
    assert [c.title for c in report_charts.charts(empty, "en")] == list(CHART_TITLES)
    assert all(c.png.startswith(b"\x89PNG") for c in report_charts.charts(empty))


def test_queue_length_is_cumulative_arrivals_minus_calls(day: engine.Database) -> None:
    hours = reports.build_report(day, DAY, DAY).hours  # 09: 5 in, 4 called; 10: 1 in
    assert report_charts.queue_lengths(hours) == [(10, 1.0), (11, 2.0)]
    gap = (reports.HourCount(8, 3, 1), reports.HourCount(10, 0, 2))
    assert report_charts.queue_lengths(gap, days=2) == [(9, 1.0), (10, 1.0), (11, 0.0)]


def test_the_command_prints_a_table_for_one_service(
    day: engine.Database, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    period = ("--from", "2026-11-27", "--to", "2026-11-27")
    assert run_cli(db_url, *period, "--service", "B") == 0
    out = capsys.readouterr().out
    assert "Laporan layanan Jumat, 27 November 2026 s.d. Jumat, 27 November 2026" in out
    assert "Layanan: B" in out.splitlines()
    counts, _times = [line for line in out.splitlines() if line.startswith("Total ")]
    assert counts.split()[:4] == ["Total", "semua", "layanan", "2"]


def test_counter_idle_time_runs_from_a_tickets_end_to_the_next_call(
    day: engine.Database,
) -> None:
    # Counter 1: finished at 16, called at 32; finished at 45, called at 50 (16 + 5 minutes).
    # Counter 2: finished at 29, called at 43 (14 minutes); its no-show at 48 has no next call.
    idle = {i.counter: (i.gaps, i.idle_minutes) for i in reports.build_report(day, DAY, DAY).idle}
    assert idle == {1: (2, 21.0), 2: (1, 14.0)}


def test_a_pause_is_not_idle_time(db: engine.Database) -> None:
    issue_ticket(db, "A", now=minutes(0))
    issue_ticket(db, "A", now=minutes(0))
    calls.call_next(db, 1, now=minutes(1))
    calls.finish(db, 1, now=minutes(5))
    counters.pause_counter(db, 1, now=minutes(6))
    counters.resume_counter(db, 1, now=minutes(20))
    calls.call_next(db, 1, now=minutes(22))
    [idle] = reports.build_report(db, DAY, DAY).idle
    assert (idle.counter, idle.gaps, idle.idle_minutes) == (1, 1, 2.0)


def _answer_surveys(db: engine.Database, ratings: dict[str, int]) -> None:
    with engine.read(db) as session:
        tokens = dict(session.execute(select(Ticket.code, Ticket.token)).all())
    for code, rating in ratings.items():
        submit_survey(db, tokens[code], dict.fromkeys(SKM_ITEMS, rating), now=minutes(100))


def test_the_satisfaction_index_per_service_and_overall(
    day: engine.Database, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _answer_surveys(day, {"A001": 4, "A002": 3, "B001": 2})
    rows = {row.service: row for row in reports.build_report(day, DAY, DAY).satisfaction}
    assert {code: (r.responses, r.index, r.grade.letter) for code, r in rows.items()} == {
        "A": (2, 87.5, "B"),
        "B": (1, 50.0, "D"),
        "*": (3, 75.0, "C"),
    }
    only_b = reports.build_report(day, DAY, DAY, ["B"]).satisfaction
    assert [(r.service, r.index) for r in only_b] == [("B", 50.0), ("*", 50.0)]
    assert run_cli(db_url, "--from", "2026-11-27", "--to", "2026-11-27") == 0
    lines = capsys.readouterr().out.splitlines()
    overall = next(line for line in lines if line.startswith("*  "))
    assert overall.split()[-4:] == ["75.00", "C", "(Kurang", "Baik)"]
    report = json.loads(report_cli.render_json(reports.build_report(day, DAY, DAY)))
    assert report["satisfaction"][0]["grade"] == {
        "letter": "B",
        "label_id": "Baik",
        "label_en": "Good",
    }


def test_a_period_without_answers_has_no_index(day: engine.Database) -> None:
    assert reports.build_report(day, DAY, DAY).satisfaction == ()
