"""The office file's rules that span keys: weekday lists, unique codes, hours that do not overlap.

Each is a pydantic validator of one field of `db.office_config.models`; a problem deeper than that
field is a `KeyProblem` naming the key below it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from db.config_schema.errors import KeyProblem
from db.config_schema.show import show
from db.config_schema.values import Whole

if TYPE_CHECKING:
    from db.office_config.models import HoursRule

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
COUNTER_NAME = "Loket {number}"  # the name of a counter the file does not name
_T = TypeVar("_T")


def weekdays(value: object) -> object:
    """ "mon-fri", "sat", "mon,wed,fri" -> weekday numbers (code may give the numbers)."""
    if not isinstance(value, str):
        return value
    days: set[int] = set()
    for part in value.split(","):
        for day in _day_span(part.strip().lower(), value):
            if day in days:
                raise ValueError(f"names {WEEKDAYS[day]} twice, got {show(value)}")
            days.add(day)
    return frozenset(days)


def _day_span(part: str, text: str) -> range:
    first, dash, last = (piece.strip() for piece in part.partition("-"))
    if first not in WEEKDAYS or (dash and last not in WEEKDAYS):
        raise ValueError(
            f'must be weekdays like "mon-fri", "sat" or "mon,wed,fri", got {show(text)}'
        )
    start = WEEKDAYS.index(first)
    end = WEEKDAYS.index(last) if dash else start
    if end < start:
        raise ValueError(
            f'range "{part}" runs backwards (write the earlier day first, e.g. "mon-fri")'
        )
    return range(start, end + 1)


def unique(key: str) -> Callable[[tuple[_T, ...]], tuple[_T, ...]]:
    """A check that no entry of an array repeats an earlier entry's `key`."""

    def check(entries: tuple[_T, ...]) -> tuple[_T, ...]:
        first: dict[object, int] = {}
        for number, entry in enumerate(entries):
            value = getattr(entry, key)
            if value in first:
                problem = f"{show(value)} is already used by {{at}}[{first[value]}]"
                raise KeyProblem((number, key), problem)
            first[value] = number
        return entries

    return check


def hours_rules(rules: tuple[HoursRule, ...]) -> tuple[HoursRule, ...]:
    """Each rule opens, stops issuing and closes in that order; no two share a weekday."""
    covered: dict[int, int] = {}
    for number, rule in enumerate(rules):
        _in_order(number, rule)
        for day in sorted(rule.weekdays):
            if day in covered:
                problem = f"{WEEKDAYS[day]} is already covered by hours[{covered[day]}]"
                raise KeyProblem((number, "days"), problem)
            covered[day] = number
    return rules


def _in_order(number: int, rule: HoursRule) -> None:
    opens, issue_until, closes = rule.opens, rule.issue_until, rule.closes
    if issue_until < opens:
        problem = f"must not be before open ({opens:%H:%M}), got {issue_until:%H:%M}"
        raise KeyProblem((number, "issue_until"), problem)
    if closes < issue_until:
        problem = f"must not be before issue_until ({issue_until:%H:%M}), got {closes:%H:%M}"
        raise KeyProblem((number, "close"), problem)


def counter_services(value: object) -> tuple[tuple[str, int], ...]:
    """["A", "B"] (each weighs 1) or { A = 2, B = 1 } -> (code, weight) pairs."""
    if isinstance(value, Mapping):
        served = [(_code((code,), code), _weight(code, w)) for code, w in value.items()]
    elif isinstance(value, list | tuple):
        served = [(_code((n,), code), 1) for n, code in enumerate(value)]
        _listed_once([code for code, _ in served])
    else:
        raise ValueError(
            f"must be an array of service codes or a table of weights, got {show(value)}"
        )
    if not served:
        raise ValueError("must name at least one service")
    return tuple(served)


def _code(loc: tuple[str | int, ...], code: object) -> str:
    if not isinstance(code, str):
        raise KeyProblem(loc, f"must be a service code, got {show(code)}")
    return code


def _weight(code: str, weight: object) -> int:
    try:
        return Whole().check(weight)
    except ValueError as error:
        raise KeyProblem((code,), str(error)) from None


def _listed_once(codes: Sequence[str]) -> None:
    for number, code in enumerate(codes):
        if code in codes[:number]:
            raise KeyProblem((number,), f"{show(code)} is listed twice")


def name_is_optional(schema: dict[str, Any]) -> None:
    """A counter's JSON Schema: the file may leave out the name (it is then "Loket <number>")."""
    schema["required"] = [key for key in schema.get("required", ()) if key != "name"]
    schema["properties"]["name"]["description"] = 'default "Loket <number>"'
