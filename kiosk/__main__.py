"""`python -m kiosk [--db URL] [--printer URL] [--windowed] [--config FILE]`."""

from __future__ import annotations

import argparse
import sys

from db.errors import UserError
from kiosk.cli import add_arguments


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk", description="Walk-in ticket kiosk")
    parser.add_argument("--db", metavar="URL", help="database URL (default: $WALKIN_DB)")
    add_arguments(parser)
    args = parser.parse_args()
    try:
        result: int = args.handler(args)
    except UserError as error:
        sys.stderr.write(f"kiosk: {error}\n")
        return 1
    return result


if __name__ == "__main__":
    sys.exit(main())
