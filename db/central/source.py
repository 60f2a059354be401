"""What the central side checks at an office before subscribing to it."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL

from db.central.tables import IDENTITY_TABLE, PUBLICATION
from db.errors import DatabaseUnavailable, UserError
from db.store.engine import describe, parse_url


class SourceNotReady(UserError):
    """The office database cannot be replicated yet; the message says what to do there."""


@dataclass(frozen=True)
class SourceOffice:
    url: URL
    code: str
    name: str
    schema: str


def libpq(url: URL) -> str:
    """A SQLAlchemy URL as a libpq connection URI (for psycopg and CREATE SUBSCRIPTION)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def inspect_source(raw_url: str, code: str) -> SourceOffice:
    """Connect to the office as the centre will, and check it is published as office `code`."""
    url = parse_url(raw_url)
    try:
        with psycopg.connect(libpq(url), autocommit=True, connect_timeout=10) as conn:
            return _inspect(conn, url, code)
    except psycopg.OperationalError as error:
        raise DatabaseUnavailable(
            f"cannot reach the office database {describe(url)}: {str(error).strip()}"
        ) from error


def _inspect(conn: psycopg.Connection[tuple[object, ...]], url: URL, code: str) -> SourceOffice:
    where = f"{describe(url)}"
    wal_level = conn.execute("SHOW wal_level").fetchone()
    if not wal_level or wal_level[0] != "logical":
        raise SourceNotReady(
            f"{where} runs with wal_level = {wal_level[0] if wal_level else '?'}: its DBA sets "
            "wal_level = logical in postgresql.conf and restarts PostgreSQL"
        )
    schemas = conn.execute(
        "SELECT DISTINCT schemaname FROM pg_publication_tables WHERE pubname = %s", (PUBLICATION,)
    ).fetchall()
    if len(schemas) != 1:
        raise SourceNotReady(
            f"{where} has no publication {PUBLICATION}: run `walkin central publish --office "
            f"{code}` on the office server first"
        )
    schema = str(schemas[0][0])
    query = sql.SQL("SELECT code, name FROM {}.{}").format(
        sql.Identifier(schema), sql.Identifier(IDENTITY_TABLE)
    )
    row = conn.execute(query).fetchone()
    if row is None or row[0] != code:
        found = "no office code" if row is None else f"office {row[0]}"
        raise SourceNotReady(f"{where} is published as {found}, not {code}")
    return SourceOffice(url, code, str(row[1]), schema)
