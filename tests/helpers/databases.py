"""Fresh, isolated queue databases for tests and benchmarks, on SQLite or PostgreSQL."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from db.store import schema
from db.store.engine import Database, open_database

PG_ENV = "WALKIN_TEST_PG_URL"
REQUIRE_PG_ENV = "WALKIN_REQUIRE_PG"


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def pg_required() -> bool:
    return os.environ.get(REQUIRE_PG_ENV, "") not in ("", "0")


def pg_unavailable_reason() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can."""
    url = pg_base_url()
    if url is None:
        return f"{PG_ENV} is not set (e.g. postgresql://postgres@127.0.0.1:5432/test)"
    try:
        psycopg.connect(_libpq(url), connect_timeout=3).close()
    except psycopg.Error as error:
        return f"PostgreSQL at {PG_ENV} is unreachable: {str(error).strip()}"
    return None


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def sqlite_template(folder: Path) -> Path:
    """A migrated, empty SQLite file to copy: migrating once is much faster than per test."""
    path = folder / "template.sqlite3"
    if not path.exists():
        db = open_database(f"sqlite:///{path}")
        schema.upgrade(db)
        db.dispose()
    return path


def sqlite_url(template: Path, folder: Path) -> str:
    path = folder / f"queue-{uuid.uuid4().hex[:8]}.sqlite3"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A URL whose connections see only a new, empty schema; dropped afterwards."""
    base = pg_base_url()
    assert base is not None
    name = f"walkin_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(base), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    url = make_url(base).set(drivername="postgresql+psycopg")
    url = url.update_query_dict({"options": f"-csearch_path={name}", "application_name": name})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_libpq(base), autocommit=True) as conn:
            # An app a test made may still be reading on a thread of its own (a display is
            # stopped by its fixture only after this one): its read and the DROP would deadlock
            # on the schema's tables. End the schema's sessions first.
            conn.execute(_END_SESSIONS, (name,))
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')


_END_SESSIONS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE application_name = %s AND pid <> pg_backend_pid()"
)


def migrated(url: str) -> Database:
    db = open_database(url)
    schema.upgrade(db)
    return db
