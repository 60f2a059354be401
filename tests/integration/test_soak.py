"""A short soak on each backend: workers killed with kill -9 and, on PostgreSQL, their
connections terminated, then every invariant read straight from the database."""

from __future__ import annotations

import pytest

from benchmarks import soak
from tests.helpers import databases

pytestmark = pytest.mark.slow

SOAK_SECONDS = 12.0


def _options(backend: str) -> soak.Options:
    return soak.Options(
        backends=(backend,),
        issuers=3,
        callers=3,
        seconds=SOAK_SECONDS,
        kill_workers=True,
        terminate_connections=backend == "postgres",
        restart_postgres=False,  # it would cut the other test runs sharing the cluster
        fault_every=2.0,
        pg_url=databases.pg_base_url(),
    )


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_short_soak_with_faults_keeps_every_invariant(
    backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    options = _options(backend)
    figures = soak.soak(backend, options)
    with capsys.disabled():
        soak.print_figures(figures, options)
    assert {name: problems for name, problems in figures.violations.items() if problems} == {}
    assert [kind for kind in figures.stats.errors if "unexpected" in kind] == []
    assert figures.stats.issued > 0
    assert figures.stats.calls > 0
    assert figures.faults["worker killed (kill -9)"] > 0
    if backend == "postgres":
        assert figures.faults["connections terminated"] > 0
