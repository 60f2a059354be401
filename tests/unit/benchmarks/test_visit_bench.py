"""The visit benchmark runs end to end on a tiny load and checks its own invariants."""

from __future__ import annotations

import pytest

from benchmarks.visit_bench import main


def test_a_tiny_run_prints_every_phase_and_clean_invariants(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--backend", "sqlite", "--clients", "2", "--per-client", "3"]) == 0
    out = capsys.readouterr().out
    for phase in ("floor", "check-in", "issue", "call", "finish"):
        assert f"  {phase} " in out
    assert "numbers given twice 0, tickets called twice 0" in out
    assert "error:" not in out
