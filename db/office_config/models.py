"""The office configuration's values: plain frozen dataclasses, and the schema of their keys.

Code builds them directly (no checks run then); a file is checked against the field types
(`db.config_schema.values`) by `db.office_config.loading`. A field's default is the file's default.
Cross-field rules (unique codes, hours that do not overlap) are in `db.office_config.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from db.config_schema.values import (
    After,
    Clock,
    Colour,
    Flag,
    Matching,
    OneLine,
    OneOf,
    PublicUrl,
    Table,
    Text,
    TimeZone,
    Whole,
    checked,
)
from db.office_config.rules import (
    counter_services,
    hours_rules,
    name_is_optional,
    unique,
    weekdays,
)
from db.rules.clock import DEFAULT_TIMEZONE
from db.rules.security import MAX_PIN_LENGTH, MIN_PIN_LENGTH

if TYPE_CHECKING:
    from pydantic import ConfigDict

PRIORITY_CATEGORIES = ("lansia", "disabilitas", "ibu_hamil", "balita")
ROLES = ("officer", "supervisor", "front_desk")
PRIORITY_POLICIES = ("strict", "ratio")
LATE_RULES = ("refuse", "walk_in")
NEXT_STEP_QUEUES = ("arrival", "back")
CALL_ORDER_MODES = ("by_time", "appointments_first")
DEFAULT_SERVICE_COLOUR = "#1F5FA8"

Positive = Annotated[int, Whole()]
Minutes = Annotated[int, Whole(0, 24 * 60, "minutes")]
StepCode = Annotated[str, Matching("[a-z][a-z0-9_]{0,31}", "1-32 of a-z, 0-9 or '_'")]
Name = Annotated[str, OneLine]


def _file_key(name: str) -> str:
    """An hours rule's key in the file: "open", "close" and "days" are short for these fields."""
    return {"weekdays": "days", "opens": "open", "closes": "close"}.get(name, name)


@dataclass(frozen=True)
class HoursRule:
    """Opening hours for some weekdays (0 = Monday .. 6 = Sunday)."""

    __pydantic_config__: ClassVar[ConfigDict] = {"extra": "forbid", "alias_generator": _file_key}
    weekdays: Annotated[
        frozenset[int],
        checked(weekdays, {"type": "string", "examples": ["mon-fri", "sat", "mon,wed,fri"]}),
    ]
    opens: Annotated[time, Clock]
    issue_until: Annotated[time, Clock]
    closes: Annotated[time, Clock]
    quota: Positive | None = None  # overrides the service's daily quota on these days


@dataclass(frozen=True)
class StepConfig(Table):
    code: StepCode  # lower case, e.g. "berkas"
    name_id: Name
    name_en: Name


@dataclass(frozen=True)
class OutcomeConfig(Table):
    code: StepCode  # lower case, e.g. "berkas_kurang"
    name_id: Name
    name_en: Name
    ends_visit: Annotated[bool, Flag] = False  # ends the visit even when steps are left


@dataclass(frozen=True)
class JourneyConfig(Table):
    # arrival (the ticket's original place) | back (the end of the line)
    next_step_queue: Annotated[str, OneOf(NEXT_STEP_QUEUES)] = "arrival"
    outcomes: Annotated[tuple[OutcomeConfig, ...], After(unique("code"))] = ()


@dataclass(frozen=True)
class ServiceConfig(Table):
    code: Annotated[str, Matching("[A-Z]", "one capital letter A-Z")]  # the ticket prefix
    name_id: Name
    name_en: Name
    daily_quota: Positive | None = None
    priority_allowed: Annotated[bool, Flag] = True
    color: Annotated[str, Colour, After(str.upper)] = DEFAULT_SERVICE_COLOUR
    target_wait_minutes: Positive = 60
    # empty: open at any hour on any day
    hours: Annotated[tuple[HoursRule, ...], After(hours_rules)] = ()
    capacity_guard: Annotated[bool, Flag] = False  # refuse tickets it could not serve in time
    # empty: a one-step visit
    steps: Annotated[tuple[StepConfig, ...], After(unique("code"))] = ()


def _served_schema() -> dict[str, Any]:
    codes = {"type": "string", "examples": ["A", "A:biometrik"]}
    weights = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}}
    return {"anyOf": [{"type": "array", "items": codes, "minItems": 1}, weights]}


@dataclass(frozen=True)
class CounterConfig:
    __pydantic_config__: ClassVar[ConfigDict] = {
        "extra": "forbid",
        "json_schema_extra": name_is_optional,
    }
    number: Positive
    name: Name  # a file may leave it out: "Loket <number>" (rules.COUNTER_NAME)
    # (service code, weight >= 1); "A:biometrik" names one step of a service's journey
    services: Annotated[tuple[tuple[str, int], ...], checked(counter_services, _served_schema())]


@dataclass(frozen=True)
class OfficerConfig(Table):
    login: Annotated[
        str, Matching("[a-z0-9._-]{2,32}", "2-32 characters of a-z, 0-9, '.', '_' or '-'")
    ]
    name: Name
    role: Annotated[str, OneOf(ROLES)] = "officer"


@dataclass(frozen=True)
class PriorityConfig(Table):
    policy: Annotated[str, OneOf(PRIORITY_POLICIES)] = "ratio"
    ratio: Positive = 2  # ratio policy: after this many priority calls, one normal ticket if any
    fairness_minutes: Positive | None = None  # a normal ticket waiting longer goes first
    daily_cap: Positive | None = None  # priority tickets per business day, all services together


@dataclass(frozen=True)
class CallOrderConfig(Table):
    """How appointment holders and walk-ins interleave (combined with the priority rule)."""

    mode: Annotated[str, OneOf(CALL_ORDER_MODES)] = "by_time"
    max_in_row: Positive = 3  # appointments_first: appointment calls in a row before a walk-in


@dataclass(frozen=True)
class AppointmentsConfig(Table):
    early_minutes: Minutes = 60  # an early booking gets its ticket, which waits for the session
    grace_minutes: Minutes = 30  # after the session's end, still served as an appointment
    late_rule: Annotated[str, OneOf(LATE_RULES)] = "refuse"  # what happens after the grace
    trust_unlisted: Annotated[bool, Flag] = False  # no list today: any code checks in (to verify)
    release_at: Annotated[time, Clock] | None = None  # unused bookings go to walk-ins then


@dataclass(frozen=True)
class SecurityConfig(Table):
    pin_min_length: Annotated[int, Whole(MIN_PIN_LENGTH, MAX_PIN_LENGTH)] = MIN_PIN_LENGTH


@dataclass(frozen=True)
class OfficeTable(Table):
    """The `[office]` table; OfficeConfig adds the other tables to it."""

    name: Name
    timezone: Annotated[str, TimeZone] = DEFAULT_TIMEZONE
    ticker: Annotated[str, Text] = ""  # text scrolling on the wall display
    public_url: Annotated[str, PublicUrl] | None = None  # where phones reach `walkin web`


@dataclass(frozen=True)
class OfficeConfig(OfficeTable):
    priority: PriorityConfig = field(default_factory=PriorityConfig)
    call_order: CallOrderConfig = field(default_factory=CallOrderConfig)
    appointments: AppointmentsConfig = field(default_factory=AppointmentsConfig)
    journey: JourneyConfig = field(default_factory=JourneyConfig)
    services: tuple[ServiceConfig, ...] = ()
    counters: tuple[CounterConfig, ...] = ()
    officers: tuple[OfficerConfig, ...] = ()
    pin_min_length: int = MIN_PIN_LENGTH
