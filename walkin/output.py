"""Printing results for people (short lines) or for scripts (`--json`)."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import date, datetime, time
from typing import Any

from db.results import CounterView, IssuedTicket, TicketView
from db.rules.clock import local_time
from db.services.devices import DeviceStatus
from db.views.queries import ServiceStatus


def emit_json(value: Any) -> None:
    print(json.dumps(value, default=_plain, ensure_ascii=False, indent=2))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return str(value)


def issued_json(issued: IssuedTicket) -> dict[str, Any]:
    wait = issued.estimated_wait
    return {
        "number": issued.ticket.code,
        "service": issued.ticket.service_code,
        "service_name": issued.ticket.service_name_en,
        "priority": issued.ticket.priority,
        "people_ahead": issued.people_ahead,
        "estimated_wait_minutes": [wait.low_minutes, wait.high_minutes] if wait else None,
        "issued_at": issued.ticket.issued_at,
        "repeated": issued.repeated,
        "url": issued.url,
    }


def issued_line(issued: IssuedTicket) -> str:
    ticket = issued.ticket
    wait = issued.estimated_wait
    estimate = f", about {wait.low_minutes}-{wait.high_minutes} min" if wait else ""
    line = f"{ticket.code}  {ticket.service_name_en}  ({issued.people_ahead} ahead{estimate})"
    if issued.repeated:
        line += "  [issued earlier with this key]"
    return f"{line}  {issued.url}" if issued.url else line


def ticket_json(ticket: TicketView) -> dict[str, Any]:
    return {
        "number": ticket.code,
        "counter": ticket.counter_number,
        "service": ticket.service_code,
        "status": ticket.status,
        "priority": ticket.priority,
        "recall_count": ticket.recall_count,
        "step": ticket.step,
        "steps": ticket.steps,
        "step_name": ticket.step_name_en,
    }


def ticket_line(ticket: TicketView) -> str:
    where = f" at counter {ticket.counter_number}" if ticket.counter_number else ""
    step = (
        f", step {ticket.step} of {ticket.steps}: {ticket.step_name_en}" if ticket.steps > 1 else ""
    )
    return f"{ticket.code}  {ticket.status}{where}  ({ticket.service_name_en}{step})"


def status_lines(services: list[ServiceStatus], counters: list[CounterView]) -> list[str]:
    lines = ["service                          waiting  issued  quota  issuing"]
    for s in services:
        quota = "-" if s.quota is None else str(s.quota)
        state = issuing_state(s)
        lines.append(f"{s.code} {s.name_en:<30} {s.waiting:>7} {s.issued:>7} {quota:>6}  {state}")
    lines.append("")
    lines.append("counter      state    officer     ticket")
    for c in counters:
        ticket = f"{c.current.code} ({c.current.status})" if c.current else "-"
        lines.append(f"{c.name:<12} {c.state:<8} {c.officer_login or '-':<11} {ticket}")
    return lines


def device_lines(devices: list[DeviceStatus], timezone: str) -> list[str]:
    """The devices' heartbeats, their times in office time (the office's date, too)."""
    if not devices:
        return ["", "devices: none has reported yet"]
    lines = ["", "device                           state    last seen (office time)  health"]
    for d in devices:
        state = "alive" if d.alive else "SILENT"
        health = ", ".join(f"{k}={v}" for k, v in sorted(d.health.items())) or "-"
        seen = local_time(d.last_seen, timezone)
        lines.append(f"{d.name:<32} {state:<8} {f'{seen:%Y-%m-%d %H:%M %Z}':<24} {health}")
    return lines


def devices_json(devices: list[DeviceStatus]) -> list[dict[str, Any]]:
    return [
        {
            "name": d.name,
            "kind": d.kind,
            "alive": d.alive,
            "last_seen": d.last_seen,
            "version": d.version,
            "health": d.health,
        }
        for d in devices
    ]


def issuing_state(status: ServiceStatus) -> str:
    """What the kiosk does for the service now: a full walk-in quota is not "open"."""
    if not status.availability.open:
        return f"closed ({status.availability.reason})"
    if status.quota_left == 0:
        return "full (walk-in quota used up; bookings still check in)"
    return "open"


def status_json(services: list[ServiceStatus], counters: list[CounterView]) -> dict[str, Any]:
    return {
        "services": [
            {
                "code": s.code,
                "name": s.name_en,
                "waiting": s.waiting,
                "issued": s.issued,
                "quota": s.quota,
                "quota_left": s.quota_left,
                "open": s.availability.open and s.quota_left != 0,
                "closed_reason": s.availability.reason
                if not s.availability.open
                else ("quota" if s.quota_left == 0 else None),
            }
            for s in services
        ],
        "counters": [
            {
                "number": c.number,
                "state": c.state,
                "officer": c.officer_login,
                "ticket": c.current.code if c.current else None,
            }
            for c in counters
        ],
    }
