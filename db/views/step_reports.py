"""The report's sections per step of a visit, per visit, and on appointment punctuality.

Every call of a ticket is a `ticket_steps` row, so a step's figures come from there: its wait runs
from the moment the ticket queued for that call (`queued_at`: issue, the end of the previous
step, a transfer or a requeue) to the call; its service from the start of service (else the call)
to its end, for steps that ended `finished`. A step counts under the service it was served in
(after a transfer: the new one). A visit counts under the service it was issued for
(`tickets.series_service_id`), whatever it was transferred to; its time runs from issue to the
end of its last step (the ticket's `finished_at`), for finished visits.

Appointments: a booking of the period that was never checked in is a no-show (released: its
place went to walk-ins at the cut-off); punctuality is the one stored at check-in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    case,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Session

from db.store.models import Appointment, Service, ServiceStep, TicketKind, TicketStep
from db.views.report_sql import (
    Dialect,
    Durations,
    aggregate,
    count_if,
    durations,
)

ALL = "all"
NO_STEP_CODE = "-"


@dataclass(frozen=True)
class StepFigures:
    """The calls of one step of one service's journey."""

    service: str  # the service the step was served in
    step: int  # 1 = the first
    step_code: str  # e.g. "berkas"; "-" for a service without configured steps
    calls: int  # step rows: a recall is the same call, a requeue or transfer a new one
    finished: int
    no_show: int
    transferred: int
    wait: Durations  # queued for this call -> called
    service_time: Durations  # serving (else called) -> end, of finished steps
    within_target: int  # calls whose wait <= the service's target wait

    @property
    def sla_percent(self) -> float | None:
        return None if not self.wait.count else 100.0 * self.within_target / self.wait.count


@dataclass(frozen=True)
class OutcomeCount:
    service: str
    step: int
    outcome: str  # the outcome code the officer chose at Finish
    count: int


@dataclass(frozen=True)
class VisitFigures:
    """Visits issued for one service (or `all`), from issue to the end of the last step."""

    service: str
    visits: int
    walk_in: int
    appointment: int
    finished: int
    visit: Durations  # issued -> end of the last step, of finished visits


@dataclass(frozen=True)
class Punctuality:
    """The bookings of the period for one service (or `all`)."""

    service: str
    booked: int
    checked_in: int
    on_time: int
    early: int
    late: int
    no_show: int  # never checked in
    released: int  # of the no-shows: places given to walk-ins at the cut-off


@dataclass(frozen=True)
class StepSections:
    steps: tuple[StepFigures, ...]
    outcomes: tuple[OutcomeCount, ...]
    visits: tuple[VisitFigures, ...]
    punctuality: tuple[Punctuality, ...]


# Each step row of the period once; `k` is service id * STEP_KEY + step, one column to group the
# percentiles by (SQLite's sorted-table percentiles take one key).
STEP_KEY = 1000
STEPS = Table(
    "walkin_report_steps",
    MetaData(),
    Column("k", Integer),
    Column("service_id", Integer),
    Column("step", Integer),
    Column("ended", String(16)),
    Column("outcome", String(32)),
    Column("wait_s", Float),
    Column("service_s", Float),
    Column("target_s", Float),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)


def step_sections(
    session: Session,
    dialect: Dialect,
    base: Table,
    period: tuple[date, date],
    ids: Sequence[int],
    codes: dict[int, str],
) -> StepSections:
    """Every per-step, per-visit and punctuality figure; `base` is the report's ticket table.

    The step rows are copied once into `STEPS` (gone with the transaction on any error, as the
    ticket table): reading `ticket_steps` for each aggregate took three times as long."""
    connection = session.connection()
    STEPS.create(connection)
    connection.execute(insert(STEPS).from_select(_STEP_COLUMNS, _steps(dialect, period, ids)))
    sections = StepSections(
        steps=_step_figures(session, dialect, codes),
        outcomes=_outcomes(session, codes),
        visits=_visits(session, dialect, base, codes),
        punctuality=_punctuality(session, period, ids, codes),
    )
    if dialect.name == "sqlite":  # PostgreSQL drops it at commit
        STEPS.drop(connection)
    return sections


_STEP_COLUMNS = [c.name for c in STEPS.c]


def _steps(dialect: Dialect, period: tuple[date, date], ids: Sequence[int]) -> Select[Any]:
    s = TicketStep
    key = s.service_id * STEP_KEY + s.step
    begun = func.coalesce(s.serving_at, s.called_at)
    served = case((s.ended == "finished", dialect.seconds(begun, s.ended_at)))
    return (
        select(
            key,
            s.service_id,
            s.step,
            s.ended,
            s.outcome,
            dialect.seconds(s.queued_at, s.called_at),
            served,
            Service.target_wait_minutes * 60,
        )
        .join(Service, Service.id == s.service_id)
        .where(s.business_date.between(*period), s.service_id.in_(ids))
    )


def _step_figures(
    session: Session, dialect: Dialect, codes: dict[int, str]
) -> tuple[StepFigures, ...]:
    c = STEPS.c
    names = {(r.service_id, r.step): r.code for r in session.scalars(select(ServiceStep))}
    query = select(
        c.k,
        c.service_id,
        c.step,
        func.count().label("calls"),
        count_if(c.ended == "finished").label("finished"),
        count_if(c.ended == "no_show").label("no_show"),
        count_if(c.ended == "transferred").label("transferred"),
        count_if(c.wait_s <= c.target_s).label("within_target"),
        func.count(c.wait_s).label("wait_n"),
        func.avg(c.wait_s).label("wait_mean"),
        func.count(c.service_s).label("service_n"),
        func.avg(c.service_s).label("service_mean"),
    ).group_by(c.k, c.service_id, c.step)
    measured = {"wait": c.wait_s, "service": c.service_s}
    rows = [
        StepFigures(
            service=codes[row["service_id"]],
            step=int(row["step"]),
            step_code=names.get((row["service_id"], row["step"]), NO_STEP_CODE),
            calls=int(row["calls"]),
            finished=int(row["finished"]),
            no_show=int(row["no_show"]),
            transferred=int(row["transferred"]),
            wait=durations(row["wait_n"], row["wait_mean"], picked["wait"]),
            service_time=durations(row["service_n"], row["service_mean"], picked["service"]),
            within_target=int(row["within_target"]),
        )
        for row, picked in aggregate(session, dialect, query, c.k, measured)
    ]
    return tuple(sorted(rows, key=lambda f: (f.service, f.step)))


def _outcomes(session: Session, codes: dict[int, str]) -> tuple[OutcomeCount, ...]:
    c = STEPS.c
    query = (
        select(c.service_id, c.step, c.outcome, func.count())
        .where(c.outcome.is_not(None))
        .group_by(c.service_id, c.step, c.outcome)
    )
    found = session.execute(query)
    rows = [OutcomeCount(codes[i], int(step), o, int(n)) for i, step, o, n in found]
    return tuple(sorted(rows, key=lambda r: (r.service, r.step, r.outcome)))


def _visits(
    session: Session, dialect: Dialect, base: Table, codes: dict[int, str]
) -> tuple[VisitFigures, ...]:
    c = base.c
    counts = [
        func.count().label("visits"),
        count_if(c.kind == TicketKind.WALK_IN.value).label("walk_in"),
        count_if(c.kind == TicketKind.APPOINTMENT.value).label("appointment"),
        count_if(c.outcome == "finished").label("finished"),
        func.count(c.visit_s).label("visit_n"),
        func.avg(c.visit_s).label("visit_mean"),
    ]
    result = []
    for keys in ([c.service_id], []):
        found = []
        query = select(*keys, *counts).group_by(*keys)
        for row, picked in aggregate(
            session, dialect, query, next(iter(keys), None), {"visit": c.visit_s}
        ):
            key = tuple(row[k.key] for k in keys)
            visit = durations(row["visit_n"], row["visit_mean"], picked["visit"])
            label = codes[key[0]] if key else ALL
            visits, walk_in, appointment, finished = (
                int(row[n]) for n in ("visits", "walk_in", "appointment", "finished")
            )
            found.append(VisitFigures(label, visits, walk_in, appointment, finished, visit))
        result += sorted(found, key=lambda v: v.service)
    return tuple(r for r in result if r.visits)


def _punctuality(
    session: Session, period: tuple[date, date], ids: Sequence[int], codes: dict[int, str]
) -> tuple[Punctuality, ...]:
    a = Appointment
    never = a.checked_in_at.is_(None)
    counts = [
        func.count(),
        count_if(a.checked_in_at.is_not(None)),
        count_if(a.punctuality == "on_time"),
        count_if(a.punctuality == "early"),
        count_if(a.punctuality == "late"),
        count_if(never),
        count_if(never & a.released_at.is_not(None)),
    ]
    query = select(*counts).where(a.business_date.between(*period), a.service_id.in_(ids))
    per_service = query.add_columns(a.service_id).group_by(a.service_id)
    rows = [
        Punctuality(codes[row[-1]], *(int(n) for n in row[:-1]))
        for row in session.execute(per_service)
    ]
    if not rows:
        return ()
    total = session.execute(query).one()
    return (*sorted(rows, key=lambda r: r.service), Punctuality(ALL, *(int(n) for n in total)))
