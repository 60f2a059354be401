"""Per-client limits: token buckets, stream slots, and the 429 answer."""

from __future__ import annotations

import dataclasses

import pytest

from db.store.engine import Database
from db.store.models import SKM_ITEMS
from tests.unit.web.appclient import AppClient
from tests.unit.web.conftest import assert_secure, called, finished
from web import ratelimit
from web.app import create_app
from web.ratelimit import ClientLimits, Limits, StreamSlots, TokenBuckets, retry_after


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_a_burst_then_the_rate() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(per_minute=60, burst=3, clock=clock)
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a") == pytest.approx(1.0)
    assert buckets.take("b") == 0.0  # another client has its own bucket
    clock.now += 0.5
    assert buckets.take("a") == pytest.approx(0.5)
    clock.now += 0.5
    assert buckets.take("a") == 0.0
    clock.now += 3600
    assert [buckets.take("a") for _ in range(4)][-1] > 0  # refills up to the burst, no more


def test_idle_clients_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ratelimit, "SWEEP_EVERY", 10)
    clock = FakeClock()
    buckets = TokenBuckets(per_minute=60, burst=5, clock=clock)
    for n in range(10):
        buckets.take(f"phone-{n}")
    clock.now += 60
    for n in range(10, 20):
        buckets.take(f"phone-{n}")
    assert len(buckets) == 10


def test_stream_slots_are_capped_per_client_and_given_back() -> None:
    slots = StreamSlots(per_client=2)
    assert [slots.acquire("a"), slots.acquire("a"), slots.acquire("a")] == [True, True, False]
    assert slots.acquire("b")
    slots.release("a")
    assert slots.held("a") == 1
    assert slots.acquire("a")


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        Limits(streams_per_client=0)


def test_retry_after_is_whole_seconds_of_at_least_one() -> None:
    assert [retry_after(0.01), retry_after(1.0), retry_after(2.2)] == ["1", "1", "3"]


def test_too_many_requests_get_429_with_retry_after(db: Database) -> None:
    token = called(db)
    limits = Limits(requests_per_minute=60, request_burst=3)
    app = create_app(db, limits=limits)
    # A stopped clock: on a loaded machine a second may pass between requests and refill a token.
    app.state.web = dataclasses.replace(app.state.web, limits=ClientLimits(limits, FakeClock()))
    phone = AppClient(app, address="198.51.100.7")
    assert [phone.get("/api/office").status_code for _ in range(3)] == [200, 200, 200]
    page = phone.get(f"/t/{token}", headers={"Accept-Language": "id"})
    assert page.status_code == 429
    assert page.headers["retry-after"] == "1"
    assert "Terlalu banyak permintaan" in page.text
    assert "Mohon tunggu 1 detik" in page.text
    assert_secure(page)
    api = phone.get("/api/office")
    assert (api.status_code, api.json()["error"]) == (429, "rate_limited")
    other = AppClient(app, address="198.51.100.8")
    assert other.get(f"/t/{token}").status_code == 200


def test_survey_posts_have_their_own_smaller_bucket(db: Database) -> None:
    token = finished(db)
    app = create_app(db, limits=Limits(surveys_per_minute=1, survey_burst=2))
    phone = AppClient(app)
    wrong = {"csrf": "0" * 32, "answers": dict.fromkeys(SKM_ITEMS, 4)}
    statuses = [phone.post(f"/t/{token}/survey", json=wrong).status_code for _ in range(3)]
    assert statuses == [403, 403, 429]
    assert phone.get(f"/t/{token}").status_code == 200
