"""The hot paths' round trips to PostgreSQL, counted on the wire, stay as few as designed."""

from __future__ import annotations

import pytest

from benchmarks.round_trips import main
from tests.helpers.databases import pg_base_url

pytestmark = pytest.mark.postgres

# Reads first, then one write statement (issue and check-in: 2 reads each; finish: 2 reads
# and one statement on its own; call next: 1 read, then BEGIN, the locked heads, the call's
# one statement and COMMIT). One more is a statement the design says should not be there.
MOST = {"issue": 3, "check-in": 3, "call next": 5, "finish": 3}


def test_each_hot_path_takes_no_more_round_trips_than_designed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--pg-url", pg_base_url() or ""]) == 0
    out = capsys.readouterr().out
    counts: dict[str, int] = {}
    for line in out.splitlines()[1:]:
        name, count = line.strip().rsplit(maxsplit=1)
        counts[name] = int(count)
    assert set(counts) == set(MOST)
    for name, most in MOST.items():
        assert 1 <= counts[name] <= most, f"{name}: {counts[name]} round trips (at most {most})"
