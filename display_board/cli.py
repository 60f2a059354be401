"""`walkin display` and `python -m display_board`: start the wall display.

The database layer and Qt are imported inside the handler only, so that `walkin --help` and the
administrative commands do not load them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from display_board import config as display_config
from qtshared import entry


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--counters", metavar="LIST", help="only these counters, e.g. 1-5 or 1,3")
    parser.add_argument("--services", metavar="LIST", help="only these services, e.g. A,B")
    parser.add_argument("--windowed", action="store_true", default=None, help="not full screen")
    parser.add_argument("--portrait", action="store_true", help="portrait layout")
    parser.add_argument("--config", metavar="FILE", type=Path, help="TOML file with [display]")
    parser.add_argument("--lang", metavar="LIST", help="spoken languages in order, e.g. id,en")
    parser.add_argument("--mute", action="store_true", default=None, help="no sound")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `walkin display` to the `walkin` command's subparsers."""
    parser = sub.add_parser("display", help="run the waiting-room wall display")
    add_arguments(parser)
    parser.set_defaults(handler=run)


def settings(args: argparse.Namespace) -> display_config.DisplayConfig:
    """The display config: the file's [display] table, then the flags given."""
    base = display_config.load(args.config)
    overrides: dict[str, Any] = {"windowed": args.windowed, "mute": args.mute}
    if args.counters is not None:
        overrides["counters"] = display_config.parse_counters(args.counters, "--counters")
    if args.services is not None:
        overrides["services"] = display_config.parse_services(args.services, "--services")
    if args.lang is not None:
        overrides["languages"] = display_config.parse_languages(args.lang, "--lang")
    if args.portrait:
        overrides["orientation"] = "portrait"
    return display_config.with_overrides(base, **overrides)


def run(args: argparse.Namespace) -> int:
    """Handler of `walkin display`: runs until the window is closed."""
    from db.store.engine import open_database, resolve_url
    from display_board.qtmain import run_window

    config = settings(args)
    db = open_database(resolve_url(args.db))

    return run_window(db, config)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m display_board`: the same as `walkin display`, with its own `--db`."""
    about = "Run the waiting-room wall display."
    return entry.main("display_board", about, add_arguments, run, argv, name="display")
