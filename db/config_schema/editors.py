"""The JSON Schemas shipped for editors: a file's tables as TOML writes them.

An editor with a TOML language server (e.g. Taplo, "Even Better TOML") validates a file and
completes its keys once the file starts with a line such as
``#:schema ../assets/schema/office.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"


class TomlJsonSchema(GenerateJsonSchema):
    """TOML has no null: an optional key is one that may be left out, not one that may be null."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        value = super().default_schema(schema)
        if value.get("default", ...) is None:
            del value["default"]
        return value


def whole_file(title: str, schema: Mapping[str, Any]) -> dict[str, Any]:
    """A file's schema: `schema` with the dialect named, for an editor to pick up."""
    return {"$schema": DIALECT, **schema, "title": title}


def one_table(title: str, name: str, schema: Mapping[str, Any]) -> dict[str, Any]:
    """The schema of a file with a `[name]` table (other apps' tables may share the file)."""
    table = {key: value for key, value in schema.items() if key != "$defs"}
    wrapped: dict[str, Any] = {
        "$schema": DIALECT,
        "title": title,
        "type": "object",
        "properties": {name: table},
    }
    if "$defs" in schema:
        wrapped["$defs"] = schema["$defs"]
    return wrapped


def render(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
