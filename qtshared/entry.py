"""The `python -m <app>` command line of the three Qt apps, written once.

It imports no Qt: a wrong flag or a bad URL is answered before Qt loads.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from db.errors import UserError

EXIT_INTERRUPTED = 130  # Ctrl+C before the window's event loop took it over


def main(
    package: str,
    description: str,
    add_arguments: Callable[[argparse.ArgumentParser], object],
    handler: Callable[[argparse.Namespace], int],
    argv: Sequence[str] | None = None,
    *,
    name: str | None = None,
) -> int:
    """Parse `--db` and the app's own flags, run `handler`, and turn a UserError into one line
    on stderr, `<name>: <error>` (exit status 1); `name` is the package's unless given."""
    parser = argparse.ArgumentParser(prog=f"python -m {package}", description=description)
    parser.add_argument("--db", metavar="URL", help="database URL (default: $WALKIN_DB)")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return handler(args)
    except UserError as error:
        sys.stderr.write(f"{name or package}: {error}\n")
        return 1
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
