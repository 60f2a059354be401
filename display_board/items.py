"""What the board shows, as plain items built from a snapshot (no Qt).

Counters: "LOKET 1" with its number (or ISTIRAHAT, TUTUP, —). Last calls: the number with its
counter, leaving out the calls still shown at their counter (the counters say it already).
Waiting: each service, with the people waiting, a closed one marked closed with those it still
owes a call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from db.results import CounterView
from db.views.queries import CallRecord, ServiceStatus
from display_board.labels import Labels, counter_state


@dataclass(frozen=True)
class BoardItem:
    """One box: `name` and its `value` ("LOKET 1" and "A001", "Paspor Baru" and "11")."""

    key: str
    name: str
    value: str
    value_role: str = ""  # "closed": greyed (a counter on a break, a closed service)
    name_bold: bool = False
    value_bold: bool = True
    badge: tuple[str, str] | None = None  # a service's letter and colour, before the name


@dataclass(frozen=True)
class Section:
    kind: str  # counters | recent | waiting
    title: str
    items: tuple[BoardItem, ...]


def heading(labels: Labels, key: str) -> str:
    """A heading in the display's languages: "PANGGILAN TERAKHIR  ·  LAST CALLS"."""
    second = labels.second(key)
    return f"{labels(key)}  ·  {second}" if second else labels(key)


def sections(
    labels: Labels,
    counters: Sequence[CounterView],
    calls: Sequence[CallRecord],
    services: Sequence[ServiceStatus],
) -> list[Section]:
    """The board's sections in the order they are shown; empty ones left out."""
    found = [
        Section("counters", heading(labels, "counters"), counter_items(labels, counters)),
        Section("recent", heading(labels, "recent"), recent_items(labels, calls, counters)),
        Section("waiting", heading(labels, "waiting"), waiting_items(labels, services)),
    ]
    return [section for section in found if section.items]


def counter_items(labels: Labels, counters: Sequence[CounterView]) -> tuple[BoardItem, ...]:
    items = []
    for view in counters:
        key = counter_state(view.state, view.current is not None)
        value = labels(key) if key else (view.current.code if view.current else "")
        role = "closed" if key in ("paused", "closed") else ""
        name = f"{labels('counter')} {view.number}"
        items.append(BoardItem(str(view.number), name, value, role))
    return tuple(items)


def recent_items(
    labels: Labels, calls: Sequence[CallRecord], counters: Sequence[CounterView]
) -> tuple[BoardItem, ...]:
    at_counter = {(c.current.code, c.number) for c in counters if c.current is not None}
    return tuple(
        BoardItem(
            call.code,
            call.code,
            f"{labels('counter')} {call.counter_number}",
            name_bold=True,
            value_bold=False,
        )
        for call in calls
        if (call.code, call.counter_number) not in at_counter
    )


def waiting_items(labels: Labels, services: Sequence[ServiceStatus]) -> tuple[BoardItem, ...]:
    items = []
    for service in services:
        name = service.name_id if labels.primary == "id" else service.name_en
        value = str(service.waiting)
        if service.closed:
            value = (
                f"{labels('closed')} · {service.waiting}" if service.waiting else labels("closed")
            )
        role = "closed" if service.closed else ""
        items.append(
            BoardItem(service.code, name, value, role, badge=(service.code, service.color))
        )
    return tuple(items)
