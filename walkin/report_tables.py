"""The report as named tables of text cells, each narrow enough for a laptop screen and A4.

A table has a stable name (its CSV file's name), machine column names (CSV headers and the
catalogue keys `report.col_<name>`) and a title (`report.t_<name>`). The wide tables of the report
are split in two: the counts with the SLA, and the durations. Durations are minutes, one decimal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from db.rules import words
from db.services.survey import SatisfactionIndex
from db.store.models import SKM_ITEMS
from db.views.reports import Durations, Figures, Report
from db.views.step_reports import StepFigures

COUNT_COLUMNS = ("issued", "served", "no_show", "transferred", "expired")
SLA_COLUMNS = ("within_target", "sla_percent")
WAIT_COLUMNS = ("wait_n", "wait_mean_min", "wait_median_min", "wait_p90_min")
SERVICE_COLUMNS = ("service_n", "service_mean_min", "service_median_min", "service_p90_min")
VISIT_COLUMNS = ("visit_n", "visit_mean_min", "visit_median_min", "visit_p90_min")


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # The line an empty table shows instead of rows: "report.<empty>" in the catalogue.
    empty: str = "no_rows"

    def title(self, lang: str) -> str:
        return words.text("report", f"t_{self.name}", lang)

    def headers(self, lang: str) -> list[str]:
        return [words.text("report", f"col_{column}", lang) for column in self.columns]


def minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f}"


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _durations(d: Durations) -> tuple[str, ...]:
    return (str(d.count), minutes(d.mean), minutes(d.median), minutes(d.p90))


def _sla(figures: Figures | StepFigures) -> tuple[str, str]:
    return str(figures.within_target), _percent(figures.sla_percent)


def _numbers(*values: int) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


def group_name(group: str, lang: str) -> str:
    """ "total", "day", ... as the report's language says it (CSV keeps the machine word)."""
    return words.text("report", f"group_{group}", lang) if lang else group


def _key(figures: Figures, lang: str) -> str:
    """The row's name; the total's "all" in the report's language."""
    if figures.group == "total" and lang:
        return words.text("report", "all", lang)
    return figures.key


def _all_figures(report: Report) -> Iterable[Figures]:
    yield report.total
    for rows in (report.by_day, report.by_service, report.by_counter, report.by_officer):
        yield from rows


def _figures(report: Report, lang: str) -> list[Table]:
    figures = list(_all_figures(report))
    heads = [(group_name(f.group, lang), _key(f, lang)) for f in figures]
    counts = tuple(
        (*head, *_numbers(f.issued, f.served, f.no_show, f.transferred, f.expired), *_sla(f))
        for head, f in zip(heads, figures, strict=True)
    )
    times = tuple(
        (*head, *_durations(f.wait), *_durations(f.service))
        for head, f in zip(heads, figures, strict=True)
    )
    group = ("group", "key")
    return [
        Table("figures_counts", (*group, *COUNT_COLUMNS, *SLA_COLUMNS), counts),
        Table("figures_times", (*group, *WAIT_COLUMNS, *SERVICE_COLUMNS), times),
    ]


def _day_tables(report: Report) -> list[Table]:
    hours = tuple(_numbers(h.hour, h.arrivals, h.calls) for h in report.hours)
    quota = tuple(
        (str(q.day), q.service, str(q.issued), _number(q.quota), _percent(q.percent))
        for q in report.quota
    )
    idle = tuple(
        (str(i.counter), str(i.gaps), f"{i.idle_minutes:.1f}", _percent(i.mean_gap_minutes))
        for i in report.idle
    )
    return [
        Table("hours", ("hour", "arrivals", "calls"), hours),
        Table("quota", ("day", "service", "issued", "quota", "quota_use_percent"), quota),
        Table("idle", ("counter", "gaps", "idle_min", "mean_gap_min"), idle),
    ]


def _grade(index: SatisfactionIndex, lang: str) -> str:
    if not lang:
        return index.grade.letter
    label = index.grade.label_en if lang == "en" else index.grade.label_id
    return f"{index.grade.letter} ({label})"


def _satisfaction(report: Report, lang: str) -> list[Table]:
    rows = report.satisfaction
    indexes = tuple((s.service, str(s.responses), f"{s.index:.2f}", _grade(s, lang)) for s in rows)
    items = tuple((s.service, *(f"{mean:.2f}" for mean in s.item_means)) for s in rows)
    return [
        Table(
            "satisfaction",
            ("service", "responses", "ikm", "grade"),
            indexes,
            "no_responses",
        ),
        Table("satisfaction_items", ("service", *SKM_ITEMS), items, "no_responses"),
    ]


def _steps(report: Report) -> list[Table]:
    head = [(f.service, str(f.step), f.step_code) for f in report.steps]
    counts = tuple(
        (*h, *_numbers(f.calls, f.finished, f.no_show, f.transferred), *_sla(f))
        for h, f in zip(head, report.steps, strict=True)
    )
    times = tuple(
        (f.service, str(f.step), *_durations(f.wait), *_durations(f.service_time))
        for f in report.steps
    )
    step = ("service", "step", "step_code")
    return [
        Table(
            "steps_counts",
            (*step, "calls", "finished", "no_show", "transferred", *SLA_COLUMNS),
            counts,
        ),
        Table("steps_times", ("service", "step", *WAIT_COLUMNS, *SERVICE_COLUMNS), times),
    ]


def _visits(report: Report) -> list[Table]:
    outcomes = tuple((o.service, str(o.step), o.outcome, str(o.count)) for o in report.outcomes)
    visits = tuple(
        (v.service, *_numbers(v.visits, v.walk_in, v.appointment, v.finished), *_durations(v.visit))
        for v in report.visits
    )
    punctuality = tuple(
        (
            p.service,
            *_numbers(p.booked, p.checked_in, p.on_time, p.early, p.late, p.no_show, p.released),
        )
        for p in report.punctuality
    )
    visit_columns = ("service", "visits", "walk_in", "appointment", "finished", *VISIT_COLUMNS)
    punctual = ("booked", "checked_in", "on_time", "early", "late", "no_show", "released")
    return [
        Table("outcomes", ("service", "step", "outcome", "count"), outcomes),
        Table("visits", visit_columns, visits),
        Table("punctuality", ("service", *punctual), punctuality),
    ]


def tables(report: Report, lang: str = "") -> list[Table]:
    """Every table of the report, in order; `lang` words the cells people read ("" = machine)."""
    return [
        *_figures(report, lang),
        *_day_tables(report),
        *_satisfaction(report, lang),
        *_steps(report),
        *_visits(report),
    ]
