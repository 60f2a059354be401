"""How long the office's work takes to clear: a pure model of lines, visits and counters.

A line is one step of one service. Its work is the minutes its applicants still need there:
every visit in the office (or booked to come today) that has not passed that step yet, times
the recent median minutes of that step. An open counter serves several lines and splits its
time among them in proportion to their work; a line's capacity is the sum of those shares, and
its clearing time is work / capacity. So a counter that does both steps of a journey is slowed
by the second step's work, and a dedicated one is not.

The wait for a new applicant's first call is the work ahead of them on the first step's line
over that line's capacity; the day's queue ends when the slowest line of the service clears.
None wherever a median or an open counter is missing: nothing is refused on a guess.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Line:
    service_id: int
    step: int


@dataclass(frozen=True)
class ServiceLoad:
    """The visits of one service in the office, by the step they are at, and those to come."""

    steps: int  # the steps of the service's journey
    waiting: Mapping[int, int] = field(default_factory=dict)  # step -> tickets waiting there
    active: Mapping[int, int] = field(default_factory=dict)  # step -> called or being served
    booked: int = 0  # booked for today, not checked in yet, not released


@dataclass(frozen=True)
class OfficeLoad:
    services: Mapping[int, ServiceLoad]
    medians: Mapping[Line, float]  # recent minutes per applicant of a line, where known
    counters: Collection[frozenset[Line]]  # the lines each open counter serves

    def line_work(self, line: Line, extra_visits: float = 0.0) -> float | None:
        """Minutes of work left on `line` (with `extra_visits` more visits of its service)."""
        load = self.services.get(line.service_id)
        median = self.medians.get(line)
        if load is None or median is None:
            return None
        visits = load.booked + extra_visits + load.active.get(line.step, 0) * 0.5
        visits += sum(n for step, n in load.waiting.items() if step <= line.step)
        visits += sum(n for step, n in load.active.items() if step < line.step)
        return visits * median

    def capacity(self, line: Line, extra: Mapping[Line, float] | None = None) -> float:
        """Counters' worth of time `line` gets: each counter's share, by the work of its lines."""
        extra = extra or {}
        total = 0.0
        for lines in self.counters:
            if line not in lines:
                continue
            works = {other: self._work(other, extra) for other in lines}
            mine = works[line]
            known = sum(w for w in works.values() if w)
            total += 1.0 if not known else (mine or 0.0) / known
        return total

    def _work(self, line: Line, extra: Mapping[Line, float]) -> float:
        return (self.line_work(line) or 0.0) + extra.get(line, 0.0)


def first_call_minutes(
    load: OfficeLoad, service_id: int, ahead: int, step: int = 1
) -> float | None:
    """Expected minutes until a ticket of the service at `step`, `ahead` before it, is called.

    At the first step, booked applicants of the service who may still come count as ahead.
    """
    line = Line(service_id, step)
    median = load.medians.get(line)
    service = load.services.get(service_id)
    if median is None or service is None:
        return None
    capacity = load.capacity(line)
    if capacity <= 0:
        return None
    booked = service.booked if step == 1 else 0
    return (ahead + booked) * median / capacity


def queue_end_minutes(load: OfficeLoad, service_id: int, extra_visits: int = 0) -> float | None:
    """Minutes until every visit of the service (and `extra_visits` more) has passed every step."""
    service = load.services.get(service_id)
    if service is None:
        return None
    lines = [Line(service_id, step) for step in range(1, service.steps + 1)]
    extra = {line: extra_visits * load.medians.get(line, 0.0) for line in lines}
    ends: list[float] = []
    for line in lines:
        work = load.line_work(line, extra_visits)
        capacity = load.capacity(line, extra)
        if work is None or capacity <= 0:
            return None
        ends.append(work / capacity)
    return max(ends, default=0.0)
