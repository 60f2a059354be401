"""Administrative subcommands: `walkin backup`, `restore`, `doctor` and `db grant`.

Their parser is in `walkin/subparsers.py`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from db.ops import backup as backups
from db.ops import grants
from db.store.engine import open_database, resolve_url
from ticket_printer.target import ENV_PRINTER
from walkin import doctor
from walkin.database import opened


def backup(args: argparse.Namespace) -> int:
    with opened(args, require_schema=False) as db:
        done = backups.backup(db, Path(args.dest))
    print(f"backed up {db.label} to {done.path}: {done.tickets} tickets, {done.size} bytes")
    return 0


def restore(args: argparse.Namespace) -> int:
    with opened(args, require_schema=False) as db:
        done = backups.restore(db, Path(args.src), force=args.force)
    print(f"restored {done.source} into {db.label}: {done.tickets} tickets")
    if db.dialect == "postgresql":
        print("privileges are not restored: run `walkin db grant --apply` if you use the roles")
    print("if the backup is older than this version, run `walkin init` to upgrade it")
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    printer = args.printer or os.environ.get(ENV_PRINTER) or None
    failed = 0
    for check in doctor.run_checks(resolve_url(args.db), printer, qt=not args.no_qt):
        print(check.line(), flush=True)
        failed += not check.ok
    print(f"{failed} problem(s) found" if failed else "all checks passed")
    return 1 if failed else 0


def grant_roles(args: argparse.Namespace) -> int:
    db = open_database(resolve_url(args.db))
    try:
        if not args.apply:
            if db.dialect != "postgresql":
                print(f"-- {db.label} is SQLite: roles and GRANTs apply to PostgreSQL only.")
                print("-- For reference, on PostgreSQL `walkin db grant --apply` runs:")
            print(grants.grant_script(grants.schema_of(db)))
            return 0
    finally:
        db.dispose()
    with opened(args) as db:
        count = grants.apply_grants(db)
    names = ", ".join(role.role for role in grants.ROLES)
    print(f"granted on {db.label} ({count} statements): {names}")
    return 0
