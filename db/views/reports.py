"""The office's periodic evaluation: figures computed in the database with SQL aggregates.

A ticket is a visit and counts under the service it was issued for (`series_service_id`), also
after a transfer. Its waiting time is the sum of its waits for each call (`ticket_steps`: queued
for the call -> called), so the service of a first step is never counted as waiting for the
second; its service time the sum of its finished steps' service (serving, else called -> end).
A ticket without step rows (older data) falls back to issue -> (last) call and serving -> finish.
Medians and p90 are those of `db.views.report_sql`; the per-step, per-visit and punctuality sections
are in `db.views.step_reports`.

The per-ticket expressions (outcome, durations, local hours) are evaluated once, into a temporary
table that every aggregate reads; on PostgreSQL the reading role needs the TEMP privilege.
A no-show that is not served later counts as a no-show even after closing the day expired it.

Hours are office-local. SQLite has no time zones, so there each business day's tickets are
shifted by the office's UTC offset at that day's noon (exact unless a DST change falls in office
hours; Indonesia has none).

The waiting-time distribution is counted in the database too: waits in buckets of
`WAIT_BUCKET_MINUTES` (GROUP BY the bucket number), never one row per ticket.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    Float,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    and_,
    case,
    func,
    insert,
    null,
    select,
)
from sqlalchemy.orm import Session

from db.errors import NotFound
from db.services.survey import SatisfactionIndex, satisfaction_rows
from db.store import lookup
from db.store.engine import Database, read
from db.store.models import (
    Counter,
    DailyQuota,
    Event,
    Officer,
    Service,
    ServiceHours,
    Ticket,
    TicketStatus,
    TicketStep,
)
from db.views.idle import CounterIdle, counter_idle
from db.views.report_sql import (
    SORTED,
    Dialect,
    Durations,
    aggregate,
    count_if,
    durations,
)
from db.views.step_reports import (
    OutcomeCount,
    Punctuality,
    StepFigures,
    VisitFigures,
    step_sections,
)

__all__ = ["Durations", "Figures", "OutcomeCount", "Punctuality", "Report", "StepFigures"]
__all__ += ["VisitFigures", "build_report"]
DIMENSIONS = {
    "day": "day",
    "service": "service_id",
    "counter": "counter_id",
    "officer": "officer_id",
}
NONE_LABEL = "-"
WAIT_BUCKET_MINUTES = 5


@dataclass(frozen=True)
class Figures:
    """The figures of one group: a day, a service, a counter, an officer, or everything."""

    group: str  # "total", "day", "service", "counter" or "officer"
    key: str  # e.g. "2026-11-27", "A", "1" (counter number), "budi"; "-" for none
    issued: int
    served: int  # finished
    no_show: int  # marked no-show and not served after (a no-show expires at day end)
    transferred: int  # transferred at least once
    expired: int  # still waiting or called when the day was closed
    wait: Durations  # issued -> called, of called tickets
    service: Durations  # serving (else called) -> finished, of finished tickets
    within_target: int  # called tickets whose wait <= the service's target wait

    @property
    def sla_percent(self) -> float | None:
        """The share of called tickets called within the service's target wait."""
        return None if not self.wait.count else 100.0 * self.within_target / self.wait.count


@dataclass(frozen=True)
class HourCount:
    hour: int  # office-local hour of day, 0-23
    arrivals: int  # tickets issued in that hour
    calls: int  # tickets (last) called in that hour


@dataclass(frozen=True)
class WaitBin:
    """Called tickets whose wait was `start` minutes or more, less than `start + width`."""

    start: int  # minutes, a multiple of `width`
    width: int  # minutes
    count: int


@dataclass(frozen=True)
class QuotaUse:
    day: date
    service: str
    issued: int
    quota: int | None

    @property
    def percent(self) -> float | None:
        return None if not self.quota else 100.0 * self.issued / self.quota


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    services: tuple[str, ...]  # the codes reported on (all when none was asked for)
    total: Figures
    by_day: tuple[Figures, ...]
    by_service: tuple[Figures, ...]
    by_counter: tuple[Figures, ...]
    by_officer: tuple[Figures, ...]
    hours: tuple[HourCount, ...]
    quota: tuple[QuotaUse, ...]
    wait_bins: tuple[WaitBin, ...] = ()  # the waiting-time histogram, empty buckets left out
    idle: tuple[CounterIdle, ...] = ()  # per counter, over the whole period
    # The satisfaction index (IKM) per service with survey answers, then overall ("*").
    satisfaction: tuple[SatisfactionIndex, ...] = ()
    steps: tuple[StepFigures, ...] = ()  # per service and step of its journey
    outcomes: tuple[OutcomeCount, ...] = ()  # per service and step
    visits: tuple[VisitFigures, ...] = ()  # per service issued, then all
    punctuality: tuple[Punctuality, ...] = ()  # appointments per service, then all


def build_report(
    db: Database,
    start: date,
    end: date,
    services: Collection[str] | None = None,
    *,
    compared: bool = False,
) -> Report:
    """Every figure of the business days `start` to `end` (inclusive), of some or all services.

    `compared`: only the sections the central report compares offices by (the overall and
    per-service figures, steps, outcomes, visits, punctuality, satisfaction); the others are
    left empty, which saves two thirds of the queries."""
    with read(db) as session:
        dialect = Dialect(db.dialect, lookup.settings(session).timezone, start, end)
        codes = _service_codes(session)
        ids = _service_ids(codes, services)
        query = _base(dialect, start, end, ids, only=len(ids) < len(codes), hours=not compared)
        base = _materialize(session, dialect, query)
        labels = {"service": dict(codes)} if compared else _labels(session, codes)
        names = ("service",) if compared else tuple(DIMENSIONS)
        groups = {name: _figures(session, dialect, base, name, labels) for name in names}
        sections = step_sections(session, dialect, base, (start, end), ids, codes)
        report = Report(
            start=start,
            end=end,
            services=tuple(codes[i] for i in sorted(ids, key=lambda i: codes[i])),
            total=_figures(session, dialect, base, "total", labels)[0],
            by_day=groups.get("day", ()),
            by_service=groups["service"],
            by_counter=groups.get("counter", ()),
            by_officer=groups.get("officer", ()),
            hours=() if compared else _hours(session, base),
            quota=() if compared else _quota_use(session, start, end, ids),
            wait_bins=() if compared else _wait_bins(session, dialect, base),
            idle=() if compared else counter_idle(session, start, end, dialect.timezone),
            satisfaction=satisfaction_rows(session, start, end, services),
            steps=sections.steps,
            outcomes=sections.outcomes,
            visits=sections.visits,
            punctuality=sections.punctuality,
        )
        if dialect.name == "sqlite":  # PostgreSQL drops them at commit
            for table in _temporary(dialect):
                table.drop(session.connection())
        return report


# Each ticket of the period once, with its keys, outcome and durations: every figure is an
# aggregate over this table, so the costly per-ticket expressions are evaluated only once.
_BASE = Table(
    "walkin_report_base",
    MetaData(),
    Column("day", Date),
    Column("service_id", Integer),
    Column("counter_id", Integer),
    Column("officer_id", Integer),
    Column("kind", String(16)),
    Column("outcome", String(16)),
    Column("transfer_count", Integer),
    Column("wait_s", Float),
    Column("service_s", Float),
    Column("target_s", Float),
    Column("visit_s", Float),
    Column("arrival_hour", Integer),
    Column("call_hour", Integer),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)


def _temporary(dialect: Dialect) -> tuple[Table, ...]:
    return (_BASE, SORTED) if dialect.name == "sqlite" else (_BASE,)


def _materialize(session: Session, dialect: Dialect, query: Select[Any]) -> Table:
    """Fill the temporary tables (gone with the transaction on any error) from the query."""
    connection = session.connection()
    for table in _temporary(dialect):
        table.create(connection)
    connection.execute(insert(_BASE).from_select([c.name for c in _BASE.c], query))
    return _BASE


def _service_codes(session: Session) -> dict[int, str]:
    return {i: code for i, code in session.execute(select(Service.id, Service.code))}


def _service_ids(codes: dict[int, str], wanted: Collection[str] | None) -> list[int]:
    if not wanted:
        return list(codes)
    by_code = {code: service_id for service_id, code in codes.items()}
    unknown = sorted({c.strip().upper() for c in wanted} - set(by_code))
    if unknown:
        raise NotFound(f"there is no service {', '.join(unknown)}")
    return sorted({by_code[c.strip().upper()] for c in wanted})


def _labels(session: Session, codes: dict[int, str]) -> dict[str, dict[Any, str]]:
    counters = session.execute(select(Counter.id, Counter.number))
    officers = session.execute(select(Officer.id, Officer.login))
    return {
        "service": dict(codes),
        "counter": {i: str(number) for i, number in counters},
        "officer": {i: login for i, login in officers},
    }


def _base(
    dialect: Dialect,
    start: date,
    end: date,
    service_ids: Sequence[int],
    *,
    only: bool,
    hours: bool,
) -> Select[Any]:
    """One row per ticket of the period, in the columns of `_BASE` (the local hours left empty
    unless `hours`: two time-zone conversions per ticket that the compared sections never read)."""
    sums = _step_sums(dialect, start, end)
    wait = func.coalesce(sums.wait, dialect.seconds(Ticket.issued_at, Ticket.called_at))
    begun = func.coalesce(Ticket.serving_at, Ticket.called_at)
    served = func.coalesce(sums.service, dialect.seconds(begun, Ticket.finished_at))
    finished = Ticket.status == TicketStatus.FINISHED
    lost = Ticket.status.in_((TicketStatus.NO_SHOW, TicketStatus.EXPIRED))
    marked = select(Event.id).where(Event.ticket_id == Ticket.id, Event.kind == "no_show")
    no_show = and_(lost, marked.exists())
    query = (
        select(
            Ticket.business_date,
            Ticket.series_service_id,
            Ticket.counter_id,
            Ticket.officer_id,
            Ticket.kind,
            case((no_show, "no_show"), else_=Ticket.status),
            Ticket.transfer_count,
            wait,
            case((finished, served)),
            Service.target_wait_minutes * 60,
            # The end of the last step is the ticket's finish.
            case((finished, dialect.seconds(Ticket.issued_at, Ticket.finished_at))),
            dialect.local_hour(Ticket.issued_at) if hours else null(),
            dialect.local_hour(Ticket.called_at) if hours else null(),
        )
        .join(Service, Service.id == Ticket.series_service_id)
        .where(Ticket.business_date.between(start, end))
    )
    if sums.joined is not None:
        query = query.outerjoin(sums.joined, sums.joined.c.ticket_id == Ticket.id)
    return query.where(Ticket.series_service_id.in_(service_ids)) if only else query


@dataclass(frozen=True)
class _StepSums:
    wait: Any  # per ticket: its waits for every call, added up
    service: Any  # and its finished steps' service
    joined: Any  # what the base query joins to read them, if anything


def _step_sums(dialect: Dialect, start: date, end: date) -> _StepSums:
    """Per ticket: its waits for every call, and its finished steps' service, added up.

    A step row has its ticket's business day, so on PostgreSQL the period's step rows are
    grouped by ticket once and hash-joined: a 4,500-visit month's ticket table filled in 16 ms
    instead of 26 with two index probes per ticket. On SQLite correlated subqueries (the
    ticket's few rows, by index) are twice as fast as that join."""
    s = TicketStep
    served = dialect.seconds(func.coalesce(s.serving_at, s.called_at), s.ended_at)
    waited = func.sum(dialect.seconds(s.queued_at, s.called_at))
    finished = func.sum(case((s.ended == "finished", served)))
    if dialect.name == "sqlite":
        mine = s.ticket_id == Ticket.id
        return _StepSums(
            select(waited).where(mine).scalar_subquery(),
            select(finished).where(mine).scalar_subquery(),
            None,
        )
    grouped = (
        select(s.ticket_id, waited.label("wait_s"), finished.label("service_s"))
        .where(s.business_date.between(start, end))
        .group_by(s.ticket_id)
        .subquery("step_sums")
    )
    return _StepSums(grouped.c.wait_s, grouped.c.service_s, grouped)


def _counts(base: Table, keys: list[Any]) -> Select[Any]:
    c = base.c
    return select(
        *keys,
        func.count().label("issued"),
        count_if(c.outcome == "finished").label("served"),
        count_if(c.outcome == "no_show").label("no_show"),
        count_if(c.transfer_count > 0).label("transferred"),
        count_if(c.outcome == "expired").label("expired"),
        count_if(c.wait_s <= c.target_s).label("within_target"),
        func.count(c.wait_s).label("wait_n"),
        func.avg(c.wait_s).label("wait_mean"),
        func.count(c.service_s).label("service_n"),
        func.avg(c.service_s).label("service_mean"),
    ).group_by(*keys)


def _figures(
    session: Session, dialect: Dialect, base: Table, group: str, labels: dict[str, Any]
) -> tuple[Figures, ...]:
    keys = [base.c[DIMENSIONS[group]]] if group in DIMENSIONS else []
    measured = {"wait": base.c.wait_s, "service": base.c.service_s}
    found = aggregate(session, dialect, _counts(base, keys), next(iter(keys), None), measured)
    result = []
    for row, picked in found:
        key = tuple(row[k.key] for k in keys)
        result.append(
            Figures(
                group=group,
                key=_label(group, key, labels),
                issued=int(row["issued"]),
                served=int(row["served"]),
                no_show=int(row["no_show"]),
                transferred=int(row["transferred"]),
                expired=int(row["expired"]),
                wait=durations(row["wait_n"], row["wait_mean"], picked["wait"]),
                service=durations(row["service_n"], row["service_mean"], picked["service"]),
                within_target=int(row["within_target"]),
            )
        )
    if not result and group == "total":
        result.append(_empty())
    return tuple(sorted(result, key=lambda f: f.key))


def _label(group: str, key: tuple[Any, ...], labels: dict[str, Any]) -> str:
    if not key:
        return "all"
    if key[0] is None:
        return NONE_LABEL
    if group == "day":
        return str(key[0])
    return str(labels[group].get(key[0], key[0]))


def _empty() -> Figures:
    nothing = Durations(0, None, None, None)
    return Figures("total", "all", 0, 0, 0, 0, 0, nothing, nothing, 0)


def _hours(session: Session, base: Table) -> tuple[HourCount, ...]:
    counts: dict[str, dict[int, int]] = {}
    for name, hour in (("arrivals", base.c.arrival_hour), ("calls", base.c.call_hour)):
        query = select(hour, func.count()).where(hour.is_not(None)).group_by(hour)
        counts[name] = {int(h): int(n) for h, n in session.execute(query)}
    hours = sorted(set(counts["arrivals"]) | set(counts["calls"]))
    return tuple(
        HourCount(h, counts["arrivals"].get(h, 0), counts["calls"].get(h, 0)) for h in hours
    )


def _wait_bins(session: Session, dialect: Dialect, base: Table) -> tuple[WaitBin, ...]:
    """Called tickets per `WAIT_BUCKET_MINUTES` of waiting, counted with GROUP BY."""
    width = WAIT_BUCKET_MINUTES
    wait = case((base.c.wait_s < 0, 0.0), else_=base.c.wait_s)  # a clock that went back
    bucket = dialect.bucket(wait, width * 60.0).label("bucket")
    query = (
        select(bucket, func.count())
        .where(base.c.wait_s.is_not(None))
        .group_by(bucket)
        .order_by(bucket)
    )
    return tuple(WaitBin(int(b) * width, width, int(n)) for b, n in session.execute(query))


def _quota_use(
    session: Session, start: date, end: date, ids: Sequence[int]
) -> tuple[QuotaUse, ...]:
    """Tickets issued per day and service (the series they were numbered in) against its quota."""
    issued = session.execute(
        select(Ticket.business_date, Ticket.series_service_id, func.count())
        .where(Ticket.business_date.between(start, end), Ticket.series_service_id.in_(ids))
        .group_by(Ticket.business_date, Ticket.series_service_id)
        .order_by(Ticket.business_date, Ticket.series_service_id)
    )
    services = {s.id: s for s in session.scalars(select(Service).where(Service.id.in_(ids)))}
    overrides = {
        (q.business_date, q.service_id): q.quota
        for q in session.scalars(
            select(DailyQuota).where(DailyQuota.business_date.between(start, end))
        )
    }
    weekly = {
        (h.service_id, h.weekday): h.quota
        for h in session.scalars(select(ServiceHours).where(ServiceHours.quota.is_not(None)))
    }
    result = []
    for day, service_id, count in issued:
        service = services[service_id]
        configured = weekly.get((service_id, day.weekday()), service.daily_quota)
        quota = overrides.get((day, service_id), configured)
        result.append(QuotaUse(day, service.code, int(count), quota))
    return tuple(result)
