"""`walkin counter [--counter N] [--windowed] [--config FILE] [--lang id|en]`, and
`python -m counter_app`.

The database layer and Qt are imported only when the command runs, so `walkin --help` stays
fast and works headless.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from db.rules.words import LANGUAGES
from qtshared import entry


def add_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--counter", type=int, metavar="N", help="this PC's counter (default: chosen at sign-in)"
    )
    parser.add_argument(
        "--windowed", action="store_true", help="a 1366x768 window instead of full screen"
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="TOML file whose [front_desk] table names the front desk's printers",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="id",
        help="the screen's language: id (Indonesian, the default) or en",
    )
    return parser


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the `counter` subcommand to the `walkin` command."""
    parser = sub.add_parser("counter", help="the counter app officers call applicants with")
    add_options(parser).set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from counter_app.app import run
    from counter_app.front_desk.config import load_front_desk_config
    from db.store.engine import resolve_url

    front_desk = load_front_desk_config(Path(args.config) if args.config else None)
    url = resolve_url(args.db)
    return run(
        url,
        counter=args.counter,
        windowed=args.windowed,
        front_desk=front_desk,
        language=args.lang,
    )


def main(argv: Sequence[str] | None = None) -> int:
    return entry.main("counter_app", "Counter app", add_options, handle, argv)
