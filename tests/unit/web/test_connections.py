"""The socket limits' bookkeeping, and how they fit under the process's open-file limit."""

from __future__ import annotations

import argparse
import logging

import pytest

from web import cli, connections
from web.connections import (
    CLIENT_FULL,
    FD_HEADROOM,
    SERVER_FULL,
    ConnectionGuard,
    ConnectionLimits,
    fit_open_file_limit,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_address_is_capped_and_others_still_get_in() -> None:
    guard = ConnectionGuard(ConnectionLimits(max_connections=10, per_client=3))
    assert [guard.admit("10.0.0.9") for _ in range(4)] == [None, None, None, CLIENT_FULL]
    assert guard.admit("10.0.0.7") is None
    assert (guard.held("10.0.0.9"), guard.total) == (3, 4)
    guard.release("10.0.0.9")
    assert guard.admit("10.0.0.9") is None


def test_the_total_is_capped_and_a_closed_socket_frees_its_place() -> None:
    guard = ConnectionGuard(ConnectionLimits(max_connections=3, per_client=10))
    for n in range(3):
        assert guard.admit(f"10.0.0.{n}") is None
    assert guard.admit("10.0.0.50") == SERVER_FULL
    guard.release("10.0.0.1")
    assert guard.admit("10.0.0.50") is None
    assert guard.held("10.0.0.1") == 0


def test_a_trusted_proxy_has_no_per_client_cap_but_the_total_holds() -> None:
    limits = ConnectionLimits(max_connections=5, per_client=2)
    guard = ConnectionGuard(limits, exempt=frozenset(["10.0.0.1"]))
    assert [guard.admit("10.0.0.1") for _ in range(6)][-2:] == [None, SERVER_FULL]


def test_a_flood_of_refusals_is_logged_once_a_minute(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    guard = ConnectionGuard(ConnectionLimits(max_connections=5, per_client=1), clock=clock)
    guard.admit("198.51.100.7")
    with caplog.at_level(logging.WARNING, logger="web.connections"):
        for _ in range(1000):
            guard.admit("198.51.100.7")
        clock.now += 61
        guard.admit("198.51.100.7")
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert "0 with 1 open in all" in lines[0]
    assert "1 from one address (--connections-per-client 1; the last from 198.51" in lines[0]
    assert "1000 from one address" in lines[1]  # 999 not logged yet, and the one just now


@pytest.mark.parametrize(
    "field", ["max_connections", "per_client", "request_timeout", "keep_alive_timeout"]
)
def test_connection_limits_must_be_positive(field: str) -> None:
    with pytest.raises(ValueError, match="positive"):
        ConnectionLimits(**{field: 0})


class FakeLimits:
    """RLIMIT_NOFILE as getrlimit/setrlimit see it; setrlimit refuses beyond the hard limit."""

    def __init__(self, soft: int, hard: int) -> None:
        self.soft, self.hard = soft, hard

    def getrlimit(self, _which: int) -> tuple[int, int]:
        return self.soft, self.hard

    def setrlimit(self, _which: int, limits: tuple[int, int]) -> None:
        if limits[0] > self.hard:
            raise ValueError("not allowed to raise maximum limit")
        self.soft = limits[0]


@pytest.fixture
def nofile(monkeypatch: pytest.MonkeyPatch) -> FakeLimits:
    fake = FakeLimits(1024, 1024)
    monkeypatch.setattr(connections.resource, "getrlimit", fake.getrlimit)
    monkeypatch.setattr(connections.resource, "setrlimit", fake.setrlimit)
    return fake


def test_the_soft_open_file_limit_is_raised_when_the_hard_one_allows(nofile: FakeLimits) -> None:
    nofile.hard = 524288
    limits = ConnectionLimits(max_connections=2000)
    assert fit_open_file_limit(limits) == limits
    assert nofile.soft == 2000 + FD_HEADROOM


def test_connections_are_lowered_below_a_hard_open_file_limit(
    nofile: FakeLimits, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="web.connections"):
        fitted = fit_open_file_limit(ConnectionLimits(max_connections=2000, per_client=50))
    assert (fitted.max_connections, fitted.per_client) == (1024 - FD_HEADROOM, 50)
    assert f"at most {1024 - FD_HEADROOM} connections instead of 2000" in caplog.text
    assert "ulimit -n" in caplog.text


def test_a_limit_that_is_already_enough_is_left_alone(nofile: FakeLimits) -> None:
    limits = ConnectionLimits(max_connections=1024 - FD_HEADROOM)
    assert fit_open_file_limit(limits) == limits
    assert nofile.soft == 1024


def test_connection_limits_come_from_the_flags() -> None:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args(
        ["--max-connections", "3000", "--connections-per-client", "200", "--request-timeout", "2.5"]
    )
    limits = cli.connection_limits_from(args)
    assert limits == ConnectionLimits(3000, 200, 2.5, ConnectionLimits().keep_alive_timeout)


@pytest.mark.parametrize(
    ("flag", "value"), [("--max-connections", "0"), ("--keep-alive-timeout", "1.5")]
)
def test_a_bad_connection_flag_is_a_usage_error(flag: str, value: str) -> None:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    with pytest.raises(SystemExit):
        parser.parse_args([flag, value])
