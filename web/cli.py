"""`walkin web` and `python -m web`: the phone companion web server on the office LAN.

The database layer and the server load inside the handler, so that building the `walkin` parser
stays fast.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from db.errors import DatabaseUnavailable, UserError
from web.connections import ConnectionLimits
from web.ratelimit import Limits

log = logging.getLogger(__name__)

DEFAULT_PORT = 8080


def positive_number(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {raw!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {raw}")
    return value


def positive_whole(raw: str) -> int:
    value = positive_number(raw)
    if value != int(value):
        raise argparse.ArgumentTypeError(f"must be a whole number, got {raw}")
    return int(value)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = Limits()
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="default: 8080; 0 picks a free port"
    )
    limits = parser.add_argument_group(
        "limits per client address (raise them when many phones share one NAT address)"
    )
    limits.add_argument(
        "--requests-per-minute",
        type=positive_number,
        default=defaults.requests_per_minute,
        help="pages and polls (default: %(default)g)",
    )
    limits.add_argument(
        "--request-burst",
        type=positive_whole,
        default=defaults.request_burst,
        help="(default: %(default)d)",
    )
    limits.add_argument(
        "--surveys-per-minute",
        type=positive_number,
        default=defaults.surveys_per_minute,
        help="survey posts (default: %(default)g)",
    )
    limits.add_argument(
        "--survey-burst",
        type=positive_whole,
        default=defaults.survey_burst,
        help="(default: %(default)d)",
    )
    limits.add_argument(
        "--streams-per-client",
        type=positive_whole,
        default=defaults.streams_per_client,
        help="open live pages (default: %(default)d)",
    )
    add_connection_arguments(parser)
    parser.add_argument(
        "--trust-proxy",
        metavar="IP",
        help="take the client address from X-Forwarded-For, only from this proxy address",
    )


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = ConnectionLimits()
    group = parser.add_argument_group(
        "connections (every open phone page holds one; a socket beyond a cap is closed at once)"
    )
    group.add_argument(
        "--max-connections",
        type=positive_whole,
        metavar="N",
        default=defaults.max_connections,
        help="in all; lowered to fit the open-file limit (default: %(default)d)",
    )
    group.add_argument(
        "--connections-per-client",
        type=positive_whole,
        metavar="N",
        default=defaults.per_client,
        help="from one address; not for the --trust-proxy address (default: %(default)d)",
    )
    group.add_argument(
        "--request-timeout",
        type=positive_number,
        default=defaults.request_timeout,
        metavar="SECONDS",
        help="for a request's head and body to arrive, else 408 (default: %(default)g)",
    )
    group.add_argument(
        "--keep-alive-timeout",
        type=positive_whole,
        default=defaults.keep_alive_timeout,
        metavar="SECONDS",
        help="an idle connection between requests is closed after (default: %(default)d)",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `walkin web` to the `walkin` command's subparsers."""
    parser = sub.add_parser("web", help="run the phone companion web server")
    add_arguments(parser)
    parser.set_defaults(handler=run)


def limits_from(args: argparse.Namespace) -> Limits:
    return Limits(
        requests_per_minute=args.requests_per_minute,
        request_burst=args.request_burst,
        surveys_per_minute=args.surveys_per_minute,
        survey_burst=args.survey_burst,
        streams_per_client=args.streams_per_client,
    )


def connection_limits_from(args: argparse.Namespace) -> ConnectionLimits:
    return ConnectionLimits(
        max_connections=args.max_connections,
        per_client=args.connections_per_client,
        request_timeout=args.request_timeout,
        keep_alive_timeout=args.keep_alive_timeout,
    )


def run(args: argparse.Namespace) -> int:
    """Handler of `walkin web`: serves until Ctrl+C or SIGTERM."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from db.store.engine import check_connection, open_database, resolve_url
    from web.app import create_app
    from web.server import serve

    db = open_database(resolve_url(args.db))
    try:
        check_connection(db)
    except DatabaseUnavailable as error:
        # Phones keep their pages open: the server must come up and say the queue is away.
        log.warning("%s: the server starts and keeps retrying", error)
    try:
        serve(
            create_app(db, limits=limits_from(args)),
            args.host,
            args.port,
            trust_proxy=args.trust_proxy,
            connections=connection_limits_from(args),
        )
    finally:
        db.dispose()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m web`: the same as `walkin web`, with its own `--db`."""
    parser = argparse.ArgumentParser(prog="python -m web", description=__doc__)
    parser.add_argument("--db", metavar="URL", help="database URL (default: $WALKIN_DB)")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except UserError as error:
        print(f"web: {error}", file=sys.stderr)  # noqa: T201
        return 1
    except KeyboardInterrupt:
        return 130
