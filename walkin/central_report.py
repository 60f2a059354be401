"""`walkin report --central`: the offices' reports side by side, then the totals.

Every section of the central report is the office report's section with an `office` column in
front: each office's rows (exactly its own report's rows), then the rows of the totals
(`ALL`, see `db.central.totals`: counts and means add up, medians and p90 stay per office).
The sections are the overall and per-service figures (waiting, service, SLA), the per-step
figures, step outcomes, visits, appointment punctuality and the satisfaction index.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from db.central.report import CentralReport, build_central_report
from db.views.reports import Report
from walkin.central_charts import central_charts
from walkin.database import opened
from walkin.report import report_json
from walkin.report_blocks import (
    FIGURE_COLUMNS,
    SATISFACTION_COLUMNS,
    figure_cells,
    satisfaction_cells,
    visit_blocks,
)

TOTALS_LABEL = "ALL"
Block = tuple[str, Sequence[str], list[list[str]]]


def run_central(args: argparse.Namespace) -> int:
    with opened(args, require_schema=False) as central:
        report = build_central_report(
            central, args.start, args.end, args.office, args.service, jobs=max(1, args.jobs)
        )
    text = CENTRAL_RENDERERS[args.format](report)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


def _sections(report: Report) -> list[Block]:
    figures = [figure_cells(f) for f in (report.total, *report.by_service)]
    return [
        ("Figures, overall and per service (durations in minutes)", FIGURE_COLUMNS, figures),
        *visit_blocks(report),
        (
            "Satisfaction index (SKM; item means 1-4, IKM 25-100; service * = all)",
            SATISFACTION_COLUMNS,
            satisfaction_cells(report),
        ),
    ]


def central_blocks(report: CentralReport) -> list[Block]:
    """Each section once, an `office` column first: every office's rows, then the totals'."""
    labelled = [(o.code, _sections(o.report)) for o in report.offices]
    labelled.append((TOTALS_LABEL, _sections(report.totals)))
    blocks: list[Block] = []
    for n, (caption, header, _) in enumerate(labelled[0][1]):
        rows = [[label, *row] for label, sections in labelled for row in sections[n][2]]
        blocks.append((caption, ("office", *header), rows))
    return blocks


def _title(report: CentralReport) -> str:
    codes = ", ".join(o.code for o in report.offices) or "none"
    return f"Central report {report.start} .. {report.end}, offices {codes}"


def _offices_block(report: CentralReport) -> Block:
    rows = [[o.code, o.name, ", ".join(o.report.services)] for o in report.offices]
    return ("Offices", ("office", "name", "services"), rows)


def render_table(report: CentralReport) -> str:
    lines = [_title(report), "Totals (ALL): counts and means add up; medians and p90 per office"]
    for _, header, rows in [_offices_block(report), *central_blocks(report)]:
        widths = [max(len(c) for c in column) for column in zip(header, *rows, strict=False)]
        lines.append("")
        for row in (list(header), *rows):
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def render_csv(report: CentralReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for n, (_, header, rows) in enumerate(central_blocks(report)):
        if n:
            writer.writerow([])
        writer.writerows([header, *rows])
    return out.getvalue()


def central_json(report: CentralReport) -> dict[str, Any]:
    return {
        "start": report.start,
        "end": report.end,
        "offices": [
            {"code": o.code, "name": o.name, "report": report_json(o.report)}
            for o in report.offices
        ],
        "totals": report_json(report.totals),
    }


def render_json(report: CentralReport) -> str:
    return json.dumps(central_json(report), default=str, ensure_ascii=False, indent=2) + "\n"


def render_html(report: CentralReport) -> str:
    title = html.escape(_title(report))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{title}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:2px 6px;text-align:right}"
        "tr.total td{font-weight:bold;background:#eef}"
        "figure.chart{margin:2em 0}figure.chart img{max-width:100%;height:auto}</style>",
        f"</head><body><h1>{title}</h1>",
        "<p>Rows of office ALL are the totals over the offices: counts and means add up; "
        "medians and p90 are each office's own.</p>",
    ]
    parts += [chart.html() for chart in central_charts(report)]
    for caption, header, rows in [_offices_block(report), *central_blocks(report)]:
        parts.append(f"<h2>{html.escape(caption)}</h2><table>")
        parts.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>")
        for row in rows:
            style = ' class="total"' if row[0] == TOTALS_LABEL else ""
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in row)
            parts.append(f"<tr{style}>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


CENTRAL_RENDERERS: dict[str, Callable[[CentralReport], str]] = {
    "table": render_table,
    "csv": render_csv,
    "json": render_json,
    "html": render_html,
}
