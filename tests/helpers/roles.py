"""Logins of the app roles of `walkin db grant`, for tests on PostgreSQL.

Roles are cluster-wide and other test runs share the cluster: every login made here has a
unique name and is dropped afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from db.store.engine import Database, open_database


@contextmanager
def login_as(db: Database, group: str) -> Iterator[Database]:
    """The same database, reached through a new LOGIN role that is a member of `group` only."""
    name = f"walkin_t_{uuid.uuid4().hex[:12]}_{group.removeprefix('walkin_')}"
    with db.engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{name}" LOGIN IN ROLE "{group}"'))
    login = open_database(db.url.set(username=name).render_as_string(hide_password=False))
    try:
        yield login
    finally:
        login.dispose()
        with db.engine.begin() as conn:
            conn.execute(text(f'DROP ROLE "{name}"'))
