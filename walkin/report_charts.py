"""The charts of `walkin report --format html`, drawn with matplotlib and embedded as PNG.

Uses the object-oriented `Figure` API with the Agg canvas (no pyplot, no global state), so it
works headless. Sizes and fonts are chosen to stay readable on a projector.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from db.rules import words
from db.views.reports import HourCount, Report

SIZE = (10.0, 4.8)  # inches
DPI = 100
TITLE_SIZE = 16
LABEL_SIZE = 14
TICK_SIZE = 12
ARRIVALS_COLOUR = "#1f77b4"
CALLS_COLOUR = "#ff7f0e"
QUEUE_COLOUR = "#2ca02c"


@dataclass(frozen=True)
class Chart:
    title: str
    png: bytes

    def html(self) -> str:
        """The chart as a heading and an inline (data: URL) image: no external reference."""
        title = html.escape(self.title)
        data = base64.b64encode(self.png).decode("ascii")
        image = f'<img alt="{title}" src="data:image/png;base64,{data}">'
        return f'<figure class="chart"><h2>{title}</h2>{image}</figure>'


Drawer = Callable[[Axes, Report, str], None]


def charts(report: Report, lang: str = "id") -> list[Chart]:
    """The report's three charts: wait distribution, arrivals against calls, queue length."""
    drawers: list[tuple[str, Drawer]] = [
        (wait_title(report, lang), _draw_waits),
        (_word("chart_arrivals", lang), _draw_arrivals_calls),
        (queue_title(report, lang), _draw_queue),
    ]
    return [Chart(title, _render(title, draw, report, lang)) for title, draw in drawers]


def _word(key: str, lang: str, **values: object) -> str:
    return words.text("report", key, lang, **values)


def wait_title(report: Report, lang: str = "id") -> str:
    width = report.wait_bins[0].width if report.wait_bins else 5
    return _word("chart_waits", lang, width=width)


def queue_title(report: Report, lang: str = "id") -> str:
    days = len(report.by_day)
    return _word("chart_queue_days", lang, days=days) if days > 1 else _word("chart_queue", lang)


def _render(title: str, draw: Drawer, report: Report, lang: str) -> bytes:
    figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title, fontsize=TITLE_SIZE)
    axes.tick_params(labelsize=TICK_SIZE)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    draw(axes, report, lang)
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def _labels(axes: Axes, x: str, y: str) -> None:
    axes.set_xlabel(x, fontsize=LABEL_SIZE)
    axes.set_ylabel(y, fontsize=LABEL_SIZE)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))


def _nothing(axes: Axes, what: str) -> None:
    axes.text(
        0.5, 0.5, what, ha="center", va="center", fontsize=LABEL_SIZE, transform=axes.transAxes
    )
    axes.set_xticks([])
    axes.set_yticks([])


def _draw_waits(axes: Axes, report: Report, lang: str) -> None:
    _labels(axes, _word("chart_waits_x", lang), _word("chart_tickets", lang))
    bins = report.wait_bins
    if not bins:
        _nothing(axes, _word("chart_no_calls", lang))
        return
    starts = [b.start for b in bins]
    widths = [b.width for b in bins]
    bars = axes.bar(
        starts,
        [b.count for b in bins],
        widths,
        align="edge",
        color=ARRIVALS_COLOUR,
        edgecolor="white",
    )
    axes.bar_label(bars, fontsize=TICK_SIZE)
    end = max(bins[-1].start + bins[-1].width, 6 * bins[0].width)
    axes.set_xlim(0, end)
    axes.set_xticks(range(0, end + 1, bins[0].width * max(1, end // (bins[0].width * 15) + 1)))
    axes.margins(y=0.12)


def hour_range(hours: Sequence[HourCount]) -> list[HourCount]:
    """Every hour from the first to the last with tickets, the hours between with zeros."""
    if not hours:
        return []
    known = {h.hour: h for h in hours}
    span = range(hours[0].hour, hours[-1].hour + 1)
    return [known.get(h, HourCount(h, 0, 0)) for h in span]


def _draw_arrivals_calls(axes: Axes, report: Report, lang: str) -> None:
    _labels(axes, _word("chart_hour", lang), _word("chart_tickets", lang))
    hours = hour_range(report.hours)
    if not hours:
        _nothing(axes, _word("chart_no_tickets", lang))
        return
    x = [h.hour for h in hours]
    arrivals, calls = _word("chart_arrivals_legend", lang), _word("chart_calls_legend", lang)
    axes.bar([n - 0.2 for n in x], [h.arrivals for h in hours], 0.4, label=arrivals)
    axes.bar([n + 0.2 for n in x], [h.calls for h in hours], 0.4, label=calls, color=CALLS_COLOUR)
    axes.set_xticks(x, [f"{n:02d}:00" for n in x])
    axes.set_xlim(x[0] - 1, x[-1] + 1)
    axes.legend(fontsize=TICK_SIZE)


def queue_lengths(hours: Sequence[HourCount], days: int = 1) -> list[tuple[int, float]]:
    """(hour, waiting at the end of it): cumulative arrivals - cumulative calls, per day."""
    waiting, result = 0, list[tuple[int, float]]()
    for h in hour_range(hours):
        waiting += h.arrivals - h.calls
        result.append((h.hour + 1, waiting / max(days, 1)))
    return result


def _draw_queue(axes: Axes, report: Report, lang: str) -> None:
    _labels(axes, _word("chart_queue_x", lang), _word("chart_waiting", lang))
    lengths = queue_lengths(report.hours, len(report.by_day))
    if not lengths:
        _nothing(axes, _word("chart_no_tickets", lang))
        return
    x = [lengths[0][0] - 1, *(hour for hour, _ in lengths)]
    y = [0.0, *(waiting for _, waiting in lengths)]
    axes.plot(x, y, marker="o", linewidth=3, markersize=8, color=QUEUE_COLOUR)
    axes.fill_between(x, y, alpha=0.15, color=QUEUE_COLOUR)
    axes.set_xticks(x, [f"{n:02d}:00" for n in x])
    axes.set_ylim(bottom=0)
