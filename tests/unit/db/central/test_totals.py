"""The totals over offices: counts add, means weigh by count, medians stay per office."""

from __future__ import annotations

from datetime import date

import pytest

from db.central.totals import ALL_OFFICES, add_durations, add_satisfaction, totals
from db.services.survey import SatisfactionIndex, grade
from db.views.reports import Durations, Figures, Report
from db.views.step_reports import OutcomeCount, Punctuality, StepFigures, VisitFigures

DAY = date(2026, 11, 27)


def figures(key: str, issued: int, wait: Durations, within: int) -> Figures:
    service = Durations(issued - 1, 300.0, 290.0, 400.0)
    return Figures("service", key, issued, issued - 1, 1, 0, 0, wait, service, within)


def ikm(service: str, responses: int, mean: float) -> SatisfactionIndex:
    index = round(mean * 25, 2)
    return SatisfactionIndex(service, responses, (mean,) * 9, index, grade(index))


def office(issued: int, wait: Durations, within: int, survey: float) -> Report:
    a = figures("A", issued, wait, within)
    step = StepFigures("A", 1, "berkas", issued, issued - 1, 1, 0, wait, wait, within)
    return Report(
        start=DAY,
        end=DAY,
        services=("A",),
        total=Figures("total", "all", *_counts(a)),
        by_day=(),
        by_service=(a,),
        by_counter=(),
        by_officer=(),
        hours=(),
        quota=(),
        satisfaction=(ikm("A", 10, survey), ikm("*", 10, survey)),
        steps=(step,),
        outcomes=(OutcomeCount("A", 1, "selesai", issued - 1),),
        visits=(VisitFigures("A", issued, issued, 0, issued - 1, wait),),
        punctuality=(Punctuality("all", 4, 3, 1, 1, 1, 1, 0),),
    )


def _counts(f: Figures) -> tuple[object, ...]:
    return (
        f.issued,
        f.served,
        f.no_show,
        f.transferred,
        f.expired,
        f.wait,
        f.service,
        f.within_target,
    )


def test_means_weigh_each_office_by_its_count_and_medians_do_not_add() -> None:
    added = add_durations([Durations(1, 60.0, 60.0, 60.0), Durations(3, 120.0, 100.0, 150.0)])
    assert added == Durations(4, 105.0, None, None)


def test_nothing_measured_adds_up_to_nothing() -> None:
    assert add_durations([Durations(0, None, None, None)]) == Durations(0, None, None, None)


def test_every_row_of_the_totals_is_the_sum_of_the_offices_rows() -> None:
    one = office(10, Durations(10, 600.0, 500.0, 900.0), 6, 3.0)
    two = office(30, Durations(30, 200.0, 180.0, 400.0), 27, 4.0)
    total = totals(DAY, DAY, [one, two])
    assert total.total.key == ALL_OFFICES
    assert (total.total.issued, total.total.served, total.total.within_target) == (40, 38, 33)
    assert total.total.wait == Durations(40, 300.0, None, None)
    assert total.total.sla_percent == pytest.approx(82.5)
    assert [(f.key, f.issued) for f in total.by_service] == [("A", 40)]
    assert total.steps[0].calls == 40
    assert total.outcomes == (OutcomeCount("A", 1, "selesai", 38),)
    assert total.visits[0].visits == 40
    assert total.punctuality == (Punctuality("all", 8, 6, 2, 2, 2, 2, 0),)
    assert [s.service for s in total.satisfaction] == ["A", "*"]
    assert total.satisfaction[-1].responses == 20
    assert total.satisfaction[-1].index == pytest.approx(87.5)


def test_the_satisfaction_of_all_offices_weighs_items_by_responses() -> None:
    added = add_satisfaction([ikm("*", 1, 2.0), ikm("*", 3, 4.0)])
    assert added.item_means == (3.5,) * 9
    assert (added.index, added.grade.letter) == (87.5, "B")


def test_an_all_row_stays_last_after_the_services() -> None:
    one = office(10, Durations(10, 60.0, 60.0, 60.0), 10, 3.0)
    late = Report(**{**one.__dict__, "visits": (VisitFigures("B", 1, 1, 0, 1, one.total.wait),)})
    total = totals(DAY, DAY, [one, late])
    assert [v.service for v in total.visits] == ["A", "B"]
    assert [s.service for s in total.satisfaction] == ["A", "*"]
