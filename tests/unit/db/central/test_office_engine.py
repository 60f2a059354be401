"""The central report's one engine per process: every office of a server through it, each
connection in the database and schema of the office being reported."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.central.report import _OfficeEngine
from db.store.engine import read
from tests.helpers import databases


@pytest.fixture
def engines() -> Iterator[_OfficeEngine]:
    shared = _OfficeEngine()
    yield shared
    shared.dispose()


def _where(engines: _OfficeEngine, url: str) -> tuple[str, str]:
    with read(engines.office(url)) as session:
        database, schema = session.execute(
            text("SELECT current_database(), current_schema()")
        ).one()
    return str(database), str(schema)


@pytest.mark.postgres
def test_offices_of_one_server_share_the_engine_and_each_reads_its_own_schema(
    engines: _OfficeEngine,
) -> None:
    with databases.pg_schema_url() as first, databases.pg_schema_url() as second:
        first_engine = engines.office(first).engine
        assert engines.office(second).engine is first_engine
        for url in (first, second, first):
            schema = str(make_url(url).query["options"]).removeprefix("-csearch_path=")
            assert _where(engines, url)[1] == schema


@pytest.mark.postgres
def test_each_connection_goes_to_the_office_database(engines: _OfficeEngine) -> None:
    base = make_url(databases.pg_base_url() or "")
    other = base.set(database="postgres")
    for url in (base, other, base):
        named = url.render_as_string(hide_password=False)
        assert _where(engines, named) == (url.database, "public")


def test_another_server_gets_an_engine_of_its_own(engines: _OfficeEngine) -> None:
    here = engines.office("postgresql+psycopg://report@127.0.0.1:5432/kantor_a").engine
    same = engines.office("postgresql+psycopg://report@127.0.0.1:5432/kantor_b").engine
    there = engines.office("postgresql+psycopg://report@127.0.0.1:5433/kantor_a").engine
    assert same is here
    assert there is not here
