"""The parsers of the `walkin` commands beyond the plain ones: administration, bookings,
the central database, the report, retention and the ticket lookup.

Their handlers are named (`walkin.dispatch.Handler`), not imported: each handler's module loads
the database layer, the report's charts or the printer stack only when its command runs.
"""

from __future__ import annotations

import argparse
import os
from datetime import date

from db.rules import words
from ticket_printer.target import ENV_PRINTER
from walkin.dispatch import Handler

REPORT_FORMATS = ("table", "csv", "json", "html")


def register_admin(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    save = sub.add_parser("backup", help="copy the database to a file (safe while apps run)")
    save.add_argument("dest", metavar="DEST", help="the backup file to write")
    save.set_defaults(handler=Handler("walkin.admin:backup"))

    load = sub.add_parser("restore", help="replace the database's contents with a backup")
    load.add_argument("src", metavar="SRC", help="a file written by `walkin backup`")
    load.add_argument("--force", action="store_true", help="replace a database that holds data")
    load.set_defaults(handler=Handler("walkin.admin:restore"))

    check = sub.add_parser("doctor", help="check database, printer, audio and Qt; print fixes")
    check.add_argument("--printer", metavar="URL", help=f"default: ${ENV_PRINTER}")
    check.add_argument("--no-qt", action="store_true", help="skip the audio and Qt checks")
    check.set_defaults(handler=Handler("walkin.admin:run_doctor"))

    database = sub.add_parser("db", help="database administration")
    dsub = database.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    grant = dsub.add_parser("grant", help="print (or --apply) least-privilege PostgreSQL roles")
    grant.add_argument("--apply", action="store_true", help="run the GRANTs (PostgreSQL only)")
    grant.set_defaults(handler=Handler("walkin.admin:grant_roles"))


def register_bookings(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bookings = sub.add_parser("appointments", help="the day's M-Paspor booking list")
    bsub = bookings.add_subparsers(dest="appointments_command", required=True, metavar="ACTION")
    load = bsub.add_parser(
        "import", help="load a booking list (CSV) exported by the booking system"
    )
    load.add_argument("file", metavar="FILE.csv")
    load.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="load only this day's rows")
    load.add_argument("--strict", action="store_true", help="load nothing if any row is bad")
    load.set_defaults(handler=Handler("walkin.bookings:import_file"))
    release = bsub.add_parser(
        "release", help="after the cut-off: unused bookings become walk-in places"
    )
    release.set_defaults(handler=Handler("walkin.bookings:release_now"))

    checkin = sub.add_parser("checkin", help="check in a booking code, as the kiosk does")
    checkin.add_argument("code", help="the booking code (as on the booking proof)")
    checkin.add_argument(
        "--service", metavar="CODE", help="only for a code trusted without a list: its service"
    )
    checkin.add_argument("--json", action="store_true", help="print JSON")
    checkin.set_defaults(handler=Handler("walkin.bookings:checkin_code"))


def register_central(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    central = sub.add_parser("central", help="replicate offices to a central PostgreSQL")
    csub = central.add_subparsers(dest="central_command", required=True, metavar="ACTION")

    pub = csub.add_parser("publish", help="on an office server: publish it to the centre")
    pub.add_argument(
        "--office", required=True, metavar="CODE", help="e.g. MDN1 (2-16 letters/digits)"
    )
    _db(pub).set_defaults(handler=Handler("walkin.central:run_publish"))

    init = csub.add_parser("init", help="on the central server: create the office catalogue")
    _db(init).set_defaults(handler=Handler("walkin.central:run_init"))

    add = csub.add_parser("add-office", help="on the central server: subscribe to an office")
    add.add_argument("code", metavar="CODE")
    add.add_argument(
        "--source",
        required=True,
        metavar="URL",
        help="the office database as the centre reaches it, with its replication login, e.g. "
        "postgresql://walkin_repl_mdn1:PW@10.1.2.3/walkin?sslmode=verify-full",
    )
    _db(add).set_defaults(handler=Handler("walkin.central:run_add_office"))

    drop = csub.add_parser(
        "remove-office", help="on the central server: unsubscribe an office, drop its rows there"
    )
    drop.add_argument("code", metavar="CODE")
    _db(drop).set_defaults(handler=Handler("walkin.central:run_remove_office"))

    show = csub.add_parser("status", help="each office's replication state, lag, last contact")
    show.add_argument("--office", nargs="+", action="extend", metavar="CODE")
    show.add_argument("--json", action="store_true", help="print JSON")
    _db(show).set_defaults(handler=Handler("walkin.central:run_status"))


def _db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="as `walkin --db`")
    return parser


def register_report(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "report",
        help="figures of a period: waits, service times, SLA, quota, satisfaction",
        description="--format csv writes one file per table into the folder --out DIR "
        "(figures_counts.csv, figures_times.csv, hours.csv, ...; machine column names).",
    )
    parser.add_argument("--from", dest="start", type=_date, required=True, metavar="DATE")
    parser.add_argument("--to", dest="end", type=_date, required=True, metavar="DATE")
    parser.add_argument(
        "--service", nargs="+", action="extend", metavar="CODE", help="only these services"
    )
    parser.add_argument("--format", choices=REPORT_FORMATS, default="table")
    parser.add_argument(
        "--lang",
        choices=words.LANGUAGES,
        default=words.DEFAULT_LANGUAGE,
        help="the language of the table and HTML report: id (default) or en",
    )
    parser.add_argument(
        "--out",
        metavar="PATH",
        help="write to this file (csv: into this folder) instead of printing",
    )
    parser.add_argument(
        "--central",
        action="store_true",
        help="--db is a central database: every office side by side, and the totals",
    )
    parser.add_argument(
        "--office", nargs="+", action="extend", metavar="CODE", help="with --central: only these"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(4, os.cpu_count() or 1),
        metavar="N",
        help="with --central: offices reported at once (default: the cores, at most 4)",
    )
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="as `walkin --db`")
    parser.set_defaults(handler=Handler("walkin.report:run"))


def register_retention(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "purge",
        help="remove booking codes and phone tokens of finished days (figures are kept)",
    )
    parser.add_argument(
        "--before",
        type=_date,
        required=True,
        metavar="YYYY-MM-DD",
        help="purge the business days before this date (at most today)",
    )
    parser.add_argument("--dry-run", action="store_true", help="count only, change nothing")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=Handler("walkin.retention:run"))


def register_ticket_lookup(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "ticket", help="look up today's ticket CODE: status, step, people ahead, wait, counter"
    )
    parser.add_argument("code", help="ticket number, e.g. A001")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=Handler("walkin.ticket_lookup:show_ticket"))


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None
