"""The totals over offices: what adds up across office reports, added up.

Counts add; a mean is the mean of all the values behind it (each office's mean weighted by its
count); an SLA share is recomputed from the added counts; the satisfaction index from the item
means weighted by responses. Medians and p90 do not add up: a total has none (each office's own
are in its rows); a median over every office's tickets would need their rows in one database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TypeVar

from db.services.survey import SatisfactionIndex, grade, index_of
from db.store.models import SKM_ITEMS
from db.views.reports import Durations, Figures, Report
from db.views.step_reports import OutcomeCount, Punctuality, StepFigures, VisitFigures

ALL_OFFICES = "all offices"
T = TypeVar("T")
K = TypeVar("K")


def add_durations(parts: Iterable[Durations]) -> Durations:
    measured = [d for d in parts if d.count and d.mean is not None]
    count = sum(d.count for d in measured)
    if not count:
        return Durations(0, None, None, None)
    mean = sum(d.count * (d.mean or 0.0) for d in measured) / count
    return Durations(count, round(mean, 3), None, None)


def add_figures(parts: Sequence[Figures], group: str, key: str) -> Figures:
    return Figures(
        group=group,
        key=key,
        issued=sum(f.issued for f in parts),
        served=sum(f.served for f in parts),
        no_show=sum(f.no_show for f in parts),
        transferred=sum(f.transferred for f in parts),
        expired=sum(f.expired for f in parts),
        wait=add_durations(f.wait for f in parts),
        service=add_durations(f.service for f in parts),
        within_target=sum(f.within_target for f in parts),
    )


def _add_steps(parts: Sequence[StepFigures]) -> StepFigures:
    return replace(
        parts[0],
        calls=sum(s.calls for s in parts),
        finished=sum(s.finished for s in parts),
        no_show=sum(s.no_show for s in parts),
        transferred=sum(s.transferred for s in parts),
        wait=add_durations(s.wait for s in parts),
        service_time=add_durations(s.service_time for s in parts),
        within_target=sum(s.within_target for s in parts),
    )


def _add_outcomes(parts: Sequence[OutcomeCount]) -> OutcomeCount:
    return replace(parts[0], count=sum(o.count for o in parts))


def _add_visits(parts: Sequence[VisitFigures]) -> VisitFigures:
    return VisitFigures(
        parts[0].service,
        visits=sum(v.visits for v in parts),
        walk_in=sum(v.walk_in for v in parts),
        appointment=sum(v.appointment for v in parts),
        finished=sum(v.finished for v in parts),
        visit=add_durations(v.visit for v in parts),
    )


def _add_punctuality(parts: Sequence[Punctuality]) -> Punctuality:
    def total(field: str) -> int:
        return sum(int(getattr(p, field)) for p in parts)

    fields = ("booked", "checked_in", "on_time", "early", "late", "no_show", "released")
    return Punctuality(parts[0].service, *(total(f) for f in fields))


def add_satisfaction(parts: Sequence[SatisfactionIndex]) -> SatisfactionIndex:
    responses = sum(s.responses for s in parts)
    means = tuple(
        round(sum(s.item_means[i] * s.responses for s in parts) / responses, 3)
        for i in range(len(SKM_ITEMS))
    )
    index = index_of(means)
    return SatisfactionIndex(parts[0].service, responses, means, index, grade(index))


def _grouped(
    rows: Iterable[T], key: Callable[[T], K], add: Callable[[Sequence[T]], T], last: K | None = None
) -> tuple[T, ...]:
    """Rows of equal key added up, sorted by key, the `last` key (a section's "all") last."""
    groups: dict[K, list[T]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    keys = sorted((k for k in groups if k != last), key=str)
    if last is not None and last in groups:
        keys.append(last)
    return tuple(add(groups[k]) for k in keys)


def totals(start: date, end: date, reports: Sequence[Report]) -> Report:
    """A report whose every row is the sum over `reports` of the rows of the same key."""
    by_service = [f for r in reports for f in r.by_service]
    return Report(
        start=start,
        end=end,
        services=tuple(sorted({code for r in reports for code in r.services})),
        total=add_figures([r.total for r in reports], "total", ALL_OFFICES),
        by_day=_grouped(
            (f for r in reports for f in r.by_day), lambda f: f.key, _figure_adder("day")
        ),
        by_service=_grouped(by_service, lambda f: f.key, _figure_adder("service")),
        by_counter=(),  # counters and officers belong to one office
        by_officer=(),
        hours=(),
        quota=(),
        satisfaction=_grouped(
            (s for r in reports for s in r.satisfaction), lambda s: s.service, add_satisfaction, "*"
        ),
        steps=_grouped(
            (s for r in reports for s in r.steps), lambda s: (s.service, s.step), _add_steps
        ),
        outcomes=_grouped(
            (o for r in reports for o in r.outcomes),
            lambda o: (o.service, o.step, o.outcome),
            _add_outcomes,
        ),
        visits=_grouped(
            (v for r in reports for v in r.visits), lambda v: v.service, _add_visits, "all"
        ),
        punctuality=_grouped(
            (p for r in reports for p in r.punctuality),
            lambda p: p.service,
            _add_punctuality,
            "all",
        ),
    )


def _figure_adder(group: str) -> Callable[[Sequence[Figures]], Figures]:
    return lambda parts: add_figures(parts, group, parts[0].key)
