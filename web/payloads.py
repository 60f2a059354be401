"""The JSON the pages receive: plain values copied field by field from the core's read models.

Field by field on purpose: the office snapshot also knows which officer sits at each counter,
and a new field in a read model must never reach the public pages by accident.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Any

from db.results import CounterView
from db.rules.clock import local_time
from db.rules.hours import Availability, ClosedReason
from db.views.phone import PastTicket, PhoneTicket
from db.views.queries import DisplaySnapshot, ServiceStatus

Payload = dict[str, Any]

_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_FALLBACK_COLOR = "#1F4E79"


def ticket_payload(found: PhoneTicket | PastTicket | None) -> Payload:
    """A ticket page's data; a past ticket gives away only its day."""
    if found is None:
        return {"status": "not_found"}
    if isinstance(found, PastTicket):
        return {"status": "past", "day": found.business_date.isoformat()}
    wait = found.estimated_wait
    return {
        "status": found.status,
        "code": found.code,
        "service": {
            "code": found.service_code,
            "name_id": found.service_name_id,
            "name_en": found.service_name_en,
            "color": safe_color(found.service_color),
        },
        "priority": found.priority,
        "day": found.business_date.isoformat(),
        "ahead": found.people_ahead,
        "wait": [wait.low_minutes, wait.high_minutes] if wait else None,
        "counter": found.counter_number,
        "called_time": clock(found.called_at, found.timezone),
        "recalls": found.recall_count,
        "survey": found.survey,
        "kind": found.kind,
        "step": _step(found),
        "session_from": clock(found.session_from, found.timezone),
    }


def _step(found: PhoneTicket) -> Payload | None:
    """The visit's step for a service of several steps (None: nothing to say)."""
    if found.steps <= 1:
        return None
    return {
        "n": found.step,
        "of": found.steps,
        "name_id": found.step_name_id,
        "name_en": found.step_name_en,
    }


def office_payload(snapshot: DisplaySnapshot) -> Payload:
    """What the waiting-room wall shows, without officers, tokens or anything for staff."""
    return {
        "office": snapshot.office_name,
        "day": snapshot.business_date.isoformat(),
        "ticker": snapshot.ticker,
        "counters": [_counter(view) for view in snapshot.counters],
        "calls": [
            {
                "code": call.code,
                "counter": call.counter_number,
                "time": clock(call.called_at, snapshot.timezone),
                "recalls": call.recall_count,
            }
            for call in snapshot.recent_calls
        ],
        "services": [_service(status) for status in snapshot.services],
    }


def status_payload(online: bool, last_good: datetime | None, timezone: str | None) -> Payload:
    """Whether the server can read the queue, and when it last could."""
    return {"online": online, "as_of": clock(last_good, timezone) if timezone else None}


def to_json(payload: Payload) -> str:
    """Compact and stable, so that two equal payloads are equal strings."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def version(payload_json: str) -> str:
    """A short digest of a JSON: a page swaps an update in only when its version differs from
    the one shown (a stream's opening event repeats what the page was rendered with)."""
    return hashlib.blake2b(payload_json.encode(), digest_size=8).hexdigest()


def safe_color(color: str) -> str:
    """The colour if it is a plain `#RRGGBB` (it goes into a style sheet), else a neutral one."""
    return color if _COLOR.fullmatch(color) else _FALLBACK_COLOR


def clock(moment: datetime | None, timezone: str) -> str | None:
    """`HH:MM` in the office's time zone (phones may be set to any zone)."""
    return f"{local_time(moment, timezone):%H:%M}" if moment else None


def _counter(view: CounterView) -> Payload:
    current = view.current
    return {
        "number": view.number,
        "state": view.state,
        "ticket": current.code if current else None,
        "ticket_status": current.status if current else None,
    }


def _service(status: ServiceStatus) -> Payload:
    reason, at = not_issuing_reason(status.availability, status.quota_left)
    return {
        "code": status.code,
        "name_id": status.name_id,
        "name_en": status.name_en,
        "color": safe_color(status.color),
        "waiting": status.waiting,
        "closed": status.closed,
        "issuing": reason is None,
        "reason": reason,
        "at": at,
    }


def not_issuing_reason(
    state: Availability, quota_left: int | None
) -> tuple[str | None, str | None]:
    """Why a service gives no more tickets (a reason code and a time), or (None, None)."""
    if state.open:
        return ("quota", None) if quota_left == 0 else (None, None)
    reason = state.reason or ClosedReason.INACTIVE
    if reason is ClosedReason.NOT_YET_OPEN and state.opens:
        return str(reason), f"{state.opens:%H:%M}"
    return str(reason), None
