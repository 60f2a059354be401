"""One worker process of the soak (benchmarks/soak.py): a kiosk that issues, or a counter.

A worker reports what it did as small Stats deltas every REPORT_EVERY_S seconds, so that a
worker killed with kill -9 loses at most its last fraction of a second of figures.
"""

from __future__ import annotations

import random
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from db.errors import CounterBusy, DatabaseUnavailable, NoActiveTicket, NobodyWaiting, QuotaReached
from db.services.calls import call_next, finish
from db.services.tickets import issue_ticket
from db.store import faults
from db.store.engine import Database, open_database

REPORT_EVERY_S = 0.5
RETRY_DELAYS_S = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)  # a kiosk asks again, briefly, with its key
ERROR_PAUSE_S = 0.1
IDLE_PAUSE_S = 0.02
SERVICES = {"A": 4, "B": 3, "C": 3}
PRIORITY_SHARE = 0.15


@dataclass(frozen=True)
class Job:
    role: str  # "issuer" or "caller"
    index: int  # issuer number, or the counter number
    url: str
    incarnation: int = 0  # how many times this slot was (re)started

    @property
    def name(self) -> str:
        return f"{self.role}{self.index}.{self.incarnation}"


@dataclass
class Stats:
    issued: int = 0
    repeated: int = 0  # a retried key that returned the ticket of a lost answer
    quota_refusals: int = 0
    calls: int = 0
    finished: int = 0
    busy_recoveries: int = 0  # a call answer lost after its commit: finish, then call again
    idle: int = 0
    retries: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    acknowledged: list[int] = field(default_factory=list)  # ticket ids a kiosk was told about

    def add(self, other: Stats) -> None:
        for name in ("issued", "repeated", "quota_refusals", "calls", "finished"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("busy_recoveries", "idle", "retries"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.update(other.errors)
        self.acknowledged.extend(other.acknowledged)


class Reporter:
    """Sends the Stats gathered since the last report, every REPORT_EVERY_S."""

    def __init__(self, out: Any) -> None:
        self.out = out
        self.stats = Stats()
        self.sent = time.monotonic()

    def tick(self, force: bool = False) -> None:
        if force or time.monotonic() - self.sent >= REPORT_EVERY_S:
            self.out.put(self.stats)
            self.stats = Stats()
            self.sent = time.monotonic()


def error_kind(error: BaseException) -> str:
    if isinstance(error, DatabaseUnavailable):
        return type(error).__name__
    return f"unexpected {type(error).__name__}: {str(error).splitlines()[0][:120]}"


def run_worker(job: Job, stop: Any, out: Any, ready: Any) -> None:
    """The worker process: say it is ready, then work until `stop`, reporting as it goes."""
    reporter = Reporter(out)
    rng = random.Random(job.name)
    db = open_database(job.url)
    if job.incarnation == 1:
        ready.put(job.name)
    step = _issue_once if job.role == "issuer" else _call_once
    serial = 0
    try:
        while not stop.is_set():
            serial += 1
            try:
                step(db, job, serial, rng, reporter.stats)
            except Exception as error:  # counted by kind; the soak goes on, as an app would
                reporter.stats.errors[f"{job.role}: {error_kind(error)}"] += 1
                if not isinstance(error, DatabaseUnavailable):
                    traceback.print_exc()
                time.sleep(ERROR_PAUSE_S)
            reporter.tick()
    finally:
        reporter.tick(force=True)
        db.dispose()


def _issue_once(db: Database, job: Job, serial: int, rng: random.Random, stats: Stats) -> None:
    service = rng.choices(list(SERVICES), list(SERVICES.values()))[0]
    priority = "lansia" if service == "C" and rng.random() < PRIORITY_SHARE else None
    key = f"{job.name}-{serial}"

    def retried(_error: DatabaseUnavailable, _delay: float) -> None:
        stats.retries += 1

    try:
        issued = faults.retrying(
            lambda: issue_ticket(db, service, priority=priority, idempotency_key=key),
            RETRY_DELAYS_S,
            on_retry=retried,
        )
    except QuotaReached:
        stats.quota_refusals += 1
        return
    stats.repeated += issued.repeated
    stats.issued += not issued.repeated
    stats.acknowledged.append(issued.ticket.id)


def _call_once(db: Database, job: Job, _serial: int, _rng: random.Random, stats: Stats) -> None:
    try:
        call_next(db, job.index)
    except NobodyWaiting:
        stats.idle += 1
        time.sleep(IDLE_PAUSE_S)
        return
    except CounterBusy:
        # The counter still holds a ticket: an answer lost after its commit, or a worker killed
        # before it finished. Finish it, as the officer would.
        stats.busy_recoveries += 1
    else:
        stats.calls += 1
    try:
        finish(db, job.index)
        stats.finished += 1
    except NoActiveTicket:  # the finish committed, but its answer was lost: nothing to do
        stats.busy_recoveries += 1
