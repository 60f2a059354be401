"""The office configuration file (TOML): parsed and fully validated before anything is applied.

The dataclasses here are plain values; `db.ops.setup.apply_config` writes them to the database.
`load_config(path)` reads a file, `parse_config(data, source)` checks already-parsed TOML data and
`demo_config()` gives the demo office (``db/data/demo_office.toml``). Every problem is reported as a
`ConfigError` naming the file and the key, e.g.
``office.toml: services[2].daily_quota: must be a positive whole number, got -5``.

Layout (tables and keys not listed here are errors, so a typo is never silently ignored)::

    [office]
    name = "Kantor Imigrasi Kelas I TPI Polonia"
    timezone = "Asia/Jakarta"     # optional, an IANA time zone
    ticker = "..."                # optional, text scrolling on the wall display
    public_url = "http://10.0.0.5:8080"  # optional: where phones reach `walkin web` (QR links)

    [priority]                    # optional table; a missing key means "off" / the default below
    policy = "ratio"              # strict | ratio (default ratio)
    ratio = 2                     # >= 1 (default 2)
    fairness_minutes = 60         # optional positive; absent = no fairness rule
    daily_cap = 40                # optional positive; absent = no cap

    [call_order]                  # optional table: appointment holders and walk-ins in one line
    mode = "by_time"              # by_time | appointments_first (default by_time: queue order,
                                  # a booking checked in early from its session start)
    max_in_row = 3                # >= 1 (default 3): appointments_first only: after this many
                                  # appointment calls in a row, one walk-in if one waits

    [appointments]                # optional table: M-Paspor bookings checked in at the kiosk
    early_minutes = 60            # >= 0 (default 60): check in this long before the session
    grace_minutes = 30            # >= 0 (default 30): still an appointment this long after it
    late_rule = "walk_in"         # refuse | walk_in (default refuse): later than the grace
    trust_unlisted = false        # optional: no list imported today: take any code, to verify
    release_at = "11:00"          # optional: unused bookings become walk-in places then

    [[services]]                  # at least one
    code = "A"                    # one capital letter A-Z, unique
    name_id = "Paspor Baru"
    name_en = "New passport"
    daily_quota = 100             # optional positive; absent = no quota
    priority_allowed = true       # optional (default true)
    color = "#1F5FA8"             # optional "#RRGGBB"
    target_wait_minutes = 60      # optional positive (default 60)
    capacity_guard = true         # optional (default false): stop issuing once the waiting
                                  # queue, at the recent pace, would outlast closing time
    steps = [                     # optional: the visit's steps, each with its own counters
      { code = "berkas", name_id = "Pemeriksaan Berkas", name_en = "Document check" },
      { code = "biometrik", name_id = "Foto & Wawancara", name_en = "Photo & interview" },
    ]
    hours = [                     # optional; absent = open at any hour on every day
      { days = "mon-fri", open = "08:00", issue_until = "15:00", close = "16:00" },
      { days = "sat", open = "08:00", issue_until = "11:00", close = "12:00", quota = 25 },
    ]

    [[counters]]                  # optional array
    number = 1                    # positive, unique
    name = "Loket 1"              # optional (default "Loket <number>")
    services = ["A", "B"]         # or weights: { A = 2, B = 1 }; "A:biometrik" = one step
                                  # of A only ("A" alone: every step of A)

    [journey]                     # optional table
    next_step_queue = "arrival"   # arrival | back: where a ticket queues for its next step
    outcomes = [                  # optional: chosen at Finish; the first is the default
      { code = "selesai", name_id = "Selesai", name_en = "Done" },
      { code = "berkas_kurang", name_id = "Berkas kurang", name_en = "Documents incomplete",
        ends_visit = true },      # ends the visit even with steps left
    ]

    [[officers]]                  # optional array
    login = "budi"                # [a-z0-9._-]{2,32}, unique
    name = "Budi Santoso"
    role = "supervisor"           # officer | supervisor | front_desk (default officer)

    [security]                    # optional table
    pin_min_length = 6            # 4 to 12 (default 4): officers' PINs are this long or longer

`days` is a comma-separated list of weekdays or forward ranges of them ("mon-fri", "sat",
"mon,wed,fri", "sat-sun"); the hour rules of one service must not share a weekday. Times are
"HH:MM" strings (TOML local times are accepted too) with open <= issue_until <= close.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from db.errors import UserError
from db.rules.security import MAX_PIN_LENGTH, MIN_PIN_LENGTH

PRIORITY_CATEGORIES = ("lansia", "disabilitas", "ibu_hamil", "balita")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ROLES = ("officer", "supervisor", "front_desk")
PRIORITY_POLICIES = ("strict", "ratio")
LATE_RULES = ("refuse", "walk_in")
NEXT_STEP_QUEUES = ("arrival", "back")
CALL_ORDER_MODES = ("by_time", "appointments_first")
DEMO_SOURCE = "<demo>"


@dataclass(frozen=True)
class HoursRule:
    """Opening hours for some weekdays (0 = Monday .. 6 = Sunday)."""

    weekdays: frozenset[int]
    opens: time
    issue_until: time
    closes: time
    quota: int | None = None  # overrides the service's daily quota on these days


@dataclass(frozen=True)
class StepConfig:
    code: str  # lower case, e.g. "berkas"
    name_id: str
    name_en: str


@dataclass(frozen=True)
class OutcomeConfig:
    code: str  # lower case, e.g. "berkas_kurang"
    name_id: str
    name_en: str
    ends_visit: bool = False  # ends the visit even when steps are left


@dataclass(frozen=True)
class JourneyConfig:
    next_step_queue: str = "arrival"  # arrival (original place) | back (end of the line)
    outcomes: tuple[OutcomeConfig, ...] = ()


@dataclass(frozen=True)
class ServiceConfig:
    code: str  # one capital letter, the ticket prefix
    name_id: str
    name_en: str
    daily_quota: int | None = None
    priority_allowed: bool = True
    color: str = "#1F5FA8"
    target_wait_minutes: int = 60
    hours: tuple[HoursRule, ...] = ()  # empty: open at any hour on any day
    capacity_guard: bool = False  # refuse tickets the counters could not serve before closing
    steps: tuple[StepConfig, ...] = ()  # empty: a one-step visit


@dataclass(frozen=True)
class CounterConfig:
    number: int
    name: str
    # (service code, weight >= 1); "A:biometrik" names one step of a service's journey
    services: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class OfficerConfig:
    login: str
    name: str
    role: str = "officer"  # officer | supervisor


@dataclass(frozen=True)
class PriorityConfig:
    policy: str = "ratio"  # strict | ratio
    ratio: int = 2  # ratio policy: after this many priority calls, one normal ticket if any waits
    fairness_minutes: int | None = 60  # a normal ticket waiting longer than this is called first
    daily_cap: int | None = None  # priority tickets per business day, all services together


@dataclass(frozen=True)
class CallOrderConfig:
    """How appointment holders and walk-ins interleave (combined with the priority rule)."""

    mode: str = "by_time"  # by_time | appointments_first
    max_in_row: int = 3  # appointments_first: appointment calls in a row before one walk-in


@dataclass(frozen=True)
class AppointmentsConfig:
    early_minutes: int = 60  # an early booking gets its ticket, which waits for the session
    grace_minutes: int = 30  # after the session's end, still served as an appointment
    late_rule: str = "refuse"  # refuse | walk_in: what happens after the grace
    trust_unlisted: bool = False  # on a day without a list, any code checks in (to verify)
    release_at: time | None = None  # the cut-off after which unused bookings go to walk-ins


@dataclass(frozen=True)
class OfficeConfig:
    name: str
    timezone: str = "Asia/Jakarta"
    ticker: str = ""
    public_url: str | None = None
    priority: PriorityConfig = field(default_factory=PriorityConfig)
    call_order: CallOrderConfig = field(default_factory=CallOrderConfig)
    appointments: AppointmentsConfig = field(default_factory=AppointmentsConfig)
    journey: JourneyConfig = field(default_factory=JourneyConfig)
    services: tuple[ServiceConfig, ...] = ()
    counters: tuple[CounterConfig, ...] = ()
    officers: tuple[OfficerConfig, ...] = ()
    pin_min_length: int = MIN_PIN_LENGTH


# --- errors ---------------------------------------------------------------------------------------


class ConfigError(UserError):
    """A problem in an office configuration; `str()` is one line: "<path>: <key>: <problem>".

    `path` is the file name as given (or "<demo>"), `key` a dotted key path such as
    "services[2].daily_quota" (empty when the problem concerns the whole file), `problem` the
    explanation, and `line` the line number for TOML syntax errors.
    """

    def __init__(self, path: str, key: str, problem: str, line: int | None = None) -> None:
        where = f"{path}: {key}" if key else path
        super().__init__(f"{where}: {problem}", path=path, key=key, problem=problem, line=line)
        self.path = path
        self.key = key
        self.problem = problem
        self.line = line

    def __reduce__(self) -> tuple[type[ConfigError], tuple[str, str, str, int | None]]:
        return (ConfigError, (self.path, self.key, self.problem, self.line))


# --- reading --------------------------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def load_config(path: Path) -> OfficeConfig:
    """Read and validate the office configuration file at `path`."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(source, "", "file not found") from None
    except OSError as exc:
        raise ConfigError(source, "", f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(source, "", f"not UTF-8 text (byte {exc.start})") from None
    return parse_config(_parse_toml(text, source), source)


def demo_config() -> OfficeConfig:
    """The demo office of `walkin init --demo` (open at any hour on any day)."""
    text = resources.files("db").joinpath("data/demo_office.toml").read_text(encoding="utf-8")
    return parse_config(_parse_toml(text, DEMO_SOURCE), DEMO_SOURCE)


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        if found is None:
            raise ConfigError(source, "", f"TOML syntax error: {message}") from None
        line, column = int(found[1]), int(found[2])
        problem = f"TOML syntax error at line {line}, column {column}: {message[: found.start()]}"
        raise ConfigError(source, "", problem, line=line) from None


def parse_config(data: Mapping[str, Any], source: str) -> OfficeConfig:
    """Validate parsed TOML `data` (from the file or text named `source`) into an OfficeConfig."""
    top = _Table(
        data,
        _At(source, ""),
        (
            "office",
            "priority",
            "call_order",
            "appointments",
            "journey",
            "services",
            "counters",
            "officers",
            "security",
        ),
    )
    office = _Table(
        top.required("office"), top.at.child("office"), ("name", "timezone", "ticker", "public_url")
    )
    services = _services(top.at.child("services"), top.required("services"))
    codes = {service.code for service in services} | {
        f"{service.code}:{step.code}" for service in services for step in service.steps
    }
    return OfficeConfig(
        name=office.get("name", _name),
        timezone=office.get("timezone", _timezone, "Asia/Jakarta"),
        ticker=office.get("ticker", _string, ""),
        public_url=office.maybe("public_url", _public_url),
        priority=_priority(top.at.child("priority"), top.optional("priority", {})),
        call_order=_call_order(top.at.child("call_order"), top.optional("call_order", {})),
        appointments=_appointments(top.at.child("appointments"), top.optional("appointments", {})),
        journey=_journey(top.at.child("journey"), top.optional("journey", {})),
        services=services,
        counters=_counters(top.at.child("counters"), top.optional("counters", []), codes),
        officers=_officers(top.at.child("officers"), top.optional("officers", [])),
        pin_min_length=_security(top.at.child("security"), top.optional("security", {})),
    )


# --- where we are, and tables ---------------------------------------------------------------------

_T = TypeVar("_T")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_Check = Callable[["_At", object], _T]


@dataclass(frozen=True)
class _At:
    """A position in the configuration: the source and the dotted key path."""

    source: str
    key: str

    def child(self, name: str) -> _At:
        part = name if _BARE_KEY.fullmatch(name) else f'"{name}"'
        return _At(self.source, f"{self.key}.{part}" if self.key else part)

    def index(self, number: int) -> _At:
        return _At(self.source, f"{self.key}[{number}]")

    def error(self, problem: str) -> ConfigError:
        return ConfigError(self.source, self.key, problem)


class _Table:
    """A TOML table whose keys are checked against `allowed` before any value is read."""

    def __init__(self, value: object, at: _At, allowed: Collection[str]) -> None:
        if not isinstance(value, Mapping):
            raise at.error(f"must be a table, got {_show(value)}")
        for key in value:
            if key not in allowed:
                raise at.child(str(key)).error(_unknown_key(str(key), allowed))
        self.data: Mapping[str, object] = value
        self.at = at

    def required(self, key: str) -> object:
        if key not in self.data:
            raise self.at.child(key).error("is required but missing")
        return self.data[key]

    def optional(self, key: str, default: object) -> object:
        return self.data.get(key, default)

    def get(self, key: str, check: _Check[_T], default: _T | None = None) -> _T:
        """The checked value of `key`; required when `default` is None."""
        if key not in self.data and default is not None:
            return default
        return check(self.at.child(key), self.required(key))

    def maybe(self, key: str, check: _Check[_T]) -> _T | None:
        """The checked value of `key`, or None when it is absent."""
        return check(self.at.child(key), self.data[key]) if key in self.data else None


def _unknown_key(key: str, allowed: Collection[str]) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1)
    if close:
        return f'unknown key (did you mean "{close[0]}"?)'
    return "unknown key (allowed here: " + ", ".join(allowed) + ")"


def _entries(at: _At, value: object) -> list[tuple[_At, object]]:
    """The items of an array (of tables), each with its position."""
    if not isinstance(value, list):
        raise at.error(f"must be an array, got {_show(value)}")
    return [(at.index(number), item) for number, item in enumerate(value)]


def _show(value: object) -> str:
    """A short one-line rendering of a TOML value for an error message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(shown, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def _quoted(options: Sequence[str]) -> str:
    return ", ".join(f'"{option}"' for option in options)


# --- single values --------------------------------------------------------------------------------

_CODE = re.compile(r"[A-Z]")
_LOGIN = re.compile(r"[a-z0-9._-]{2,32}")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def _string(at: _At, value: object) -> str:
    if not isinstance(value, str):
        raise at.error(f"must be a text string, got {_show(value)}")
    return value


def _name(at: _At, value: object) -> str:
    text = _string(at, value)
    if not text.strip():
        raise at.error("must not be empty")
    if "\n" in text or "\r" in text:
        raise at.error(f"must be one line, got {_show(text)}")
    return text.strip()


def _boolean(at: _At, value: object) -> bool:
    if not isinstance(value, bool):
        raise at.error(f"must be true or false, got {_show(value)}")
    return value


def _positive(at: _At, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise at.error(f"must be a positive whole number, got {_show(value)}")
    return value


def _matching(pattern: re.Pattern[str], wanted: str) -> _Check[str]:
    def check(at: _At, value: object) -> str:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise at.error(f"must be {wanted}, got {_show(value)}")
        return value

    return check


def _one_of(options: Sequence[str]) -> _Check[str]:
    def check(at: _At, value: object) -> str:
        if value not in options:
            raise at.error(f"must be one of {_quoted(options)}, got {_show(value)}")
        return str(value)

    return check


_code = _matching(_CODE, "one capital letter A-Z")
_login = _matching(_LOGIN, "2-32 characters of a-z, 0-9, '.', '_' or '-'")
_colour = _matching(_COLOUR, 'a colour "#RRGGBB"')


def _public_url(at: _At, value: object) -> str:
    """An http(s) address phones can open: scheme and host, optionally a port and a path."""
    text = _name(at, value)
    wanted = 'an address such as "http://10.0.0.5:8080"'
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError:
        raise at.error(f"must be {wanted}, got {_show(text)}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise at.error(f"must be {wanted}, got {_show(text)}")
    if parts.query or parts.fragment or " " in text:
        raise at.error(f"must have no query, fragment or spaces, got {_show(text)}")
    return text.rstrip("/")


def _timezone(at: _At, value: object) -> str:
    zone = _name(at, value)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise at.error(
            f'is not a known time zone (e.g. "Asia/Jakarta"), got {_show(zone)}'
        ) from None
    return zone


def _clock(at: _At, value: object) -> time:
    if isinstance(value, time) and value.tzinfo is None:
        return value
    found = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        raise at.error(f'must be a time "HH:MM" (24-hour clock), got {_show(value)}')
    return time(int(found[1]), int(found[2]))


def _days(at: _At, value: object) -> frozenset[int]:
    text = _string(at, value)
    days: set[int] = set()
    for part in text.split(","):
        for day in _day_span(at, part.strip().lower(), text):
            if day in days:
                raise at.error(f"names {WEEKDAYS[day]} twice, got {_show(text)}")
            days.add(day)
    return frozenset(days)


def _day_span(at: _At, part: str, text: str) -> range:
    first, dash, last = (piece.strip() for piece in part.partition("-"))
    if first not in WEEKDAYS or (dash and last not in WEEKDAYS):
        raise at.error(
            f'must be weekdays like "mon-fri", "sat" or "mon,wed,fri", got {_show(text)}'
        )
    start = WEEKDAYS.index(first)
    end = WEEKDAYS.index(last) if dash else start
    if end < start:
        raise at.error(
            f'range "{part}" runs backwards (write the earlier day first, e.g. "mon-fri")'
        )
    return range(start, end + 1)


# --- tables ---------------------------------------------------------------------------------------


def _security(at: _At, value: object) -> int:
    table = _Table(value, at, ("pin_min_length",))
    return table.get("pin_min_length", _pin_length, MIN_PIN_LENGTH)


def _pin_length(at: _At, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise at.error(f"must be a whole number, got {_show(value)}")
    if not MIN_PIN_LENGTH <= value <= MAX_PIN_LENGTH:
        raise at.error(f"must be from {MIN_PIN_LENGTH} to {MAX_PIN_LENGTH}, got {value}")
    return value


def _priority(at: _At, value: object) -> PriorityConfig:
    table = _Table(value, at, ("policy", "ratio", "fairness_minutes", "daily_cap"))
    return PriorityConfig(
        policy=table.get("policy", _one_of(PRIORITY_POLICIES), "ratio"),
        ratio=table.get("ratio", _positive, 2),
        fairness_minutes=table.maybe("fairness_minutes", _positive),
        daily_cap=table.maybe("daily_cap", _positive),
    )


def _call_order(at: _At, value: object) -> CallOrderConfig:
    table = _Table(value, at, ("mode", "max_in_row"))
    defaults = CallOrderConfig()
    return CallOrderConfig(
        mode=table.get("mode", _one_of(CALL_ORDER_MODES), defaults.mode),
        max_in_row=table.get("max_in_row", _positive, defaults.max_in_row),
    )


def _appointments(at: _At, value: object) -> AppointmentsConfig:
    table = _Table(
        value, at, ("early_minutes", "grace_minutes", "late_rule", "trust_unlisted", "release_at")
    )
    defaults = AppointmentsConfig()
    return AppointmentsConfig(
        early_minutes=table.get("early_minutes", _minutes, defaults.early_minutes),
        grace_minutes=table.get("grace_minutes", _minutes, defaults.grace_minutes),
        late_rule=table.get("late_rule", _one_of(LATE_RULES), defaults.late_rule),
        trust_unlisted=table.get("trust_unlisted", _boolean, defaults.trust_unlisted),
        release_at=table.maybe("release_at", _clock),
    )


_step_code = _matching(re.compile(r"[a-z][a-z0-9_]{0,31}"), "1-32 of a-z, 0-9 or '_'")


def _steps(at: _At, value: object) -> tuple[StepConfig, ...]:
    steps = tuple(
        _step(_Table(item, place, ("code", "name_id", "name_en")))
        for place, item in _entries(at, value)
    )
    _unique(at, "code", [step.code for step in steps])
    return steps


def _step(table: _Table) -> StepConfig:
    return StepConfig(
        code=table.get("code", _step_code),
        name_id=table.get("name_id", _name),
        name_en=table.get("name_en", _name),
    )


def _journey(at: _At, value: object) -> JourneyConfig:
    table = _Table(value, at, ("next_step_queue", "outcomes"))
    outcomes_at = at.child("outcomes")
    outcomes = tuple(
        _outcome(_Table(item, place, ("code", "name_id", "name_en", "ends_visit")))
        for place, item in _entries(outcomes_at, table.optional("outcomes", []))
    )
    _unique(outcomes_at, "code", [outcome.code for outcome in outcomes])
    return JourneyConfig(
        next_step_queue=table.get("next_step_queue", _one_of(NEXT_STEP_QUEUES), "arrival"),
        outcomes=outcomes,
    )


def _outcome(table: _Table) -> OutcomeConfig:
    return OutcomeConfig(
        code=table.get("code", _step_code),
        name_id=table.get("name_id", _name),
        name_en=table.get("name_en", _name),
        ends_visit=table.get("ends_visit", _boolean, False),
    )


def _minutes(at: _At, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 24 * 60:
        raise at.error(f"must be a whole number of minutes from 0 to 1440, got {_show(value)}")
    return value


_SERVICE_KEYS = (
    "code",
    "name_id",
    "name_en",
    "daily_quota",
    "priority_allowed",
    "color",
    "target_wait_minutes",
    "hours",
    "capacity_guard",
    "steps",
)


def _services(at: _At, value: object) -> tuple[ServiceConfig, ...]:
    entries = _entries(at, value)
    if not entries:
        raise at.error("must list at least one service ([[services]])")
    services = tuple(_service(_Table(item, place, _SERVICE_KEYS)) for place, item in entries)
    _unique(at, "code", [service.code for service in services])
    return services


def _service(table: _Table) -> ServiceConfig:
    service = _service_fields(table)
    if service.capacity_guard and not service.hours:
        problem = "needs opening hours: the guard compares the queue with the closing time"
        raise table.at.child("capacity_guard").error(problem)
    return service


def _service_fields(table: _Table) -> ServiceConfig:
    return ServiceConfig(
        code=table.get("code", _code),
        name_id=table.get("name_id", _name),
        name_en=table.get("name_en", _name),
        daily_quota=table.maybe("daily_quota", _positive),
        priority_allowed=table.get("priority_allowed", _boolean, True),
        color=table.get("color", _colour, "#1F5FA8").upper(),
        target_wait_minutes=table.get("target_wait_minutes", _positive, 60),
        hours=_hours(table.at.child("hours"), table.optional("hours", [])),
        capacity_guard=table.get("capacity_guard", _boolean, False),
        steps=_steps(table.at.child("steps"), table.optional("steps", [])),
    )


def _unique(at: _At, key: str, values: Sequence[object]) -> None:
    """Raise at the first entry of an array whose `key` repeats an earlier entry's."""
    first: dict[object, int] = {}
    for number, value in enumerate(values):
        if value in first:
            problem = f"{_show(value)} is already used by {at.key}[{first[value]}]"
            raise at.index(number).child(key).error(problem)
        first[value] = number


def _hours(at: _At, value: object) -> tuple[HoursRule, ...]:
    rules = tuple(_hours_rule(place, item) for place, item in _entries(at, value))
    covered: dict[int, int] = {}
    for number, rule in enumerate(rules):
        for day in sorted(rule.weekdays):
            if day in covered:
                problem = f"{WEEKDAYS[day]} is already covered by hours[{covered[day]}]"
                raise at.index(number).child("days").error(problem)
            covered[day] = number
    return rules


def _hours_rule(at: _At, value: object) -> HoursRule:
    table = _Table(value, at, ("days", "open", "issue_until", "close", "quota"))
    weekdays = table.get("days", _days)
    opens = table.get("open", _clock)
    issue_until = table.get("issue_until", _clock)
    closes = table.get("close", _clock)
    if issue_until < opens:
        problem = f"must not be before open ({opens:%H:%M}), got {issue_until:%H:%M}"
        raise at.child("issue_until").error(problem)
    if closes < issue_until:
        problem = f"must not be before issue_until ({issue_until:%H:%M}), got {closes:%H:%M}"
        raise at.child("close").error(problem)
    return HoursRule(weekdays, opens, issue_until, closes, table.maybe("quota", _positive))


def _counters(at: _At, value: object, codes: Collection[str]) -> tuple[CounterConfig, ...]:
    counters = tuple(_counter(place, item, codes) for place, item in _entries(at, value))
    _unique(at, "number", [counter.number for counter in counters])
    return counters


def _counter(at: _At, value: object, codes: Collection[str]) -> CounterConfig:
    table = _Table(value, at, ("number", "name", "services"))
    number = table.get("number", _positive)
    return CounterConfig(
        number=number,
        name=table.get("name", _name, f"Loket {number}"),
        services=_counter_services(at.child("services"), table.required("services"), codes),
    )


def _counter_services(
    at: _At, value: object, codes: Collection[str]
) -> tuple[tuple[str, int], ...]:
    if isinstance(value, Mapping):
        pairs = [(at.child(str(code)), code, weight) for code, weight in value.items()]
        served = [(_served(place, code, codes), _positive(place, w)) for place, code, w in pairs]
    elif isinstance(value, list):
        served = [(_served(place, code, codes), 1) for place, code in _entries(at, value)]
        _unique_in_list(at, [code for code, _ in served])
    else:
        raise at.error(
            f"must be an array of service codes or a table of weights, got {_show(value)}"
        )
    if not served:
        raise at.error("must name at least one service")
    return tuple(served)


def _served(at: _At, code: object, codes: Collection[str]) -> str:
    if not isinstance(code, str):
        raise at.error(f"must be a service code, got {_show(code)}")
    if code not in codes:
        raise at.error(f"names an unknown service {_show(code)} (known: {_quoted(sorted(codes))})")
    return str(code)


def _unique_in_list(at: _At, values: Sequence[str]) -> None:
    for number, value in enumerate(values):
        if value in values[:number]:
            raise at.index(number).error(f"{_show(value)} is listed twice")


def _officers(at: _At, value: object) -> tuple[OfficerConfig, ...]:
    officers = tuple(_officer(place, item) for place, item in _entries(at, value))
    _unique(at, "login", [officer.login for officer in officers])
    return officers


def _officer(at: _At, value: object) -> OfficerConfig:
    table = _Table(value, at, ("login", "name", "role"))
    return OfficerConfig(
        login=table.get("login", _login),
        name=table.get("name", _name),
        role=table.get("role", _one_of(ROLES), "officer"),
    )
