"""Reading the office file: its layout (`OfficeFile`), then one OfficeConfig, or a ConfigError."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from db.config_schema.errors import KeyProblem
from db.config_schema.files import parse_toml, read_toml, validate
from db.config_schema.show import quoted, show
from db.config_schema.values import After, Table, checked
from db.office_config.models import (
    AppointmentsConfig,
    CallOrderConfig,
    CounterConfig,
    JourneyConfig,
    OfficeConfig,
    OfficerConfig,
    OfficeTable,
    PriorityConfig,
    SecurityConfig,
    ServiceConfig,
)
from db.office_config.rules import COUNTER_NAME, unique

if TYPE_CHECKING:
    from pydantic import ValidationInfo

DEMO_SOURCE = "<demo>"


def _listed(services: object) -> object:
    if isinstance(services, list) and not services:
        raise ValueError("must list at least one service ([[services]])")
    return services


def _services(services: tuple[ServiceConfig, ...]) -> tuple[ServiceConfig, ...]:
    for number, service in enumerate(services):
        if service.capacity_guard and not service.hours:
            problem = "needs opening hours: the guard compares the queue with the closing time"
            raise KeyProblem((number, "capacity_guard"), problem)
    return unique("code")(services)


def _counters(value: object, info: ValidationInfo) -> object:
    """Counters named "Loket <number>" unless named, serving only services of this file."""
    if "services" not in info.data or not isinstance(value, list):
        return value  # the services are wrong (that error is reported) or the counters are
    services: tuple[ServiceConfig, ...] = info.data["services"]
    codes = {s.code for s in services} | {f"{s.code}:{t.code}" for s in services for t in s.steps}
    return [_counter(number, entry, codes) for number, entry in enumerate(value)]


def _counter(number: int, entry: object, codes: set[str]) -> object:
    if not isinstance(entry, Mapping):
        return entry
    served = entry.get("services")
    if isinstance(served, Mapping):
        named: list[tuple[str | int, object]] = [(code, code) for code in served]
    else:
        named = list(enumerate(served)) if isinstance(served, list) else []
    for place, code in named:
        _known(codes, (number, "services", place), code)
    if "name" in entry or not isinstance(entry.get("number"), int):
        return entry
    return {**entry, "name": COUNTER_NAME.format(number=entry["number"])}


def _known(codes: set[str], loc: tuple[str | int, ...], code: object) -> None:
    if isinstance(code, str) and code not in codes:
        known = quoted(tuple(sorted(codes)))
        raise KeyProblem(loc, f"names an unknown service {show(code)} (known: {known})")


@dataclass(frozen=True, kw_only=True)
class OfficeFile(Table):
    """The office configuration file (TOML); tables and keys not listed here are errors."""

    office: OfficeTable
    priority: PriorityConfig = field(default_factory=PriorityConfig)
    call_order: CallOrderConfig = field(default_factory=CallOrderConfig)
    appointments: AppointmentsConfig = field(default_factory=AppointmentsConfig)
    journey: JourneyConfig = field(default_factory=JourneyConfig)
    services: Annotated[tuple[ServiceConfig, ...], checked(_listed, min_length=1), After(_services)]
    counters: Annotated[tuple[CounterConfig, ...], checked(_counters), After(unique("number"))] = ()
    officers: Annotated[tuple[OfficerConfig, ...], After(unique("login"))] = ()
    security: SecurityConfig = field(default_factory=SecurityConfig)

    def office_config(self) -> OfficeConfig:
        """The [office] table's keys, [security]'s PIN length and the other tables, as one value."""
        own = {key.name: getattr(self, key.name) for key in fields(self)}
        office, security = own.pop("office"), own.pop("security")
        return OfficeConfig(**vars(office), **own, pin_min_length=security.pin_min_length)


def load_config(path: Path) -> OfficeConfig:
    """Read and validate the office configuration file at `path`."""
    return parse_config(read_toml(path), str(path))


def demo_config() -> OfficeConfig:
    """The demo office of `walkin init --demo` (open at any hour on any day)."""
    text = resources.files("db").joinpath("data/demo_office.toml").read_text(encoding="utf-8")
    return parse_config(parse_toml(text, DEMO_SOURCE), DEMO_SOURCE)


def parse_config(data: Mapping[str, Any], source: str) -> OfficeConfig:
    """Validate parsed TOML `data` (from the file or text named `source`) into an OfficeConfig."""
    return validate(OfficeFile, data, source).office_config()
