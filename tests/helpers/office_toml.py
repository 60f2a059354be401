"""An OfficeConfig written out as an office file (TOML), and Hypothesis strategies of valid ones."""

from __future__ import annotations

import json
import string
from datetime import time
from typing import Any

from hypothesis import strategies as st

from db.office_config import (
    CALL_ORDER_MODES,
    LATE_RULES,
    NEXT_STEP_QUEUES,
    PRIORITY_POLICIES,
    ROLES,
    WEEKDAYS,
    AppointmentsConfig,
    CallOrderConfig,
    CounterConfig,
    HoursRule,
    JourneyConfig,
    OfficeConfig,
    OfficerConfig,
    OutcomeConfig,
    PriorityConfig,
    ServiceConfig,
    StepConfig,
)
from db.office_config.rules import COUNTER_NAME
from db.rules.security import MAX_PIN_LENGTH, MIN_PIN_LENGTH

# --- writing --------------------------------------------------------------------------------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # a float's repr ("0.1", "1e-05") is a TOML float too
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string
    if isinstance(value, time):
        return f'"{value:%H:%M}"'
    if isinstance(value, dict):
        pairs = (f"{json.dumps(key)} = {toml_value(item)}" for key, item in value.items())
        return "{ " + ", ".join(pairs) + " }"
    return "[" + ", ".join(toml_value(item) for item in value) + "]"


def table(header: str, values: dict[str, Any]) -> str:
    lines = [header] + [f"{key} = {toml_value(v)}" for key, v in values.items() if v is not None]
    return "\n".join(lines) + "\n\n"


def office_toml(config: OfficeConfig) -> str:
    """The office file that reads back as `config`."""
    office = {key: getattr(config, key) for key in ("name", "timezone", "ticker", "public_url")}
    text = table("[office]", office)
    text += table("[priority]", vars(config.priority))
    text += table("[call_order]", vars(config.call_order))
    text += table("[appointments]", vars(config.appointments))
    text += table("[journey]", _journey(config.journey))
    text += "".join(table("[[services]]", _service(service)) for service in config.services)
    text += "".join(table("[[counters]]", _counter(counter)) for counter in config.counters)
    text += "".join(table("[[officers]]", vars(officer)) for officer in config.officers)
    return text + table("[security]", {"pin_min_length": config.pin_min_length})


def _journey(journey: JourneyConfig) -> dict[str, Any]:
    return {
        "next_step_queue": journey.next_step_queue,
        "outcomes": [vars(outcome) for outcome in journey.outcomes],
    }


def _service(service: ServiceConfig) -> dict[str, Any]:
    values = dict(vars(service))
    values["hours"] = [_hours(rule) for rule in service.hours]
    values["steps"] = [vars(step) for step in service.steps]
    return values


def _hours(rule: HoursRule) -> dict[str, Any]:
    days = ",".join(WEEKDAYS[day] for day in sorted(rule.weekdays))
    written = {"days": days, "open": rule.opens, "issue_until": rule.issue_until}
    return {**written, "close": rule.closes, **({"quota": rule.quota} if rule.quota else {})}


def _counter(counter: CounterConfig) -> dict[str, Any]:
    weights = dict(counter.services)
    plain = all(weight == 1 for weight in weights.values())
    named = counter.name != COUNTER_NAME.format(number=counter.number)
    return {
        "number": counter.number,
        "name": counter.name if named else None,
        "services": list(weights) if plain else weights,
    }


# --- valid configurations -------------------------------------------------------------------------

names = (
    st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
texts = st.text(st.characters(exclude_categories=["Cs", "Cc"], include_characters="\n\t"))
positives = st.integers(1, 10_000)
minutes = st.integers(0, 24 * 60)
clocks = st.builds(time, st.integers(0, 23), st.integers(0, 59))
step_codes = st.from_regex(r"[a-z][a-z0-9_]{0,31}", fullmatch=True)


@st.composite
def hours_rules(draw: st.DrawFn) -> tuple[HoursRule, ...]:
    days = draw(st.permutations(range(7)))
    cuts = sorted(draw(st.sets(st.integers(1, 6), max_size=2)))
    groups = [tuple(days[start:end]) for start, end in zip([0, *cuts], [*cuts, 7], strict=True)]
    rules = []
    for group in draw(st.lists(st.sampled_from(groups), unique=True, max_size=3)):
        opens, issue_until, closes = sorted(draw(st.lists(clocks, min_size=3, max_size=3)))
        quota = draw(st.none() | positives)
        rules.append(HoursRule(frozenset(group), opens, issue_until, closes, quota))
    return tuple(rules)


def _unique_by(key: str, strategy: st.SearchStrategy[Any], **sizes: int) -> Any:
    return st.lists(strategy, unique_by=lambda item: getattr(item, key), **sizes).map(tuple)


steps = st.builds(StepConfig, step_codes, names, names)
outcomes = st.builds(OutcomeConfig, step_codes, names, names, st.booleans())


@st.composite
def services(draw: st.DrawFn, code: str) -> ServiceConfig:
    hours = draw(hours_rules())
    return ServiceConfig(
        code=code,
        name_id=draw(names),
        name_en=draw(names),
        daily_quota=draw(st.none() | positives),
        priority_allowed=draw(st.booleans()),
        color="#" + draw(st.text("0123456789ABCDEF", min_size=6, max_size=6)),
        target_wait_minutes=draw(positives),
        hours=hours,
        capacity_guard=draw(st.booleans()) and bool(hours),
        steps=draw(_unique_by("code", steps, max_size=3)),
    )


@st.composite
def counters(draw: st.DrawFn, number: int, codes: list[str]) -> CounterConfig:
    served = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=4, unique=True))
    weights = [draw(st.integers(1, 5)) for _ in served]
    name = draw(st.just(COUNTER_NAME.format(number=number)) | names)
    return CounterConfig(number, name, tuple(zip(served, weights, strict=True)))


logins = st.from_regex(r"[a-z0-9._-]{2,32}", fullmatch=True)
officers = st.builds(OfficerConfig, logins, names, st.sampled_from(ROLES))


@st.composite
def office_configs(draw: st.DrawFn) -> OfficeConfig:
    codes = draw(
        st.lists(st.sampled_from(string.ascii_uppercase), min_size=1, max_size=4, unique=True)
    )
    offered = tuple(draw(services(code)) for code in codes)
    served = [s.code for s in offered] + [f"{s.code}:{t.code}" for s in offered for t in s.steps]
    numbers = draw(st.lists(st.integers(1, 99), max_size=4, unique=True))
    return OfficeConfig(
        name=draw(names),
        timezone=draw(st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC"])),
        ticker=draw(texts),
        public_url=draw(st.sampled_from([None, "http://10.0.0.5:8080", "https://q.lan/antrean"])),
        priority=draw(_priority),
        call_order=draw(st.builds(CallOrderConfig, st.sampled_from(CALL_ORDER_MODES), positives)),
        appointments=draw(_appointments),
        journey=JourneyConfig(
            draw(st.sampled_from(NEXT_STEP_QUEUES)), draw(_unique_by("code", outcomes, max_size=3))
        ),
        services=offered,
        counters=tuple(draw(counters(number, served)) for number in numbers),
        officers=draw(_unique_by("login", officers, max_size=4)),
        pin_min_length=draw(st.integers(MIN_PIN_LENGTH, MAX_PIN_LENGTH)),
    )


_priority = st.builds(
    PriorityConfig,
    st.sampled_from(PRIORITY_POLICIES),
    positives,
    st.none() | positives,
    st.none() | positives,
)
_appointments = st.builds(
    AppointmentsConfig,
    minutes,
    minutes,
    st.sampled_from(LATE_RULES),
    st.booleans(),
    st.none() | clocks,
)
