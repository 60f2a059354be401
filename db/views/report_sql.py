"""What every report section computes the same way: durations, percentiles and local hours.

Median and p90 interpolate between the two nearest ranks, as PostgreSQL's `percentile_cont`
does: of n sorted values v[0..n-1], fraction p gives h = (n - 1) * p and
v[floor(h)] + (h - floor(h)) * (v[floor(h) + 1] - v[floor(h)]). Waits of 10, 20, 30 and 40
minutes give a median of 25 and a p90 of 37. SQLite has no percentile function: there the values
are sorted into a temporary table whose row id is the rank, and the two rows around h are read
(`_sorted_percentiles`; three times faster there than ROW_NUMBER() windows). The dialect
differences are in `Dialect` (durations, local hours) and `aggregate`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    RowMapping,
    Select,
    String,
    Table,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import Session

from db.store.models import Ticket

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


Picked = dict[str, tuple[float | None, ...]]  # per measured expression: its median and p90


def aggregate(
    session: Session,
    dialect: Dialect,
    query: Select[Any],
    key: Any | None,
    measured: Mapping[str, Any],
) -> list[tuple[RowMapping, Picked]]:
    """The rows of an aggregate `query` grouped by `key` (or by nothing), each with the median
    and p90 of every `measured` expression over its group's rows (NULLs left out).

    On PostgreSQL the percentiles are columns of the same statement (ordered-set aggregates skip
    NULLs); on SQLite each expression takes one sorted pass of its own. `query` must group by
    `key` at least (more columns are fine if `key` determines them) and read the same rows as
    the measured expressions."""
    if dialect.name == "sqlite":
        found = {name: _sorted_percentiles(session, key, v) for name, v in measured.items()}
        rows = session.execute(query).mappings().all()
        return [
            (row, {n: p.get(_key_of(row, key), NO_PERCENTILES) for n, p in found.items()})
            for row in rows
        ]
    columns = [
        func.percentile_cont(fraction).within_group(value).label(f"{name}_p{n}")
        for name, value in measured.items()
        for n, fraction in enumerate(PERCENTILES)
    ]
    rows = session.execute(query.add_columns(*columns)).mappings().all()
    return [
        (
            row,
            {
                name: tuple(to_float(row[f"{name}_p{n}"]) for n in range(len(PERCENTILES)))
                for name in measured
            },
        )
        for row in rows
    ]


NO_PERCENTILES: tuple[float | None, ...] = (None,) * len(PERCENTILES)


def _key_of(row: RowMapping, key: Any | None) -> tuple[str | None, ...]:
    return text_key([row[key.key]]) if key is not None else ()


def _sorted_percentiles(
    session: Session, key: Any | None, column: Any
) -> dict[tuple[str | None, ...], tuple[float | None, ...]]:
    """SQLite, which has no percentile function: sort the values into `SORTED`, whose row id
    is then the rank (INSERT ... SELECT ... ORDER BY numbers the rows in that order), and read
    the two rows around each percentile of each group (picked by rank: row id lookups).
    Faster there than ROW_NUMBER() windows."""
    connection = session.connection()
    connection.execute(delete(SORTED))
    k = cast(key, String) if key is not None else literal("")
    rows = select(k, column).where(column.is_not(None)).order_by(k, column)
    connection.execute(insert(SORTED).from_select(["k", "v"], rows))
    s = SORTED.c
    groups = session.execute(select(s.k, func.min(s.pos), func.count()).group_by(s.k)).all()
    wanted: dict[str | None, list[tuple[int, float]]] = {}  # per group: (rank, weight) pairs
    for group, first, n in groups:
        for fraction in PERCENTILES:
            h = (n - 1) * fraction
            low = first + int(h)  # h >= 0: int() floors
            share = h - int(h)
            wanted.setdefault(group, []).append((low, 1 - share))
            wanted[group].append((low + 1 if share else low, share))
    ranks = {rank for pairs in wanted.values() for rank, _ in pairs}
    picked = session.execute(select(s.pos, s.v).where(s.pos.in_(ranks)))
    values: dict[int, float] = {pos: v for pos, v in picked}
    found = {
        group: tuple(
            to_float(values[low] * w_low + values[high] * w_high)
            for (low, w_low), (high, w_high) in zip(pairs[::2], pairs[1::2], strict=True)
        )
        for group, pairs in wanted.items()
    }
    return {((g,) if key is not None else ()): v for g, v in found.items()}


def text_key(values: Sequence[Any]) -> tuple[str | None, ...]:
    return tuple(None if v is None else str(v) for v in values)


def durations(count: Any, mean: Any, picked: tuple[float | None, ...] | None) -> Durations:
    median, p90 = picked or (None, None)
    return Durations(int(count), to_float(mean), median, p90)


def to_float(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)
