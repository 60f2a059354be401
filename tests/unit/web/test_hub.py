"""The hub: one listener, one refresh per burst, one phone_tickets call for every open page,
and a stream hears only what changed for it; outages are told and recovered from."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import Any

import anyio
import anyio.to_thread
import pytest

from db.errors import DatabaseUnavailable
from db.ops.notify import ChangeListener, listen
from db.services import calls, counters
from db.services.devices import device_statuses
from db.store.engine import Database
from db.views.phone import PastTicket, PhoneTicket, phone_ticket, phone_tickets
from db.views.queries import DisplaySnapshot, display_snapshot
from tests.unit.web.conftest import issue
from web.hub import Hub, Subscription
from web.payloads import ticket_payload, to_json

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # uvicorn's loop; a subscription wakes its stream through asyncio


FAST = {"min_interval": 0.05, "retry_delays": (0.05,)}


async def run(function: Callable[..., Any], *args: Any) -> Any:
    return await anyio.to_thread.run_sync(function, *args)


class Inbox:
    """What reaches one subscription, sorted by kind as it arrives."""

    def __init__(self, sub: Subscription) -> None:
        self.sub = sub
        self._kept: list[tuple[str, Any]] = []

    async def take(self, kind: str, seconds: float = 10.0) -> list[Any]:
        """The `kind` events received within `seconds`, as soon as there is one ([] if none)."""
        deadline = time.monotonic() + seconds
        while True:
            found = [data for k, data in self._kept if k == kind]
            if found:
                self._kept = [(k, data) for k, data in self._kept if k != kind]
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            self._kept += [(k, json.loads(data)) for k, data in await self.sub.next(left)]


def subscribed(hub: Hub, db: Database, token: str | None) -> Inbox:
    sub = Subscription(token)
    if token is not None:
        sub.last_sent = to_json(ticket_payload(phone_ticket(db, token)))
    hub.subscribe(sub)
    return Inbox(sub)


@contextmanager
def running(hub: Hub) -> Iterator[Hub]:
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def refreshed(hub: Hub, times: int) -> None:
    """Until `times` more refreshes have started and ended after this call."""
    started = hub.refreshes_started
    await until(lambda: hub.refreshes >= started + times)


async def until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        await anyio.sleep(0.02)


async def test_a_stream_hears_its_ticket_change_and_nothing_else(db: Database) -> None:
    token = issue(db)
    hub = Hub(db, **FAST)  # type: ignore[arg-type]
    ticket, office = subscribed(hub, db, token), subscribed(hub, db, None)
    with running(hub):
        await until(lambda: hub.refreshes >= 1)
        assert await office.take("office")  # the first refresh: new to this stream
        await run(calls.call_next, db, 2)
        [seen] = await ticket.take("ticket")
        assert (seen["status"], seen["counter"]) == ("called", 2)
        assert (await office.take("office"))[-1]["counters"][1]["ticket"] == "B001"
        await run(counters.pause_counter, db, 3)  # serves E only: nothing changes for B001
        assert (await office.take("office"))[-1]["counters"][2]["state"] == "paused"
        assert await ticket.take("ticket", seconds=0.5) == []


async def test_one_phone_tickets_call_refreshes_every_open_page(db: Database) -> None:
    tokens = [issue(db) for _ in range(25)]
    asked: list[int] = []

    def counting(db: Database, wanted: Collection[str]) -> dict[str, PhoneTicket | PastTicket]:
        asked.append(len(wanted))
        return phone_tickets(db, wanted)

    hub = Hub(db, tickets=counting, **FAST)  # type: ignore[arg-type]
    subs = [subscribed(hub, db, token) for token in tokens * 2]  # two tabs per phone
    with running(hub):
        await run(calls.call_next, db, 1)
        for sub in subs:
            [seen] = await sub.take("ticket")
            expected = "called" if sub.sub.token == tokens[0] else "waiting"
            assert seen["status"] == expected
    assert asked
    assert set(asked) == {25}
    assert len(asked) == hub.refreshes


async def test_a_burst_of_changes_costs_few_refreshes(db: Database) -> None:
    hub = Hub(db, min_interval=0.5)
    office = subscribed(hub, db, None)
    with running(hub):
        await until(lambda: hub.refreshes >= 1)
        before = hub.refreshes
        for _ in range(10):
            await run(issue, db)
        await until(
            lambda: hub.office_json() is not None and '"waiting":10' in str(hub.office_json())
        )
        assert hub.refreshes - before <= 3
        assert (await office.take("office"))[-1]["services"][1]["waiting"] == 10


async def test_a_safety_refresh_runs_without_any_change(db: Database) -> None:
    class Silent(ChangeListener):
        def fileno(self) -> int | None:
            return None

        def poll(self) -> list[Any]:
            return []

        def close(self) -> None:
            pass

    hub = Hub(db, listener=lambda _db: Silent(), safety_interval=0.1)
    with running(hub):
        await until(lambda: hub.refreshes >= 4, seconds=5)


class Flaky(ChangeListener):
    """A real listener that fails while `down` is set, like a pulled cable."""

    down = False

    def __init__(self, db: Database) -> None:
        if Flaky.down:
            raise DatabaseUnavailable("cannot watch the database: connection refused")
        self._inner = listen(db)

    def fileno(self) -> int | None:
        return None

    def poll(self) -> list[Any]:
        if Flaky.down:
            raise DatabaseUnavailable("lost the database: server closed the connection")
        return self._inner.poll()

    def close(self) -> None:
        self._inner.close()


async def test_an_outage_is_told_to_every_stream_and_recovered(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    token = issue(db)
    Flaky.down = False
    hub = Hub(db, listener=Flaky, **FAST)  # type: ignore[arg-type]
    ticket, office = subscribed(hub, db, token), subscribed(hub, db, None)
    with caplog.at_level(logging.WARNING, logger="web.hub"), running(hub):
        await until(lambda: hub.refreshes >= 1)
        Flaky.down = True
        [status] = await ticket.take("status")
        assert status["online"] is False
        assert status["as_of"] is not None  # the time of the last good data
        assert (await office.take("status"))[0]["online"] is False
        assert hub.office_json() is None
        assert hub.ticket_json(token) is None
        await run(calls.call_next, db, 1)  # happens while the server cannot see it
        Flaky.down = False
        assert (await ticket.take("status"))[0]["online"] is True
        [seen] = await ticket.take("ticket")
        assert seen["status"] == "called"
    assert "pages show the queue as unreachable" in caplog.text


async def test_an_unexpected_failure_is_logged_and_retried(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    failures = [RuntimeError("a bug in a read model")]

    def snapshots(db: Database) -> DisplaySnapshot:
        if failures:
            raise failures.pop()
        return display_snapshot(db)

    hub = Hub(db, snapshots=snapshots, **FAST)  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR, logger="web.hub"), running(hub):
        await until(lambda: hub.refreshes >= 1)
        assert hub.online
    assert "unexpected error" in caplog.text
    assert any(r.exc_info for r in caplog.records)


async def test_a_polling_page_is_answered_from_memory_for_a_while(db: Database) -> None:
    # Polls age on a clock of the test's own; the refreshes keep running on real time.
    clock = FakeClock()
    token = issue(db)
    hub = Hub(db, safety_interval=0.05, poll_follow=120, poll_clock=clock, **FAST)  # type: ignore[arg-type]
    with running(hub):
        hub.follow_polls(token)
        await until(lambda: hub.ticket_json(token) is not None)
        clock.now += 119
        await refreshed(hub, times=2)
        data = hub.ticket_json(token)
        assert data is not None
        assert json.loads(data)["code"] == "B001"
        clock.now += 2
        await until(lambda: hub.ticket_json(token) is None)


async def test_a_stream_that_missed_a_refresh_while_opening_is_refreshed(db: Database) -> None:
    # The opening state is read, then a call commits and a refresh runs before the stream has
    # subscribed: without a second refresh the page would wait for the safety refresh.
    token = issue(db)
    hub = Hub(db, **FAST)  # type: ignore[arg-type]
    with running(hub):
        await until(lambda: hub.refreshes >= 1)
        sub = Subscription(token)
        sub.seen_refreshes = hub.refreshes_started
        sub.last_sent = to_json(ticket_payload(await run(phone_ticket, db, token)))
        before = hub.refreshes
        await run(calls.call_next, db, 1)
        await until(lambda: hub.refreshes > before)  # the refresh this stream missed
        hub.subscribe(sub)
        [seen] = await Inbox(sub).take("ticket", seconds=5)
        assert (seen["status"], seen["counter"]) == ("called", 1)


async def test_the_server_reports_a_heartbeat_like_the_apps(db: Database) -> None:
    hub = Hub(db, device="web@test-pc", heartbeat_interval=0.1, **FAST)  # type: ignore[arg-type]
    with running(hub):
        await until(lambda: any(d.name == "web@test-pc" for d in device_statuses(db)))
        first = next(d for d in device_statuses(db) if d.name == "web@test-pc").last_seen
        await until(
            lambda: (
                next(d for d in device_statuses(db) if d.name == "web@test-pc").last_seen > first
            )
        )
    [web] = [d for d in device_statuses(db) if d.kind == "web"]
    assert web.alive
