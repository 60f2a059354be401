"""Throw-away PostgreSQL clusters with wal_level = logical, for the central replication tests.

The machine's shared PostgreSQL runs with wal_level = replica and must not be reconfigured, so
these tests start their own clusters (initdb + pg_ctl) on free ports of 127.0.0.1, each in a
temporary folder, stopped and deleted afterwards. initdb and postgres refuse to run as root: as
root they run as the `postgres` system user (runuser), otherwise as the current user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.helpers import databases

SYSTEM_USER = "postgres"
START_TIMEOUT_S = 60
# Enough workers and slots for a handful of offices, each copying a few tables at once, and a
# quick retry after a lost link (the default waits 5 s).
OFFICE_SETTINGS: Mapping[str, str] = {
    "wal_level": "logical",
    "max_replication_slots": "40",
    "max_wal_senders": "40",
}
CENTRAL_SETTINGS: Mapping[str, str] = {
    "max_replication_slots": "40",
    "max_logical_replication_workers": "24",
    "max_sync_workers_per_subscription": "2",
    "max_worker_processes": "32",
    "wal_retrieve_retry_interval": "500ms",
}
SPEED_SETTINGS: Mapping[str, str] = {"fsync": "off", "synchronous_commit": "off"}


class ClustersUnavailable(Exception):
    """No PostgreSQL server binaries here (or no user to run them as)."""


def server_binaries() -> Path:
    """The folder of initdb, pg_ctl and postgres: on PATH, else Debian's newest."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if candidates:
        return Path(candidates[-1]).parent
    raise ClustersUnavailable("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")


def _run_as() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        raise ClustersUnavailable(f"running as root and there is no {SYSTEM_USER} user") from None
    return ["runuser", "-u", SYSTEM_USER, "--"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    name: str
    port: int
    folder: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def libpq(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, statement: str, database: str = "postgres") -> None:
        with psycopg.connect(self.libpq(database), autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def create_database(self, name: str) -> str:
        self.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _command(binaries: Path, *args: str) -> list[str]:
    return [*_run_as(), str(binaries / args[0]), *args[1:]]


def start_cluster(name: str, settings: Mapping[str, str]) -> Cluster:
    binaries = server_binaries()
    folder = Path(tempfile.mkdtemp(prefix=f"walkin-{name}-"))
    if os.geteuid() == 0:
        shutil.chown(folder, SYSTEM_USER, SYSTEM_USER)
    data = folder / "data"
    initdb = ["initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync"]
    subprocess.run(_command(binaries, *initdb, "-E", "UTF8"), check=True, capture_output=True)
    port = free_port()
    options = [f"-c {k}={v}" for k, v in {**SPEED_SETTINGS, **settings}.items()]
    options += [f"-p {port}", f"-k {folder}", "-c listen_addresses=127.0.0.1"]
    start = ["pg_ctl", "-D", str(data), "-l", str(folder / "log"), "-w"]
    start += ["-t", str(START_TIMEOUT_S), "-o", " ".join(options), "start"]
    subprocess.run(_command(binaries, *start), check=True, capture_output=True)
    return Cluster(name, port, folder)


def stop_cluster(cluster: Cluster) -> None:
    binaries = server_binaries()
    stop = ["pg_ctl", "-D", str(cluster.folder / "data"), "-m", "immediate", "-w", "stop"]
    with suppress(subprocess.CalledProcessError):
        subprocess.run(_command(binaries, *stop), check=True, capture_output=True)
    shutil.rmtree(cluster.folder, ignore_errors=True)


@contextmanager
def clusters(*names_and_settings: tuple[str, Mapping[str, str]]) -> Iterator[Sequence[Cluster]]:
    """Start the clusters; stop and delete them afterwards, whatever happens."""
    started: list[Cluster] = []
    try:
        for name, settings in names_and_settings:
            started.append(start_cluster(name, settings))
        yield started
    finally:
        for cluster in started:
            stop_cluster(cluster)


def wait_until(check: object, timeout_s: float = 60.0, every_s: float = 0.1) -> None:
    """Poll `check()` until it is true; AssertionError after `timeout_s`."""
    assert callable(check)
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout_s} s: {check}")
        time.sleep(every_s)


@pytest.fixture(scope="session")
def logical_clusters() -> Iterator[tuple[Cluster, Cluster]]:
    """An office cluster (several office databases) and a central cluster, for the session.

    Skipped with the reason where this machine has no PostgreSQL server binaries, except where
    PostgreSQL tests are required (CI), where that fails instead."""
    try:
        server_binaries()
        _run_as()
    except ClustersUnavailable as error:
        if databases.pg_required():
            pytest.fail(f"the central replication tests must run here, but: {error}")
        pytest.skip(f"central replication tests skipped: {error}")
    with clusters(("office", OFFICE_SETTINGS), ("central", CENTRAL_SETTINGS)) as (office, central):
        yield office, central
