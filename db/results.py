"""Plain frozen values returned by the service layer and the read models (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class WaitEstimate:
    """An estimated wait as a range of whole minutes (a range: a point would be false precision)."""

    low_minutes: int
    high_minutes: int


@dataclass(frozen=True)
class TicketView:
    id: int
    code: str
    number: int
    service_code: str
    service_name_id: str
    service_name_en: str
    priority: str | None
    status: str
    business_date: date
    issued_at: datetime
    queued_at: datetime
    called_at: datetime | None
    serving_at: datetime | None
    finished_at: datetime | None
    counter_number: int | None
    recall_count: int
    transfer_count: int
    source: str
    kind: str = "walk_in"  # walk_in | appointment
    step: int = 1  # the step of the visit's journey the ticket is at
    steps: int = 1  # the steps of its service
    step_name_id: str | None = None  # None for a service without a journey
    step_name_en: str | None = None
    service_id: int = 0  # the line it is in (for read models that key by id)
    waiting_since: datetime | None = None  # since when it waited for its latest call


@dataclass(frozen=True)
class IssuedTicket:
    ticket: TicketView
    people_ahead: int
    estimated_wait: WaitEstimate | None
    repeated: bool  # True when an idempotency key returned an earlier ticket
    token: str = ""  # the ticket's secret for its phone page; only its holder is told it
    url: str | None = None  # the phone page, when the office has a public URL


@dataclass(frozen=True)
class CounterView:
    number: int
    name: str
    state: str
    officer_login: str | None
    current: TicketView | None


@dataclass(frozen=True)
class OfficerView:
    login: str
    name: str
    role: str
    has_pin: bool
