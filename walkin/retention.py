"""`walkin purge --before DATE [--dry-run] [--json]`: forget booking codes and phone tokens.

Wired into the `walkin` parser by `retention.register(sub)` in `walkin/cli.py`; the rules are
in `db.services.purge` (finished days only, every report figure kept).
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date

from db.services.purge import Purged, purge
from walkin import output
from walkin.commands import opened


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "purge",
        help="remove booking codes and phone tokens of finished days (figures are kept)",
    )
    parser.add_argument(
        "--before",
        type=_day,
        required=True,
        metavar="YYYY-MM-DD",
        help="purge the business days before this date (at most today)",
    )
    parser.add_argument("--dry-run", action="store_true", help="count only, change nothing")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def run(args: argparse.Namespace) -> int:
    with opened(args) as db:
        result = purge(db, args.before, dry_run=args.dry_run)
    if args.json:
        output.emit_json(asdict(result))
    else:
        print(summary(result))
    return 0


def summary(result: Purged) -> str:
    verb = "would remove" if result.dry_run else "removed"
    return (
        f"days before {result.before}: {verb} {result.booking_codes} booking codes, "
        f"{result.tokens} phone tokens, {result.idempotency_keys} idempotency keys"
    )
