"""Database errors of the central commands as one-line messages a DBA can act on."""

from __future__ import annotations

from sqlalchemy import exc

from db.errors import UserError
from db.store.engine import Database, translate_error


def failed(db: Database, error: exc.DBAPIError, doing: str) -> Exception:
    """What to raise for `error`: a known fault as classified (database lost, read-only ...),
    anything else (no privilege, an object that exists already) as a UserError saying what
    was being done and PostgreSQL's own first line."""
    translated = translate_error(db, error)
    if translated is not error:
        return translated
    message = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    return UserError(f"{doing} on {db.label} failed: {message}")
