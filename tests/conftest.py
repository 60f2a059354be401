"""Shared fixtures: a queue database on each backend, and a small configured office."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from db.office_config import CounterConfig, OfficeConfig, PriorityConfig, ServiceConfig
from db.ops.setup import apply_config
from db.store.engine import Database, open_database
from tests.helpers import databases

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The machines that run the tests are shared: slow example generation, or one example that
# takes longer than Hypothesis's 200 ms deadline while another process has the cores, says
# nothing about the code under test, so neither fails a run (every other health check stays
# on; speed is the benchmarks' business).
settings.register_profile(
    "shared-machine", suppress_health_check=[HealthCheck.too_slow], deadline=None
)
settings.load_profile("shared-machine")

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = databases.pg_unavailable_reason()
    if reason is None:
        return
    if databases.pg_required():
        raise pytest.UsageError(f"PostgreSQL tests must run here, but: {reason}")
    skip = pytest.mark.skip(reason=f"PostgreSQL tests skipped: {reason}")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return databases.sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, migrated, empty queue database on each backend."""
    if request.param == "sqlite":
        yield databases.sqlite_url(sqlite_template, tmp_path)
        return
    with databases.pg_schema_url() as url:
        databases.migrated(url).dispose()
        yield url


@pytest.fixture
def empty_db(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    yield db
    db.dispose()


SMALL_OFFICE = OfficeConfig(
    name="Kantor Uji",
    timezone="Asia/Jakarta",
    priority=PriorityConfig(policy="ratio", ratio=2, fairness_minutes=60, daily_cap=None),
    services=(
        ServiceConfig("A", "Paspor Baru", "New passport", daily_quota=5),
        ServiceConfig("B", "Penggantian Paspor", "Passport renewal", daily_quota=None),
        ServiceConfig("E", "Informasi", "Information", priority_allowed=False),
    ),
    counters=(
        CounterConfig(1, "Loket 1", (("A", 1), ("B", 1))),
        CounterConfig(2, "Loket 2", (("A", 1), ("B", 1))),
        CounterConfig(3, "Loket 3", (("E", 1),)),
    ),
)


@pytest.fixture
def db(empty_db: Database) -> Database:
    """A queue database holding the small test office (quota 5 on A, none on B)."""
    apply_config(empty_db, SMALL_OFFICE)
    return empty_db
