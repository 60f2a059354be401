"""`walkin report`: the office's periodic evaluation as a table, CSV files, JSON or one HTML file.

The table and the HTML speak the report's language (`--lang`, Indonesian by default) with human
column headers; CSV (one file per table, `--out DIR`) and JSON keep machine names for scripts and
spreadsheets. Durations are minutes (one decimal) except in JSON (seconds). The HTML file is
self-contained (`walkin.report_html`): its three charts are inline PNG images.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from db.errors import UserError
from db.rules import words
from db.views.reports import Figures, Report, build_report
from walkin.database import opened
from walkin.report_html import render_html, title
from walkin.report_tables import Table, tables


def run(args: argparse.Namespace) -> int:
    if args.end < args.start:
        raise UserError(f"--to {args.end} is before --from {args.start}: swap them")
    if args.office and not args.central:
        raise UserError("--office picks offices of a central database: add --central")
    if args.central:
        from walkin.central_report import run_central

        return run_central(args)
    if args.format == "csv" and not args.out:
        raise UserError("--format csv writes one file per table: name a folder with --out DIR")
    with opened(args) as db:
        report = build_report(db, args.start, args.end, args.service)
    if args.format == "csv":
        for path in write_csv(report, Path(args.out)):
            print(path)
        return 0
    text = RENDERERS[args.format](report, args.lang)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


def render_table(report: Report, lang: str = "id") -> str:
    services = words.text("report", "services", lang, codes=", ".join(report.services))
    lines = [title(report, lang), services, words.text("report", "note", lang)]
    for table in tables(report, lang):
        lines += ["", table.title(lang)]
        if not table.rows:
            lines.append(f"  ({words.text('report', table.empty, lang)})")
            continue
        header = table.headers(lang)
        widths = [max(len(c) for c in column) for column in zip(header, *table.rows, strict=True)]
        for row in (header, *table.rows):
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def csv_text(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([table.columns, *table.rows])
    return out.getvalue()


def write_csv(report: Report, folder: Path) -> list[Path]:
    """One CSV file per table, `<table>.csv` in `folder` (made if missing); the paths written."""
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is a file: --format csv needs a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot make the folder {folder}: {error.strerror}") from None
    written = []
    for table in tables(report):
        path = folder / f"{table.name}.csv"
        path.write_text(csv_text(table), encoding="utf-8")
        written.append(path)
    return written


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


def render_json(report: Report, _lang: str = "id") -> str:
    return json.dumps(report_json(report), default=str, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Report, str], str]] = {
    "table": render_table,
    "json": render_json,
    "html": render_html,
}
