"""The one error of every configuration file, and its making from pydantic's findings."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from db.config_schema.show import show
from db.errors import UserError

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

Loc = tuple[str | int, ...]
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class ConfigError(UserError):
    """A problem in a configuration file; `str()` is one line: "<path>: <key>: <problem>".

    `path` is the file name as given (or "<demo>"; empty for command-line flags), `key` a key
    path such as "services[2].daily_quota" (empty when the problem concerns the whole file),
    `problem` what is wrong and what is expected, and `line` the line of a TOML syntax error.
    """

    def __init__(self, path: str, key: str, problem: str, line: int | None = None) -> None:
        where = ": ".join(part for part in (path, key) if part)
        message = f"{where}: {problem}" if where else problem
        super().__init__(message, path=path, key=key, problem=problem, line=line)
        self.path = path
        self.key = key
        self.problem = problem
        self.line = line

    def __reduce__(self) -> tuple[type[ConfigError], tuple[str, str, str, int | None]]:
        return (type(self), (self.path, self.key, self.problem, self.line))


class KeyProblem(ValueError):
    """Raised by a check that knows a deeper key than the field it is attached to.

    `loc` is relative to that field (e.g. ``(1, "code")`` for a list's second entry's code);
    "{at}" in the problem stands for the field's own key path.
    """

    def __init__(self, loc: Loc, problem: str) -> None:
        super().__init__(problem)
        self.loc = loc


def key_path(loc: Loc) -> str:
    """("services", 2, "name") -> "services[2].name"."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = part if _BARE_KEY.fullmatch(part) else f'"{part}"'
            text += f".{name}" if text else name
    return text


def config_error(
    error: ValidationError,
    source: str,
    schema: Mapping[str, Any],
    error_type: type[ConfigError] = ConfigError,
) -> ConfigError:
    """The first of pydantic's findings as a ConfigError; `schema` is the file's JSON Schema."""
    found = error.errors(include_url=False)[0]
    loc, problem = _explain(found, schema)
    return error_type(source, key_path(loc), problem)


def _explain(found: ErrorDetails, schema: Mapping[str, Any]) -> tuple[Loc, str]:
    loc: Loc = tuple(found["loc"])
    cause = (found.get("ctx") or {}).get("error")
    if isinstance(cause, KeyProblem):
        return loc + cause.loc, str(cause).replace("{at}", key_path(loc))
    if isinstance(cause, ValueError):
        return loc, str(cause)
    kind = found["type"]
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        return loc, _unknown_key(str(loc[-1]), _keys_at(schema, loc[:-1]))
    return loc, _PROBLEMS.get(kind, "{msg}").format(
        got=show(found["input"]), msg=found["msg"], **(found.get("ctx") or {})
    )


_TABLE = "must be a table, got {got}"
_ARRAY = "must be an array, got {got}"
_PROBLEMS = {
    "missing": "is required but missing",
    "missing_argument": "is required but missing",
    "dataclass_type": _TABLE,
    "dataclass_args_type": _TABLE,
    "model_type": _TABLE,
    "model_attributes_type": _TABLE,
    "dict_type": _TABLE,
    "list_type": _ARRAY,
    "tuple_type": _ARRAY,
    "frozen_set_type": _ARRAY,
    "too_short": "must have at least {min_length} entries",
}


def _unknown_key(key: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1)
    if close:
        return f'unknown key (did you mean "{close[0]}"?)'
    return "unknown key (allowed here: " + ", ".join(allowed) + ")"


def _keys_at(schema: Mapping[str, Any], loc: Loc) -> list[str]:
    """The keys the JSON Schema allows in the table at `loc`."""
    node = _resolve(schema, schema)
    for part in loc:
        node = _resolve(schema, _step(node, part))
    return list(node.get("properties", {}))


def _step(node: Mapping[str, Any], part: str | int) -> Mapping[str, Any]:
    found = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
    return cast("Mapping[str, Any]", found or {})


def _resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow a "$ref" and pick the table of an "anyOf" (e.g. a list of codes or a table)."""
    for choice in node.get("anyOf", ()):
        if "$ref" in choice or "properties" in choice:
            node = choice
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return cast("Mapping[str, Any]", schema["$defs"][name])
    return node
