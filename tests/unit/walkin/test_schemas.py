"""The JSON Schemas shipped for editors are the ones the config dataclasses generate today."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from walkin import schemas

DATA = Path(__file__).resolve().parents[3] / "db" / "data"


def test_the_shipped_schemas_are_up_to_date() -> None:
    assert schemas.stale() == [], "run `python -m walkin.schemas` and commit assets/schema/"


def test_a_changed_schema_is_reported_until_it_is_written_again(tmp_path: Path) -> None:
    schemas.write(tmp_path)
    (tmp_path / "kiosk.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "office.schema.json").unlink()
    assert schemas.main(["--check", "--folder", str(tmp_path)]) == 1
    assert schemas.stale(tmp_path) == ["office.schema.json", "kiosk.schema.json"]
    assert schemas.main(["--folder", str(tmp_path)]) == 0
    assert schemas.stale(tmp_path) == []


def keys_outside(schema: dict[str, Any], node: dict[str, Any], data: object, at: str) -> list[str]:
    """The keys of `data` that the schema does not describe (a small walk, no validator)."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    found: list[str] = []
    if isinstance(data, list):
        for number, item in enumerate(data):
            found += keys_outside(schema, node.get("items", {}), item, f"{at}[{number}]")
    elif isinstance(data, dict) and "properties" in node:
        for key, value in data.items():
            known = node["properties"].get(key)
            found += (
                [f"{at}.{key}"]
                if known is None
                else keys_outside(schema, known, value, f"{at}.{key}")
            )
    return found


@pytest.mark.parametrize("name", ["demo_office.toml", "example_office.toml"])
def test_the_office_schema_describes_every_key_of_the_shipped_offices(name: str) -> None:
    schema = json.loads((schemas.SCHEMA_FOLDER / "office.schema.json").read_text(encoding="utf-8"))
    data = tomllib.loads((DATA / name).read_text(encoding="utf-8"))
    assert keys_outside(schema, schema, data, "") == []
    assert set(schema["required"]) <= set(data)


def test_an_unknown_key_is_found_by_the_schema_walk() -> None:
    schema = json.loads((schemas.SCHEMA_FOLDER / "office.schema.json").read_text(encoding="utf-8"))
    data = {"office": {"name": "K"}, "services": [{"code": "A", "hours": [{"lunch": "12:00"}]}]}
    assert keys_outside(schema, schema, data, "") == [".services[0].hours[0].lunch"]
