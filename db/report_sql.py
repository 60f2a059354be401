"""What every report section computes the same way: durations, percentiles and local hours.

Median and p90 interpolate between the two nearest ranks, as PostgreSQL's `percentile_cont`
does: of n sorted values v[0..n-1], fraction p gives h = (n - 1) * p and
v[floor(h)] + (h - floor(h)) * (v[floor(h) + 1] - v[floor(h)]). Waits of 10, 20, 30 and 40
minutes give a median of 25 and a p90 of 37. SQLite has no percentile function: there the values
are sorted into a temporary table whose row id is the rank, and the two rows around h are read
(`_sorted_percentiles`; three times faster there than ROW_NUMBER() windows). The dialect
differences are in `Dialect` (durations, local hours) and `percentile_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Column,
    ColumnElement,
    Float,
    Integer,
    MetaData,
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

from db.models import Ticket

PERCENTILES = (0.5, 0.9)


@dataclass(frozen=True)
class Durations:
    """A distribution of durations, in seconds (None when there is nothing to measure)."""

    count: int
    mean: float | None
    median: float | None
    p90: float | None


# SQLite's percentiles: the values of one group column sorted, `pos` being their rank.
SORTED = Table(
    "walkin_report_sorted",
    MetaData(),
    Column("pos", Integer, primary_key=True),
    Column("k", String),
    Column("v", Float),
    prefixes=["TEMPORARY"],
)


class Dialect:
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


def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def percentile_rows(
    session: Session, dialect: Dialect, base: Table, keys: list[str], value: str
) -> dict[tuple[str | None, ...], tuple[float | None, ...]]:
    """Median and p90 of one duration column per group, keyed by the group's key as text.

    On SQLite the group is one column at most (`keys[0]`): combine keys into one first."""
    column = base.c[value]
    cols = [base.c[k] for k in keys]
    if dialect.name == "sqlite":
        return _sorted_percentiles(session, cols[0] if cols else None, column)
    figures = [func.percentile_cont(p).within_group(column) for p in PERCENTILES]
    query = select(*cols, *figures).where(column.is_not(None)).group_by(*cols)
    width = len(keys)
    return {
        text_key(row[:width]): tuple(to_float(v) for v in row[width:])
        for row in session.execute(query)
    }


def _sorted_percentiles(
    session: Session, key: Any | None, column: Any
) -> dict[tuple[str | None, ...], tuple[float | None, ...]]:
    """SQLite, which has no percentile function: sort the values into `SORTED`, whose row id
    is then the rank (INSERT ... SELECT ... ORDER BY numbers the rows in that order), and read
    the two rows around each percentile of each group. Faster there than ROW_NUMBER() windows."""
    connection = session.connection()
    connection.execute(delete(SORTED))
    k = cast(key, String) if key is not None else literal("")
    rows = select(k, column).where(column.is_not(None)).order_by(k, column)
    connection.execute(insert(SORTED).from_select(["k", "v"], rows))
    s = SORTED.c
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
        query = select(groups.c.k, pick).select_from(SORTED).join(groups, inside)
        for group, figure in session.execute(query.group_by(groups.c.k)):
            found.setdefault(group, []).append(to_float(figure))
    return {((g,) if key is not None else ()): tuple(v) for g, v in found.items()}


def text_key(values: Sequence[Any]) -> tuple[str | None, ...]:
    return tuple(None if v is None else str(v) for v in values)


def durations(count: Any, mean: Any, picked: tuple[float | None, ...] | None) -> Durations:
    median, p90 = picked or (None, None)
    return Durations(int(count), to_float(mean), median, p90)


def to_float(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)
