"""Simulated applicants and officers for `walkin demo --simulate`: the queue moves by itself.

Run as its own process, like the apps (`python -m walkin.simulate --db URL --speed 20
--counters 2,3,4,5`). Applicants arrive as a Poisson process and take tickets at the kiosk's
service mix; a simulated officer at each of the given counters calls the next ticket, starts
serving after about half a minute, finishes after a lognormal service time, and now and then
marks a no-show after two recalls. `--speed N` (N simulated seconds per real second) runs the
office clock (db.rules.clock) N times faster too, so the database records office minutes and
the wait estimates made from them are the office's; `walkin demo --simulate` gives its apps the same
clock. The decisions are small pure functions of a seeded `random.Random`, testable without
sleeping; `Simulator.run` is the event loop that sleeps and touches the database.
"""

from __future__ import annotations

import argparse
import enum
import heapq
import math
import random
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from db.errors import (
    BookingRefused,
    CounterBusy,
    CounterPaused,
    DatabaseUnavailable,
    InvalidTransition,
    NoActiveTicket,
    NobodyWaiting,
    NotFound,
    PriorityNotAllowed,
    QuotaReached,
    ServiceClosed,
)
from db.office_config import PRIORITY_CATEGORIES
from db.rules.clock import FastClock, business_date, office_clock, use_office_clock, utcnow
from db.services import calls, counters
from db.services.appointments import pending_codes
from db.services.checkin import check_in
from db.services.tickets import issue_ticket
from db.store.engine import Database, open_database
from db.views import queries

DEVICE = "simulator"
ARRIVALS_PER_HOUR = 250.0  # a busy walk-in day
SERVICE_MIX: Mapping[str, float] = {"A": 35, "B": 35, "C": 8, "D": 15, "E": 7}
PRIORITY_SHARE = 0.10
MEDIAN_SERVICE_MINUTES: Mapping[str, float] = {"A": 8, "B": 6, "C": 12, "D": 3, "E": 5}
SERVICE_TIME_SIGMA = 0.4  # lognormal spread: about two in three services within x0.67..x1.5
DEFAULT_MEDIAN_MINUTES = 6.0
NO_SHOW_SHARE = 0.05
BOOKED_SHARE = 0.6  # most applicants come with an M-Paspor booking
BOOKINGS_IN_REACH = 12  # an arrival is one of the earliest sessions' bookings still to come
RECALLS_BEFORE_NO_SHOW = 2
WALK_TO_COUNTER_S = 30.0  # from being called to "start serving"
RECALL_EVERY_S = 30.0
IDLE_POLL_S = 20.0  # an officer with nobody waiting looks again after this
BETWEEN_APPLICANTS_S = 10.0
OUTAGE_RETRY_S = 2.0  # real seconds between attempts while the database is away
DEMO_OFFICERS = ("siti", "andi", "dewi", "kepala", "budi")  # counter 1's human signs in as budi


# --- the decisions: pure functions of the random generator ---------------------------------


def arrival_gap(rng: random.Random, per_hour: float) -> float:
    """Simulated seconds until the next applicant: exponential, so arrivals are Poisson."""
    return rng.expovariate(per_hour / 3600.0)


def choose_service(rng: random.Random, mix: Mapping[str, float] = SERVICE_MIX) -> str:
    codes = list(mix)
    return rng.choices(codes, weights=[mix[c] for c in codes])[0]


def choose_priority(rng: random.Random, allowed: bool, share: float = PRIORITY_SHARE) -> str | None:
    """A priority category for about `share` of applicants, where the service takes them."""
    if not allowed or rng.random() >= share:
        return None
    return rng.choice(PRIORITY_CATEGORIES)


def service_seconds(rng: random.Random, service: str) -> float:
    """How long serving one applicant takes: lognormal around the service's median."""
    median = MEDIAN_SERVICE_MINUTES.get(service, DEFAULT_MEDIAN_MINUTES) * 60.0
    return rng.lognormvariate(math.log(median), SERVICE_TIME_SIGMA)


def walk_seconds(rng: random.Random) -> float:
    """From the call to the applicant sitting down: about half a minute."""
    return rng.uniform(0.5, 1.5) * WALK_TO_COUNTER_S


def will_not_show(rng: random.Random, share: float = NO_SHOW_SHARE) -> bool:
    return rng.random() < share


class Phase(enum.Enum):
    IDLE = "idle"  # nobody at the counter: call next when due
    CALLED = "called"  # called, the applicant is walking over (or not coming)
    SERVING = "serving"


class Action(enum.Enum):
    CALL = "call"
    RECALL = "recall"
    NO_SHOW = "no_show"
    SERVE = "serve"
    FINISH = "finish"


def officer_action(phase: Phase, absent: bool, recalls: int) -> Action:
    """What a simulated officer does next, given the counter's phase."""
    if phase is Phase.IDLE:
        return Action.CALL
    if phase is Phase.SERVING:
        return Action.FINISH
    if not absent:
        return Action.SERVE
    return Action.RECALL if recalls < RECALLS_BEFORE_NO_SHOW else Action.NO_SHOW


# --- the event loop -------------------------------------------------------------------------


@dataclass
class Officer:
    counter: int
    login: str | None
    phase: Phase = Phase.IDLE
    absent: bool = False  # the called applicant will not come
    recalls: int = 0
    service: str = ""


@dataclass
class Stats:
    issued: int = 0
    refused: int = 0
    called: int = 0
    finished: int = 0  # visits over (their last step finished)
    checked_in: int = 0  # of the issued: bookings checked in
    no_shows: int = 0
    steps_finished: int = 0  # every finished step, the last ones included


@dataclass
class Simulator:
    db: Database
    counters: Sequence[int]
    speed: float = 1.0
    per_hour: float = ARRIVALS_PER_HOUR
    seed: int | None = None
    log: Callable[[str], None] = field(default=lambda line: print(line, file=sys.stderr))
    verbose: bool = False
    stop_event: threading.Event = field(default_factory=threading.Event)
    stats: Stats = field(default_factory=Stats)

    def __post_init__(self) -> None:
        if self.speed <= 0:
            raise ValueError("speed must be positive")
        self.rng = random.Random(self.seed)
        self.officers = [Officer(number, None) for number in self.counters]
        self.priority_allowed: dict[str, bool] = {}
        self._outage = False
        self._day: tuple[str, date] | None = None  # the office's zone and the day simulated

    def stop(self) -> None:
        self.stop_event.set()

    def run(self, duration: float | None = None) -> Stats:
        """Run until `stop()` (or a signal), or for `duration` real seconds."""
        self._retrying(self._set_up)
        deadline = None if duration is None else time.monotonic() + duration
        clock = 0.0  # simulated seconds since the start
        # (due, order, index): index -1 is the arrivals, else an officer
        agenda: list[tuple[float, int, int]] = [(arrival_gap(self.rng, self.per_hour), 0, -1)]
        agenda += [(0.0, i + 1, i) for i in range(len(self.officers))]
        heapq.heapify(agenda)
        order = len(agenda)
        while not self.stop_event.is_set():
            due, _, who = heapq.heappop(agenda)
            pause = max(due - clock, 0.0) / self.speed
            if deadline is not None:
                left = deadline - time.monotonic()
                if pause >= left:
                    self.stop_event.wait(max(left, 0.0))
                    break
            if self.stop_event.wait(pause):
                break
            if self._day_over():
                self.log("simulator: the office day is over (office clock past midnight)")
                break
            clock = max(clock, due)
            step = self._arrive if who < 0 else partial(self._officer_step, self.officers[who])
            delay = self._retrying(step)
            if delay is None:
                break  # stopped while the database was away
            order += 1
            heapq.heappush(agenda, (clock + delay, order, who))
        return self.stats

    def _retrying(self, step: Callable[[], float]) -> float | None:
        """Run one step; while the database is away, say so once and try again."""
        while not self.stop_event.is_set():
            try:
                result = step()
            except DatabaseUnavailable as error:
                if not self._outage:
                    self.log(f"simulator: database unavailable, retrying: {error}")
                    self._outage = True
                self.stop_event.wait(OUTAGE_RETRY_S)
                continue
            if self._outage:
                self.log("simulator: database back")
                self._outage = False
            return result
        return None

    def _day_over(self) -> bool:
        """A faster office clock must not run into the next day: its numbers would be taken."""
        return self._day is not None and business_date(utcnow(), self._day[0]) != self._day[1]

    def _set_up(self) -> float:
        zone = queries.office_info(self.db).timezone
        self._day = (zone, business_date(utcnow(), zone))
        statuses = queries.service_statuses(self.db)
        self.priority_allowed = {s.code: s.priority_allowed for s in statuses}
        logins = iter(DEMO_OFFICERS)
        for officer in self.officers:
            for login in logins:
                try:
                    counters.sign_in_at_counter(self.db, officer.counter, login, device=DEVICE)
                except NotFound:
                    continue
                officer.login = login
                break
            self._adopt(officer)
        seated = ", ".join(f"{o.login or '-'} at {o.counter}" for o in self.officers)
        self.log(f"simulator: {self.per_hour:g} arrivals/h, speed x{self.speed:g}; {seated}")
        return 0.0

    def _adopt(self, officer: Officer) -> None:
        """Take over whatever ticket the counter holds (from an earlier run or a lost reply)."""
        view = next(
            (c for c in counters.list_counters(self.db) if c.number == officer.counter), None
        )
        current = view.current if view else None
        officer.recalls = 0
        officer.absent = False
        if current is None:
            officer.phase = Phase.IDLE
        else:
            officer.service = current.service_code
            officer.phase = Phase.SERVING if current.status == "serving" else Phase.CALLED

    def _arrive(self) -> float:
        if self.rng.random() < BOOKED_SHARE and self._check_in_someone():
            return arrival_gap(self.rng, self.per_hour)
        code = choose_service(self.rng)
        priority = choose_priority(self.rng, self.priority_allowed.get(code, False))
        try:
            issued = issue_ticket(self.db, code, priority=priority, device=DEVICE)
        except (QuotaReached, ServiceClosed, PriorityNotAllowed, NotFound):
            self.stats.refused += 1
        else:
            self.stats.issued += 1
            self._say(f"issued   {issued.ticket.code}{' ' + priority if priority else ''}")
        return arrival_gap(self.rng, self.per_hour)

    def _check_in_someone(self) -> bool:
        """An applicant with a booking scans it; False when nobody booked is left to come."""
        codes = pending_codes(self.db)[:BOOKINGS_IN_REACH]
        if not codes:
            return False
        code = self.rng.choice(codes)
        try:
            done = check_in(self.db, code, device=DEVICE)
        except (BookingRefused, QuotaReached, ServiceClosed):
            self.stats.refused += 1
            return True
        self.stats.issued += 1
        self.stats.checked_in += 1
        self._say(f"checked  {done.issued.ticket.code} in ({done.punctuality}, {code})")
        return True

    def _officer_step(self, officer: Officer) -> float:
        action = officer_action(officer.phase, officer.absent, officer.recalls)
        who: calls.Actor = {"officer": officer.login, "device": DEVICE}
        try:
            if action is Action.CALL:
                ticket = calls.call_next(self.db, officer.counter, **who)
                officer.phase, officer.service = Phase.CALLED, ticket.service_code
                officer.absent, officer.recalls = will_not_show(self.rng), 0
                self.stats.called += 1
                self._say(f"called   {ticket.code} to counter {officer.counter}")
                return walk_seconds(self.rng)
            if action is Action.RECALL:
                calls.recall(self.db, officer.counter, **who)
                officer.recalls += 1
                return RECALL_EVERY_S
            if action is Action.NO_SHOW:
                calls.mark_no_show(self.db, officer.counter, **who)
                officer.phase = Phase.IDLE
                self.stats.no_shows += 1
                return BETWEEN_APPLICANTS_S
            if action is Action.SERVE:
                calls.start_serving(self.db, officer.counter, **who)
                officer.phase = Phase.SERVING
                return service_seconds(self.rng, officer.service)
            after = calls.finish(self.db, officer.counter, **who)
            officer.phase = Phase.IDLE
            self.stats.steps_finished += 1
            self.stats.finished += after.status == "finished"
            return BETWEEN_APPLICANTS_S
        except (NobodyWaiting, CounterPaused):
            return IDLE_POLL_S
        except (CounterBusy, NoActiveTicket, InvalidTransition):
            # Someone else changed the counter (the supervisor moved its ticket, an earlier
            # reply was lost): carry on from what the counter holds now.
            self._adopt(officer)
            return 1.0

    def _say(self, line: str) -> None:
        if self.verbose:
            print(f"simulator {line}", flush=True)


def parse_counters(text: str) -> list[int]:
    try:
        numbers = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of counter numbers: {text!r}") from None
    if not numbers:
        raise argparse.ArgumentTypeError("no counters given")
    return numbers


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m walkin.simulate", description=__doc__)
    parser.add_argument("--db", required=True, help="database URL")
    parser.add_argument("--speed", type=_positive, default=1.0, help="simulated s per real s")
    parser.add_argument("--counters", type=parse_counters, default=[2, 3, 4, 5])
    parser.add_argument("--rate", type=_positive, default=ARRIVALS_PER_HOUR, help="arrivals/h")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--duration", type=_positive, default=None, help="real seconds to run")
    parser.add_argument("--verbose", action="store_true", help="print every action")
    args = parser.parse_args(argv)
    shared = office_clock()
    if shared is None:
        use_office_clock(FastClock(utcnow(), args.speed))
    elif shared.speed != args.speed:
        print(
            f"simulator: the office clock runs x{shared.speed:g}, not x{args.speed:g}",
            file=sys.stderr,
        )
    db = open_database(args.db)
    simulator = Simulator(
        db,
        args.counters,
        speed=args.speed,
        per_hour=args.rate,
        seed=args.seed,
        verbose=args.verbose,
    )

    def on_signal(_signum: int, _frame: object) -> None:
        simulator.stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        stats = simulator.run(args.duration)
    finally:
        db.dispose()
    print(
        f"simulator: issued {stats.issued} (refused {stats.refused}), called {stats.called}, "
        f"finished {stats.finished}, no-shows {stats.no_shows}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
