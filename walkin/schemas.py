"""`python -m walkin.schemas`: write the configuration files' JSON Schemas for editors.

They are generated from the dataclasses the files are validated against, so that an editor's
completion and checks agree with `walkin init --config` and the apps. A test fails when a shipped
schema is out of date: run this, then commit `assets/schema/`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from counter_app.front_desk import config as front_desk
from db.config_schema.editors import one_table, render, whole_file
from db.config_schema.files import json_schema
from db.office_config import OfficeFile
from display_board import config as display
from kiosk import config as kiosk

SCHEMA_FOLDER = Path(__file__).resolve().parents[1] / "assets" / "schema"


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for every configuration file."""
    return {
        "office.schema.json": whole_file("Office configuration", json_schema(OfficeFile)),
        "kiosk.schema.json": one_table(
            "Kiosk settings", kiosk.TABLE, json_schema(kiosk.KioskConfig)
        ),
        "display.schema.json": one_table(
            "Wall display settings", display.TABLE, json_schema(display.DisplayConfig)
        ),
        "front_desk.schema.json": one_table(
            "Front desk settings", front_desk.TABLE, json_schema(front_desk.FrontDeskTable)
        ),
    }


def stale(folder: Path = SCHEMA_FOLDER) -> list[str]:
    """The schema files in `folder` that are missing or differ from the generated ones."""
    return [
        name
        for name, schema in schemas().items()
        if not (folder / name).is_file()
        or (folder / name).read_text(encoding="utf-8") != render(schema)
    ]


def write(folder: Path = SCHEMA_FOLDER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m walkin.schemas", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report out-of-date files")
    parser.add_argument("--folder", type=Path, default=SCHEMA_FOLDER, help="where they go")
    args = parser.parse_args(argv)
    if args.check:
        outdated = stale(args.folder)
        for name in outdated:
            print(f"out of date: {args.folder / name}", file=sys.stderr)
        return 1 if outdated else 0
    for path in write(args.folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
