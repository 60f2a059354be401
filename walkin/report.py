"""`walkin report`: the office's periodic evaluation as a table, CSV, JSON or one HTML file.

Durations print in minutes (one decimal) in the table, CSV and HTML; JSON keeps seconds. The
sections of the visit as the unit (per step, step outcomes, visits, appointment punctuality)
follow the earlier ones, whose columns are unchanged. The HTML
file is self-contained: its three charts (waiting-time distribution, arrivals against calls per
hour, queue length over the day; `walkin.report_charts`, matplotlib) are inline PNG images.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from db.errors import UserError
from db.models import SKM_ITEMS
from db.reports import Durations, Figures, Report, build_report
from walkin.report_charts import charts

FORMATS = ("table", "csv", "json", "html")
FIGURE_COLUMNS = (
    "group",
    "key",
    "issued",
    "served",
    "no_show",
    "transferred",
    "expired",
    "wait_n",
    "wait_mean_min",
    "wait_median_min",
    "wait_p90_min",
    "service_n",
    "service_mean_min",
    "service_median_min",
    "service_p90_min",
    "within_target",
    "sla_percent",
)
HOUR_COLUMNS = ("hour", "arrivals", "calls")
QUOTA_COLUMNS = ("day", "service", "issued", "quota", "quota_use_percent")
IDLE_COLUMNS = ("counter", "gaps", "idle_min", "mean_gap_min")
SATISFACTION_COLUMNS = ("service", "responses", *SKM_ITEMS, "ikm", "grade")
STEP_COLUMNS = (
    "service",
    "step",
    "step_code",
    "calls",
    "finished",
    "no_show",
    "transferred",
    *FIGURE_COLUMNS[7:],
)
OUTCOME_COLUMNS = ("service", "step", "outcome", "count")
VISIT_COLUMNS = (
    "service",
    "visits",
    "walk_in",
    "appointment",
    "finished",
    "visit_n",
    "visit_mean_min",
    "visit_median_min",
    "visit_p90_min",
)
PUNCTUALITY_COLUMNS = (
    "service",
    "booked",
    "checked_in",
    "on_time",
    "early",
    "late",
    "no_show",
    "released",
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `report` to the `walkin` subcommands."""
    parser = sub.add_parser("report", help="figures of a period: waits, service times, SLA, quota")
    parser.add_argument("--from", dest="start", type=_date, required=True, metavar="DATE")
    parser.add_argument("--to", dest="end", type=_date, required=True, metavar="DATE")
    parser.add_argument(
        "--service", nargs="+", action="extend", metavar="CODE", help="only these services"
    )
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of printing")
    parser.add_argument(
        "--central",
        action="store_true",
        help="--db is a central database: every office side by side, and the totals",
    )
    parser.add_argument(
        "--office", nargs="+", action="extend", metavar="CODE", help="with --central: only these"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(4, os.cpu_count() or 1),
        metavar="N",
        help="with --central: offices reported at once (default: the cores, at most 4)",
    )
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="as `walkin --db`")
    parser.set_defaults(handler=run)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run(args: argparse.Namespace) -> int:
    from walkin.commands import opened  # lazily: it loads the printer stack

    if args.end < args.start:
        raise UserError(f"--to {args.end} is before --from {args.start}: swap them")
    if args.office and not args.central:
        raise UserError("--office picks offices of a central database: add --central")
    if args.central:
        from walkin.central_report import run_central

        return run_central(args)
    with opened(args) as db:
        report = build_report(db, args.start, args.end, args.service)
    text = RENDERERS[args.format](report)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f}"


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _duration_cells(d: Durations) -> list[str]:
    return [str(d.count), _minutes(d.mean), _minutes(d.median), _minutes(d.p90)]


def figure_cells(f: Figures) -> list[str]:
    counts = (f.issued, f.served, f.no_show, f.transferred, f.expired)
    durations = _duration_cells(f.wait) + _duration_cells(f.service)
    cells = [f.group, f.key, *map(str, counts), *durations]
    return [*cells, str(f.within_target), _percent(f.sla_percent)]


def _numbers(*values: int) -> list[str]:
    return [str(v) for v in values]


def visit_blocks(report: Report) -> list[tuple[str, Sequence[str], list[list[str]]]]:
    """The sections of the visit as the unit: per step, outcomes, visits, appointments."""
    steps = [
        [f.service, str(f.step), f.step_code]
        + [str(n) for n in (f.calls, f.finished, f.no_show, f.transferred)]
        + _duration_cells(f.wait)
        + _duration_cells(f.service_time)
        + [str(f.within_target), _percent(f.sla_percent)]
        for f in report.steps
    ]
    outcomes = [[o.service, str(o.step), o.outcome, str(o.count)] for o in report.outcomes]
    visits = [
        [
            v.service,
            *_numbers(v.visits, v.walk_in, v.appointment, v.finished),
            *_duration_cells(v.visit),
        ]
        for v in report.visits
    ]
    punctuality = [
        [
            p.service,
            *_numbers(p.booked, p.checked_in, p.on_time, p.early, p.late, p.no_show, p.released),
        ]
        for p in report.punctuality
    ]
    return [
        ("Per step: the calls of each step (durations in minutes)", STEP_COLUMNS, steps),
        ("Step outcomes", OUTCOME_COLUMNS, outcomes),
        (
            "Visits per service issued: issue to the end of the last step (minutes)",
            VISIT_COLUMNS,
            visits,
        ),
        (
            "Appointments: punctuality at check-in; no-show = never checked in",
            PUNCTUALITY_COLUMNS,
            punctuality,
        ),
    ]


def _figures(report: Report) -> Iterable[Figures]:
    yield report.total
    for rows in (report.by_day, report.by_service, report.by_counter, report.by_officer):
        yield from rows


def _blocks(report: Report) -> list[tuple[str, Sequence[str], list[list[str]]]]:
    figures = [figure_cells(f) for f in _figures(report)]
    hours = [[str(h.hour), str(h.arrivals), str(h.calls)] for h in report.hours]
    quota = [
        [str(q.day), q.service, str(q.issued), _number(q.quota), _percent(q.percent)]
        for q in report.quota
    ]
    idle = [
        [str(i.counter), str(i.gaps), f"{i.idle_minutes:.1f}", _percent(i.mean_gap_minutes)]
        for i in report.idle
    ]
    return [
        ("Figures (durations in minutes)", FIGURE_COLUMNS, figures),
        ("Arrivals and calls per office-local hour", HOUR_COLUMNS, hours),
        ("Quota use", QUOTA_COLUMNS, quota),
        ("Counter idle time (between a ticket's end and the next call)", IDLE_COLUMNS, idle),
        (
            "Satisfaction index (SKM; item means 1-4, IKM 25-100; service * = all)",
            SATISFACTION_COLUMNS,
            satisfaction_cells(report),
        ),
        *visit_blocks(report),
    ]


def satisfaction_cells(report: Report) -> list[list[str]]:
    return [
        [
            s.service,
            str(s.responses),
            *(f"{mean:.2f}" for mean in s.item_means),
            f"{s.index:.2f}",
            f"{s.grade.letter} ({s.grade.label_id})",
        ]
        for s in report.satisfaction
    ]


def _title(report: Report) -> str:
    return f"Walk-in report {report.start} .. {report.end}, services {', '.join(report.services)}"


def render_table(report: Report) -> str:
    lines = [_title(report)]
    for _, header, rows in _blocks(report):
        widths = [max(len(c) for c in column) for column in zip(header, *rows, strict=False)]
        lines.append("")
        for row in (list(header), *rows):
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def render_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for n, (_, header, rows) in enumerate(_blocks(report)):
        if n:
            writer.writerow([])
        writer.writerows([header, *rows])
    return out.getvalue()


def report_json(report: Report) -> dict[str, Any]:
    data = asdict(report)
    for key, figures in (("total", [report.total]), *_grouped(report)):
        items = data[key] if key != "total" else [data["total"]]
        for item, f in zip(items, figures, strict=True):
            item["sla_percent"] = f.sla_percent
    for item, q in zip(data["quota"], report.quota, strict=True):
        item["percent"] = q.percent
    for item, step in zip(data["steps"], report.steps, strict=True):
        item["sla_percent"] = step.sla_percent
    return data


def _grouped(report: Report) -> list[tuple[str, tuple[Figures, ...]]]:
    return [
        ("by_day", report.by_day),
        ("by_service", report.by_service),
        ("by_counter", report.by_counter),
        ("by_officer", report.by_officer),
    ]


def render_json(report: Report) -> str:
    return json.dumps(report_json(report), default=str, ensure_ascii=False, indent=2) + "\n"


def render_html(report: Report) -> str:
    title = html.escape(_title(report))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{title}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:2px 6px;text-align:right}"
        "figure.chart{margin:2em 0}figure.chart img{max-width:100%;height:auto}</style>",
        f"</head><body><h1>{title}</h1>",
    ]
    for caption, header, rows in _blocks(report):
        parts.append(f"<h2>{html.escape(caption)}</h2><table>")
        parts.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
        parts.append("</table>")
    parts += [chart.html() for chart in charts(report)]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {
    "table": render_table,
    "csv": render_csv,
    "json": render_json,
    "html": render_html,
}
