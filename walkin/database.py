"""The database a `walkin` command works on, as the user named it (`--db`, $WALKIN_DB, ...)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from db.store import schema
from db.store.engine import Database, check_connection, open_database, resolve_url


@contextmanager
def opened(args: argparse.Namespace, *, require_schema: bool = True) -> Iterator[Database]:
    """The database the user named, reachable and (unless initialising) up to date."""
    db = open_database(resolve_url(args.db))
    try:
        check_connection(db)
        if require_schema:
            schema.require_current(db)
        yield db
    finally:
        db.dispose()
