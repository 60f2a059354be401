"""Start-up benchmark: wall-clock time of short `walkin` commands, and what they import.

Run:  python -m benchmarks.cli_startup [--runs 5]

Makes a SQLite database of the demo office in a temporary folder (and, with $WALKIN_TEST_PG_URL
set, in a fresh PostgreSQL schema), then runs each command `--runs` times as a new
`python -m walkin` process and prints the median and best wall-clock seconds, the median CPU
seconds of the process (steadier than the wall clock on a busy machine), and the modules of
note each command loaded (target: `--help` and `status` under 0.4 s on SQLite). The import
profile of one command is `python -X importtime -m walkin status 2> importtime.txt`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tests.helpers import databases

TARGET_S = 0.4
TARGETED = (("--help",), ("status",))
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("status",),
    ("status", "--json"),
    ("ticket", "A001"),
    ("report", "--help"),
)
HEAVY = ("matplotlib", "escpos", "alembic", "PySide6", "psycopg")
PROBE = (
    "import runpy, sys\n"
    "sys.argv = ['walkin', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('walkin', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _bench("sqlite", f"sqlite:///{Path(folder) / 'walkin.db'}", args.runs)
    if databases.pg_base_url():
        with databases.pg_schema_url() as url:
            _bench("postgres", url, args.runs)
    return 0


def _bench(backend: str, url: str, runs: int) -> None:
    env = {**os.environ, "WALKIN_DB": url}
    _walkin(["init", "--demo"], env)
    _walkin(["issue", "A"], env)
    print(f"{backend}: wall median / best, CPU median, of {runs} runs (s; target < {TARGET_S})")
    for command in COMMANDS:
        wall, cpu = zip(*(_timed(command, env) for _ in range(runs)), strict=True)
        median = statistics.median(wall)
        mark = "!" if command in TARGETED and median >= TARGET_S else ""
        print(
            f"  walkin {' '.join(command):<18} {median:.3f} / {min(wall):.3f}{mark:1}"
            f"  cpu {statistics.median(cpu):.3f}  loads: {_heavy_modules(command, env) or '-'}"
        )


def _walkin(command: Sequence[str], env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "walkin", *command], env=env, check=True, capture_output=True
    )


def _timed(command: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "walkin", *command], env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _heavy_modules(command: Sequence[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *command], env=env, capture_output=True, text=True
    )
    return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


if __name__ == "__main__":
    raise SystemExit(main())
