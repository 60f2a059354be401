"""Reading a configuration file and validating its data: every failure is a ConfigError."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from db.config_schema.errors import ConfigError, config_error
from db.config_schema.show import show

if TYPE_CHECKING:
    from pydantic import TypeAdapter

_T = TypeVar("_T")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def read_toml(path: Path, error_type: type[ConfigError] = ConfigError) -> dict[str, Any]:
    """The parsed TOML file at `path` (UTF-8, a byte order mark allowed)."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error_type(source, "", "file not found") from None
    except OSError as exc:
        problem = f"cannot read the file: {exc.strerror or exc}"
        raise error_type(source, "", problem) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error_type(source, "", f"not UTF-8 text (byte {exc.start})") from None
    return parse_toml(text, source, error_type)


def parse_toml(
    text: str, source: str, error_type: type[ConfigError] = ConfigError
) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        if found is None:
            raise error_type(source, "", f"TOML syntax error: {message}") from None
        line, column = int(found[1]), int(found[2])
        problem = f"TOML syntax error at line {line}, column {column}: {message[: found.start()]}"
        raise error_type(source, "", problem, line=line) from None


_adapters: dict[type[Any], TypeAdapter[Any]] = {}
_schemas: dict[type[Any], Mapping[str, Any]] = {}


def adapter(kind: type[_T]) -> TypeAdapter[_T]:
    """pydantic's validator of `kind` (built once, when first needed: it takes a while)."""
    from pydantic import TypeAdapter

    if kind not in _adapters:
        _adapters[kind] = TypeAdapter(kind)
    return _adapters[kind]


def json_schema(kind: type[Any]) -> Mapping[str, Any]:
    """The JSON Schema of `kind` as it is written in a file (keys by their TOML names)."""
    from db.config_schema.editors import TomlJsonSchema

    if kind not in _schemas:
        _schemas[kind] = adapter(kind).json_schema(by_alias=True, schema_generator=TomlJsonSchema)
    return _schemas[kind]


def validate(
    kind: type[_T],
    data: object,
    source: str,
    error_type: type[ConfigError] = ConfigError,
    at: tuple[str, ...] = (),
) -> _T:
    """`data` as a `kind`; a mistake is an `error_type` whose key path starts with `at`."""
    from pydantic import ValidationError

    try:
        valid: _T = adapter(kind).validate_python(data)
        return valid
    except ValidationError as error:
        found = config_error(error, source, json_schema(kind))
        key = ".".join((*at, found.key)) if found.key else ".".join(at)
        raise error_type(source, key, found.problem) from None


def table(
    path: Path | None, name: str, error_type: type[ConfigError] = ConfigError
) -> dict[str, Any]:
    """The `[name]` table of the file at `path` (empty when there is no file or no table)."""
    if path is None:
        return {}
    found = read_toml(path, error_type).get(name, {})
    if not isinstance(found, dict):
        raise error_type(str(path), name, f"must be a table, got {show(found)}")
    return found
