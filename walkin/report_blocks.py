"""The report's sections as blocks of machine-named columns, for `walkin report --central`.

The central report puts the offices' rows side by side under these columns (an `office` column in
front); the office report itself is laid out by `walkin.report_tables`.
"""

from __future__ import annotations

from collections.abc import Sequence

from db.store.models import SKM_ITEMS
from db.views.reports import Durations, Figures, Report

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


def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f}"


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
