"""Fixtures of the web tests: the app over the small test office, and tickets in each state."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette

from db.rules.clock import utcnow
from db.services import calls, officers
from db.services.days import cancel_ticket
from db.services.tickets import issue_ticket
from db.store.engine import Database, open_database
from tests.unit.web.appclient import AppClient
from web.app import create_app
from web.ratelimit import Limits

GENEROUS = Limits(requests_per_minute=6000, request_burst=1000)


@pytest.fixture
def app(db: Database) -> Starlette:
    return create_app(db, limits=GENEROUS)


@pytest.fixture
def client(app: Starlette) -> AppClient:
    """A client without the app's lifespan: the hub does not run, pages read the database."""
    return AppClient(app)


@pytest.fixture
def unreachable_db() -> Iterator[Database]:
    """A database that refuses connections at once (nothing listens on port 1)."""
    db = open_database("postgresql://walkin@127.0.0.1:1/queue")
    yield db
    db.dispose()


@pytest.fixture
def unreachable_client(unreachable_db: Database) -> AppClient:
    return AppClient(create_app(unreachable_db, limits=GENEROUS))


def issue(
    db: Database, service: str = "B", *, priority: str | None = None, now: datetime | None = None
) -> str:
    """A new ticket's token (service B has no quota)."""
    return issue_ticket(db, service, priority=priority, now=now).token


def called(db: Database, counter: int = 1) -> str:
    token = issue(db)
    calls.call_next(db, counter)
    return token


def finished(db: Database, counter: int = 1) -> str:
    token = called(db, counter)
    calls.finish(db, counter)
    return token


def cancelled(db: Database) -> str:
    officers.add_officer(db, "kepala", "Hendra Wijaya", "supervisor")
    issued = issue_ticket(db, "B")
    cancel_ticket(db, issued.ticket.code, supervisor="kepala", reason="duplicate")
    return issued.token


def from_yesterday(db: Database) -> str:
    return issue(db, now=utcnow() - timedelta(days=1))


def with_history(db: Database, service: str = "A", minutes: int = 10) -> None:
    """Five services of `minutes` each two days ago, so that waits can be estimated today."""
    start = utcnow() - timedelta(days=2)
    for i in range(5):
        at = start + timedelta(minutes=20 * i)
        issue_ticket(db, service, now=at)
        calls.call_next(db, 1, now=at)
        calls.finish(db, 1, now=at + timedelta(minutes=minutes))


def assert_secure(answer: httpx.Response) -> None:
    headers = answer.headers
    csp = headers["content-security-policy"]
    for directive in (
        "default-src 'none'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"
    assert "server" not in headers
