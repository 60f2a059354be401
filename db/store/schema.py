"""Creating and upgrading the schema with Alembic (`walkin init`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import exc

from db.errors import SchemaOutOfDate
from db.store.engine import Database, translate_error

MIGRATIONS = Path(__file__).parents[1] / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except exc.DBAPIError as error:
        raise translate_error(db, error) from error


def upgrade(db: Database) -> tuple[str | None, str]:
    """Create or upgrade the schema to the newest revision; returns (before, after)."""
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
