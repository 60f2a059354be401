"""What leaves an office: the published columns, the office codes, the replication role."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.central.naming import BadOfficeCode, office_code, replication_role, slot_name
from db.central.office import NotPublishable, publication_statements, publish, role_statements
from db.central.tables import PUBLISHED, central_metadata
from db.store.engine import open_database
from db.store.models import Base
from tests.helpers import databases

SECRETS = {
    "officers": {"pin_hash", "failed_pins", "locked_until", "role"},
    "tickets": {"token", "idempotency_key"},
    "appointments": {"booking_code"},
    "events": {"details", "device"},
}


def test_no_secret_column_is_published() -> None:
    for table, secret in SECRETS.items():
        assert not secret & set(PUBLISHED[table]), table


def test_every_published_column_exists_and_the_primary_key_is_among_them() -> None:
    models = Base.metadata.tables
    for table, columns in PUBLISHED.items():
        if table not in models:
            continue  # the identity table, made by publish
        names = {c.name for c in models[table].columns}
        assert set(columns) <= names, table
        assert {c.name for c in models[table].primary_key} <= set(columns), table


def test_the_central_tables_hold_every_column_of_the_office_models() -> None:
    central = central_metadata().tables
    for table in PUBLISHED:
        if table in Base.metadata.tables:
            expected = {c.name for c in Base.metadata.tables[table].columns}
            assert {c.name for c in central[table].columns} == expected


def test_the_replication_role_may_read_only_the_published_columns() -> None:
    statements = role_statements("MDN1", "public")
    assert 'CREATE ROLE "walkin_repl_mdn1" LOGIN REPLICATION' in statements[0]
    assert any(s.startswith("REVOKE ALL ON ALL TABLES") for s in statements)
    officers = [s for s in statements if '"officers"' in s]
    assert officers == [
        'GRANT SELECT ("id", "login", "name", "active") ON "public"."officers" '
        'TO "walkin_repl_mdn1"'
    ]
    assert not any("pin_hash" in s or "token" in s for s in statements)


def test_the_publication_lists_its_columns() -> None:
    (statement,) = publication_statements("kantor")
    assert '"kantor"."tickets" ("id", "business_date"' in statement
    assert "ALTER PUBLICATION" in statement  # run again after an upgrade: the new list
    assert "CREATE PUBLICATION" in statement


@pytest.mark.parametrize("raw", ["", "a", "MDN-1", "x" * 17, "kantor medan"])
def test_a_bad_office_code_is_refused(raw: str) -> None:
    with pytest.raises(BadOfficeCode, match="2-16 letters or digits"):
        office_code(raw)


def test_an_office_code_is_kept_in_capitals_and_named_in_lower_case() -> None:
    assert office_code(" mdn1 ") == "MDN1"
    assert (replication_role("MDN1"), slot_name("MDN1")) == (
        "walkin_repl_mdn1",
        "walkin_central_mdn1",
    )


def test_a_sqlite_office_cannot_be_published(sqlite_template: Path, tmp_path: Path) -> None:
    db = open_database(databases.sqlite_url(sqlite_template, tmp_path))
    with pytest.raises(NotPublishable, match="only a PostgreSQL office database"):
        publish(db, "MDN1")
    db.dispose()
