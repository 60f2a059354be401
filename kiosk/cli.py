"""`walkin kiosk` (and `python -m kiosk`): the command line of the kiosk.

The database layer and Qt load when the kiosk runs, so that building the `walkin` parser stays fast.
"""

from __future__ import annotations

import argparse

from ticket_printer.target import ENV_PRINTER


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--printer",
        metavar="URL",
        help="tcp://HOST:9100, usb://VID:PID, serial:///dev/ttyUSB0?baudrate=N, file:///PATH, "
        f"preview:///FOLDER or none (default: ${ENV_PRINTER}, else the settings file)",
    )
    parser.add_argument("--windowed", action="store_true", help="a normal window (development)")
    parser.add_argument("--config", metavar="FILE", help="kiosk settings (TOML, [kiosk] table)")
    parser.set_defaults(handler=run)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `kiosk` to the `walkin` subcommands."""
    add_arguments(sub.add_parser("kiosk", help="run the ticket kiosk (touchscreen)"))


def run(args: argparse.Namespace) -> int:
    from db.store.engine import resolve_url
    from kiosk.app import run as run_kiosk

    return run_kiosk(
        resolve_url(args.db), printer=args.printer, windowed=args.windowed, config_file=args.config
    )
