"""Creating and upgrading the schema with Alembic (`walkin init`), and checking its revision.

Every app and command checks the revision at start, so that check reads Alembic's version table
and the migrations' file names without loading Alembic (0.1-0.3 s): only an upgrade does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import exc, inspect, text

from db.errors import SchemaOutOfDate
from db.store.engine import Database, translate_error

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parents[1] / "migrations"
VERSION_TABLE = "alembic_version"  # Alembic's default: one row, the applied revision


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest revision: migrations form one line, each file named after its revision
    (`0007_officer_secrets.py` is revision 0007), so the highest number is the head."""
    files = (MIGRATIONS / "versions").glob("[0-9]*_*.py")
    return max(path.name.partition("_")[0] for path in files)


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            if not inspect(conn).has_table(VERSION_TABLE):
                return None
            revision: str | None = conn.scalar(text(f"SELECT version_num FROM {VERSION_TABLE}"))
            return revision
    except exc.DBAPIError as error:
        raise translate_error(db, error) from error


def upgrade(db: Database) -> tuple[str | None, str]:
    """Create or upgrade the schema to the newest revision; returns (before, after)."""
    from alembic import command

    before = current_revision(db)
    config = _config()
    try:
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except exc.DBAPIError as error:
        raise translate_error(db, error) from error
    return before, head_revision()


def require_current(db: Database) -> None:
    """Refuse to run against a database whose schema is missing or older than this code."""
    current = current_revision(db)
    if current != head_revision():
        state = "has no queue schema" if current is None else f"has schema {current}"
        raise SchemaOutOfDate(f"the database {db.label} {state}: run `walkin init`")
