"""The office's periodic evaluation: figures computed in the database with SQL aggregates.

Waiting time runs from issue to the (last) call; service time from the start of service (else the
call) to the finish. Median and p90 interpolate between the two nearest ranks, as PostgreSQL's
`percentile_cont` does: of n sorted values v[0..n-1], fraction p gives h = (n - 1) * p and
v[floor(h)] + (h - floor(h)) * (v[floor(h) + 1] - v[floor(h)]). Waits of 10, 20, 30 and 40
minutes give a median of 25 and a p90 of 37. SQLite has no percentile function: there the values
are sorted into a temporary table whose row id is the rank, and the two rows around h are read
(`_sorted_percentiles`; three times faster there than ROW_NUMBER() windows). The dialect
differences are in `_Dialect` (durations, local hours) and `_percentile_rows`.

The per-ticket expressions (outcome, durations, local hours) are evaluated once, into a temporary
table that every aggregate reads; on PostgreSQL the reading role needs the TEMP privilege.
A no-show that is not served later counts as a no-show even after closing the day expired it.

Hours are office-local. SQLite has no time zones, so there each business day's tickets are
shifted by the office's UTC offset at that day's noon (exact unless a DST change falls in office
hours; Indonesia has none). Counter idle time is not reported yet.

The waiting-time distribution is counted in the database too: waits in buckets of
`WAIT_BUCKET_MINUTES` (GROUP BY the bucket number), never one row per ticket.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Column,
    ColumnElement,
    Date,
    Float,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import Session

from db import lookup
from db.engine import Database, read
from db.errors import NotFound
from db.idle import CounterIdle, counter_idle
from db.models import (
    Counter,
    DailyQuota,
    Event,
    Officer,
    Service,
    ServiceHours,
    Ticket,
    TicketStatus,
)
from db.survey import SatisfactionIndex, satisfaction_rows

PERCENTILES = (0.5, 0.9)
DIMENSIONS = {
    "day": "day",
    "service": "service_id",
    "counter": "counter_id",
    "officer": "officer_id",
}
NONE_LABEL = "-"
WAIT_BUCKET_MINUTES = 5


@dataclass(frozen=True)
class Durations:
    """A distribution of durations, in seconds (None when there is nothing to measure)."""

    count: int
    mean: float | None
    median: float | None
    p90: float | None


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


def build_report(
    db: Database, start: date, end: date, services: Collection[str] | None = None
) -> Report:
    """Every figure of the business days `start` to `end` (inclusive), of some or all services."""
    with read(db) as session:
        dialect = _Dialect(db.dialect, lookup.settings(session).timezone, start, end)
        codes = _service_codes(session)
        ids = _service_ids(codes, services)
        query = _base(dialect, start, end, ids, only=len(ids) < len(codes))
        base = _materialize(session, dialect, query)
        labels = _labels(session, codes)
        groups = {name: _figures(session, dialect, base, name, labels) for name in DIMENSIONS}
        report = Report(
            start=start,
            end=end,
            services=tuple(codes[i] for i in sorted(ids, key=lambda i: codes[i])),
            total=_figures(session, dialect, base, "total", labels)[0],
            by_day=groups["day"],
            by_service=groups["service"],
            by_counter=groups["counter"],
            by_officer=groups["officer"],
            hours=_hours(session, base),
            quota=_quota_use(session, start, end, ids),
            wait_bins=_wait_bins(session, dialect, base),
            idle=counter_idle(session, start, end, dialect.timezone),
            satisfaction=satisfaction_rows(session, start, end, services),
        )
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
    Column("outcome", String(16)),
    Column("transfer_count", Integer),
    Column("wait_s", Float),
    Column("service_s", Float),
    Column("target_s", Float),
    Column("arrival_hour", Integer),
    Column("call_hour", Integer),
    prefixes=["TEMPORARY"],
)


# SQLite's percentiles: the values of one group column sorted, `pos` being their rank.
_SORTED = Table(
    "walkin_report_sorted",
    MetaData(),
    Column("pos", Integer, primary_key=True),
    Column("k", String),
    Column("v", Float),
    prefixes=["TEMPORARY"],
)


def _temporary(dialect: _Dialect) -> tuple[Table, ...]:
    return (_BASE, _SORTED) if dialect.name == "sqlite" else (_BASE,)


def _materialize(session: Session, dialect: _Dialect, query: Select[Any]) -> Table:
    """Fill the temporary tables (gone with the transaction on any error) from the query."""
    connection = session.connection()
    for table in _temporary(dialect):
        table.create(connection)
    connection.execute(insert(_BASE).from_select([c.name for c in _BASE.c], query))
    return _BASE


class _Dialect:
    """What SQLite and PostgreSQL spell differently: durations, percentiles and local hours."""

    def __init__(self, name: str, timezone: str, start: date, end: date) -> None:
        self.name = name
        self.timezone = timezone
        self.offsets = {
            start + timedelta(days=n): _offset_minutes(start + timedelta(days=n), timezone)
            for n in range((end - start).days + 1)
        }

    def seconds(self, begin: Any, finish: Any) -> ColumnElement[Any]:
        if self.name == "sqlite":
            return func.round((func.julianday(finish) - func.julianday(begin)) * 86400.0, 3)
        return cast(func.extract("epoch", finish - begin), Float)

    def bucket(self, value: Any, width: float) -> ColumnElement[Any]:
        """The bucket number of a non-negative value: floor(value / width)."""
        if self.name == "sqlite":  # CAST truncates there (floors a value >= 0); no floor()
            return cast(value / width, Integer)
        return cast(func.floor(value / width), Integer)  # CAST alone rounds there

    def local_hour(self, moment: Any) -> ColumnElement[Any]:
        if self.name != "sqlite":
            return cast(func.extract("hour", func.timezone(self.timezone, moment)), Integer)
        minutes: Any = literal(next(iter(self.offsets.values()), 0))
        if len(set(self.offsets.values())) > 1:
            minutes = case(self.offsets, value=Ticket.business_date, else_=minutes)
        shift = func.printf("%+d minutes", minutes)
        return cast(func.strftime("%H", moment, shift), Integer)


def _offset_minutes(day: date, timezone: str) -> int:
    noon = datetime.combine(day, time(12), ZoneInfo(timezone))
    offset = noon.utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)


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
    dialect: _Dialect, start: date, end: date, service_ids: Sequence[int], *, only: bool
) -> Select[Any]:
    """One row per ticket of the period, in the columns of `_BASE`."""
    wait = dialect.seconds(Ticket.issued_at, Ticket.called_at)
    begun = func.coalesce(Ticket.serving_at, Ticket.called_at)
    finished = Ticket.status == TicketStatus.FINISHED
    lost = Ticket.status.in_((TicketStatus.NO_SHOW, TicketStatus.EXPIRED))
    marked = select(Event.id).where(Event.ticket_id == Ticket.id, Event.kind == "no_show")
    no_show = and_(lost, marked.exists())
    query = (
        select(
            Ticket.business_date,
            Ticket.service_id,
            Ticket.counter_id,
            Ticket.officer_id,
            case((no_show, "no_show"), else_=Ticket.status),
            Ticket.transfer_count,
            wait,
            case((finished, dialect.seconds(begun, Ticket.finished_at))),
            Service.target_wait_minutes * 60,
            dialect.local_hour(Ticket.issued_at),
            dialect.local_hour(Ticket.called_at),
        )
        .join(Service, Service.id == Ticket.service_id)
        .where(Ticket.business_date.between(start, end))
    )
    return query.where(Ticket.service_id.in_(service_ids)) if only else query


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _counts(base: Table, keys: list[Any]) -> Select[Any]:
    c = base.c
    return select(
        *keys,
        func.count().label("issued"),
        _count_if(c.outcome == "finished").label("served"),
        _count_if(c.outcome == "no_show").label("no_show"),
        _count_if(c.transfer_count > 0).label("transferred"),
        _count_if(c.outcome == "expired").label("expired"),
        _count_if(c.wait_s <= c.target_s).label("within_target"),
        func.count(c.wait_s).label("wait_n"),
        func.avg(c.wait_s).label("wait_mean"),
        func.count(c.service_s).label("service_n"),
        func.avg(c.service_s).label("service_mean"),
    ).group_by(*keys)


def _percentile_rows(
    session: Session, dialect: _Dialect, base: Table, keys: list[str], value: str
) -> dict[tuple[str | None, ...], tuple[float | None, ...]]:
    """Median and p90 of one duration column per group, keyed by the group's key as text."""
    column = base.c[value]
    cols = [base.c[k] for k in keys]
    if dialect.name == "sqlite":
        return _sorted_percentiles(session, cols[0] if cols else None, column)
    figures = [func.percentile_cont(p).within_group(column) for p in PERCENTILES]
    query = select(*cols, *figures).where(column.is_not(None)).group_by(*cols)
    width = len(keys)
    return {
        _text_key(row[:width]): tuple(_float(v) for v in row[width:])
        for row in session.execute(query)
    }


def _sorted_percentiles(
    session: Session, key: Any | None, column: Any
) -> dict[tuple[str | None, ...], tuple[float | None, ...]]:
    """SQLite, which has no percentile function: sort the values into `_SORTED`, whose row id
    is then the rank (INSERT ... SELECT ... ORDER BY numbers the rows in that order), and read
    the two rows around each percentile of each group. Faster there than ROW_NUMBER() windows."""
    connection = session.connection()
    connection.execute(delete(_SORTED))
    k = cast(key, String) if key is not None else literal("")
    rows = select(k, column).where(column.is_not(None)).order_by(k, column)
    connection.execute(insert(_SORTED).from_select(["k", "v"], rows))
    s = _SORTED.c
    groups = (
        select(s.k, func.min(s.pos).label("first"), func.count().label("n"))
        .group_by(s.k)
        .subquery("groups")
    )
    found: dict[str | None, list[float | None]] = {}
    for fraction in PERCENTILES:
        h = (groups.c.n - 1) * fraction
        low = groups.c.first + cast(h, Integer)  # h >= 0: CAST truncates, i.e. floors
        share = h - cast(h, Integer)
        pick = func.sum(case((s.pos == low, s.v * (1 - share)), else_=s.v * share))
        inside = and_(s.pos.between(low, low + 1), s.pos < groups.c.first + groups.c.n)
        query = select(groups.c.k, pick).select_from(_SORTED).join(groups, inside)
        for group, figure in session.execute(query.group_by(groups.c.k)):
            found.setdefault(group, []).append(_float(figure))
    return {((g,) if key is not None else ()): tuple(v) for g, v in found.items()}


def _text_key(values: Sequence[Any]) -> tuple[str | None, ...]:
    return tuple(None if v is None else str(v) for v in values)


def _figures(
    session: Session, dialect: _Dialect, base: Table, group: str, labels: dict[str, Any]
) -> tuple[Figures, ...]:
    keys = [DIMENSIONS[group]] if group in DIMENSIONS else []
    waits = _percentile_rows(session, dialect, base, keys, "wait_s")
    services = _percentile_rows(session, dialect, base, keys, "service_s")
    rows = session.execute(_counts(base, [base.c[k] for k in keys])).mappings().all()
    result = []
    for row in rows:
        key = tuple(row[k] for k in keys)
        text = _text_key(key)
        result.append(
            Figures(
                group=group,
                key=_label(group, key, labels),
                issued=int(row["issued"]),
                served=int(row["served"]),
                no_show=int(row["no_show"]),
                transferred=int(row["transferred"]),
                expired=int(row["expired"]),
                wait=_durations(row["wait_n"], row["wait_mean"], waits.get(text)),
                service=_durations(row["service_n"], row["service_mean"], services.get(text)),
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


def _durations(count: Any, mean: Any, picked: tuple[float | None, ...] | None) -> Durations:
    median, p90 = picked or (None, None)
    return Durations(int(count), _float(mean), median, p90)


def _empty() -> Figures:
    nothing = Durations(0, None, None, None)
    return Figures("total", "all", 0, 0, 0, 0, 0, nothing, nothing, 0)


def _float(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)


def _hours(session: Session, base: Table) -> tuple[HourCount, ...]:
    counts: dict[str, dict[int, int]] = {}
    for name, hour in (("arrivals", base.c.arrival_hour), ("calls", base.c.call_hour)):
        query = select(hour, func.count()).where(hour.is_not(None)).group_by(hour)
        counts[name] = {int(h): int(n) for h, n in session.execute(query)}
    hours = sorted(set(counts["arrivals"]) | set(counts["calls"]))
    return tuple(
        HourCount(h, counts["arrivals"].get(h, 0), counts["calls"].get(h, 0)) for h in hours
    )


def _wait_bins(session: Session, dialect: _Dialect, base: Table) -> tuple[WaitBin, ...]:
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
