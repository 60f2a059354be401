"""`walkin purge --before DATE [--dry-run] [--json]`: forget booking codes and phone tokens.

Its parser is in `walkin/subparsers.py`; the rules are in `db.services.purge` (finished days
only, every report figure kept).
"""

from __future__ import annotations

import argparse
from dataclasses import asdict

from db.services.purge import Purged, purge
from walkin import output
from walkin.database import opened


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
