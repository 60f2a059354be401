"""The central benchmark runs end to end on a tiny load: both parts print their figures."""

from __future__ import annotations

import pytest

from benchmarks.central_bench import main
from tests.helpers.clusters import ClustersUnavailable, server_binaries
from tests.helpers.databases import pg_required


def test_a_tiny_run_prints_the_lag_and_the_report_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    try:
        server_binaries()
    except ClustersUnavailable as error:
        if pg_required():
            raise
        pytest.skip(f"no PostgreSQL server here: {error}")
    args = ["--tickets", "30", "--hours", "0.5", "--speed", "600"]
    assert main([*args, "--offices", "3", "--days", "2", "--per-day", "10", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    for code in ("KPA", "MDN", "SBY"):
        assert f"  {code}: office and centre rows same: tickets 10," in out
    assert "lag median" in out
    assert "central month report over 3 offices (2 at once):" in out
