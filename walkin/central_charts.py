"""The charts of `walkin report --central --format html`: the offices compared, bar by bar.

Three horizontal bar charts, one bar per office (sorted by code, so the same office sits in the
same place in each): median wait per ticket, the share called within the target wait, and the
satisfaction index. Drawn like `walkin.report_charts` (matplotlib's Figure API, Agg, inline PNG).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from db.central.report import CentralReport, OfficeReport
from walkin.report_charts import (
    ARRIVALS_COLOUR,
    CALLS_COLOUR,
    DPI,
    LABEL_SIZE,
    QUEUE_COLOUR,
    TICK_SIZE,
    TITLE_SIZE,
    Chart,
)

BAR_HEIGHT_IN = 0.32  # inches per office
WIDTH_IN = 10.0


def _median_wait(office: OfficeReport) -> float | None:
    median = office.report.total.wait.median
    return None if median is None else median / 60


def _sla(office: OfficeReport) -> float | None:
    return office.report.total.sla_percent


def _ikm(office: OfficeReport) -> float | None:
    overall = [s for s in office.report.satisfaction if s.service == "*"]
    return overall[0].index if overall else None


CHARTS: tuple[tuple[str, str, str, Callable[[OfficeReport], float | None]], ...] = (
    ("Median waiting time per ticket (all its steps)", "minutes", ARRIVALS_COLOUR, _median_wait),
    ("Tickets called within the target wait (SLA)", "percent", QUEUE_COLOUR, _sla),
    ("Satisfaction index (IKM, 25-100)", "index", CALLS_COLOUR, _ikm),
)


def central_charts(report: CentralReport) -> list[Chart]:
    return [
        Chart(title, _render(title, unit, colour, [(o.code, value(o)) for o in report.offices]))
        for title, unit, colour, value in CHARTS
    ]


def _render(title: str, unit: str, colour: str, bars: Sequence[tuple[str, float | None]]) -> bytes:
    height = max(2.5, 1.4 + BAR_HEIGHT_IN * len(bars))
    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title, fontsize=TITLE_SIZE)
    axes.tick_params(labelsize=TICK_SIZE)
    axes.grid(axis="x", alpha=0.3)
    axes.set_axisbelow(True)
    _draw(axes, unit, colour, bars)
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def _draw(axes: Axes, unit: str, colour: str, bars: Sequence[tuple[str, float | None]]) -> None:
    axes.set_xlabel(unit, fontsize=LABEL_SIZE)
    labels = [code for code, _ in bars][::-1]  # the first office on top
    values = [value or 0.0 for _, value in bars][::-1]
    drawn = axes.barh(labels, values, color=colour)
    texts = ["no data" if value is None else f"{value:.1f}" for _, value in bars][::-1]
    axes.bar_label(drawn, texts, padding=3, fontsize=TICK_SIZE)
    axes.margins(x=0.15)
    if not bars:
        axes.text(
            0.5,
            0.5,
            "No office",
            ha="center",
            va="center",
            fontsize=LABEL_SIZE,
            transform=axes.transAxes,
        )
