"""The report as one self-contained HTML file that reads on a laptop and prints on A4.

No table is wider than ten columns (`walkin.report_tables` splits the wide ones), the page is at
most 1100 px wide, numbers are right-aligned, and print CSS sets A4 portrait with repeated table
headers, no table row or chart cut between pages, and no backgrounds to waste toner.
"""

from __future__ import annotations

import html

from db.rules import words
from db.views.reports import Report
from walkin.report_charts import charts
from walkin.report_tables import Table, tables

STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:14px;color:#111;margin:0;
 padding:24px;background:#fff}
main{max-width:1100px;margin:0 auto}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
p.meta{margin:2px 0;color:#444}
.scroll{overflow-x:auto}
table{border-collapse:collapse;min-width:50%;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid #ccc;padding:4px 10px;text-align:right;white-space:nowrap}
th{background:#eef1f5;font-weight:600;vertical-align:bottom;white-space:normal}
th.text,td.text{text-align:left}
tbody tr:nth-child(even){background:#f7f8fa}
td.empty{text-align:left;color:#555;font-style:italic}
figure.chart{margin:28px 0}figure.chart h2{margin-top:0}
figure.chart img{max-width:100%;height:auto}
@page{size:A4 portrait;margin:14mm 12mm}
@media print{
 body{padding:0;font-size:9pt}main{max-width:none}
 h1{font-size:14pt}h2{font-size:11pt;break-after:avoid;page-break-after:avoid}
 th{background:none;border-bottom:1.5px solid #000}tbody tr:nth-child(even){background:none}
 th,td{padding:2px 4px}
 thead{display:table-header-group}
 tr,figure.chart{break-inside:avoid;page-break-inside:avoid}
 .scroll{overflow:visible}
}
"""

# Columns holding names rather than numbers: left-aligned.
TEXT_COLUMNS = frozenset({"group", "key", "service", "step_code", "outcome", "grade", "day"})


def _cell(tag: str, column: str, text: str) -> str:
    align = ' class="text"' if column in TEXT_COLUMNS else ""
    return f"<{tag}{align}>{html.escape(text)}</{tag}>"


def table_html(table: Table, lang: str) -> str:
    head = "".join(
        _cell("th", c, h) for c, h in zip(table.columns, table.headers(lang), strict=True)
    )
    if table.rows:
        body = "".join(
            "<tr>"
            + "".join(_cell("td", c, v) for c, v in zip(table.columns, row, strict=True))
            + "</tr>"
            for row in table.rows
        )
    else:
        empty = html.escape(words.text("report", table.empty, lang))
        body = f'<tr><td class="empty" colspan="{len(table.columns)}">{empty}</td></tr>'
    return (
        f'<section id="{table.name}"><h2>{html.escape(table.title(lang))}</h2>'
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div></section>"
    )


def title(report: Report, lang: str) -> str:
    start, end = (words.long_date(day, lang) for day in (report.start, report.end))
    return words.text("report", "title", lang, start=start, end=end)


def render_html(report: Report, lang: str = "id") -> str:
    heading = html.escape(title(report, lang))
    services = words.text("report", "services", lang, codes=", ".join(report.services))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{heading}</title><style>{STYLE}</style></head><body><main>",
        f"<h1>{heading}</h1>",
        f'<p class="meta">{html.escape(services)}</p>',
        f'<p class="meta">{html.escape(words.text("report", "note", lang))}</p>',
    ]
    parts += [table_html(table, lang) for table in tables(report, lang)]
    parts += [chart.html() for chart in charts(report, lang)]
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
