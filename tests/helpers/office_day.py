"""A simulated office day through the real services: tickets, steps, outcomes, no-shows,
M-Paspor check-ins and survey answers, all at chosen moments, seeded so each office differs.

Used by the central replication tests and the central benchmark: what reaches the centre is
what an office's kiosks, counters and phones really write.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from db.errors import NobodyWaiting
from db.office_config import (
    AppointmentsConfig,
    CounterConfig,
    JourneyConfig,
    OfficeConfig,
    OfficerConfig,
    OutcomeConfig,
    PriorityConfig,
    ServiceConfig,
    StepConfig,
)
from db.ops.setup import apply_config
from db.services import calls, days
from db.services.appointments import import_bookings, release_unused
from db.services.checkin import check_in
from db.services.survey import submit_survey
from db.services.tickets import issue_ticket
from db.store.engine import Database, read
from db.store.models import SKM_ITEMS, Ticket

DAY = date(2026, 11, 27)  # a Friday
OPENS = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 08:00 WIB
SERVICES = ("A", "A", "A", "B", "B", "D")  # drawn with these weights
ROUND_MINUTES = 3
# Arrivals come over this share of the time 4 counters would take: a queue builds up.
ARRIVAL_SPREAD = 0.5
COUNTERS = (1, 2, 3, 4)
OFFICERS = {1: "budi", 2: "siti", 4: "kepala"}

OFFICE = OfficeConfig(
    name="Kantor Imigrasi",
    timezone="Asia/Jakarta",
    priority=PriorityConfig(policy="ratio", ratio=2, fairness_minutes=60, daily_cap=None),
    appointments=AppointmentsConfig(release_at=time(11)),
    journey=JourneyConfig(
        next_step_queue="arrival",
        outcomes=(
            OutcomeConfig("selesai", "Selesai", "Done"),
            OutcomeConfig("berkas_kurang", "Berkas kurang", "Documents incomplete", True),
        ),
    ),
    services=(
        ServiceConfig(
            "A",
            "Paspor Baru",
            "New passport",
            target_wait_minutes=4,
            steps=(
                StepConfig("berkas", "Pemeriksaan Berkas", "Document check"),
                StepConfig("biometrik", "Foto & Wawancara", "Photo & interview"),
            ),
        ),
        ServiceConfig("B", "Penggantian Paspor", "Passport renewal", target_wait_minutes=3),
        ServiceConfig("D", "Pengambilan Paspor", "Passport pickup", target_wait_minutes=2),
    ),
    officers=(
        OfficerConfig("kepala", "Kepala Seksi", "supervisor"),
        OfficerConfig("budi", "Budi"),
        OfficerConfig("siti", "Siti"),
    ),
    counters=(
        CounterConfig(1, "Loket 1", (("A:berkas", 1),)),
        CounterConfig(2, "Loket 2", (("A:biometrik", 1),)),
        CounterConfig(3, "Loket 3", (("B", 1), ("D", 1))),
        CounterConfig(4, "Loket 4", (("A", 1), ("B", 1), ("D", 1))),
    ),
)


@dataclass(frozen=True)
class DayDone:
    walk_ins: int
    bookings: int
    surveys: int


def set_up_office(db: Database, name: str) -> None:
    apply_config(db, replace(OFFICE, name=name))


def bookings_csv(count: int, day: date = DAY) -> str:
    lines = ["booking_code,date,session_start,session_end,service,priority"]
    lines += [f"MP-{n:04d},{day},09:00,10:00,A," for n in range(1, count + 1)]
    return "\n".join(lines) + "\n"


def simulate_day(db: Database, seed: int, walk_ins: int, *, close: bool = True) -> DayDone:
    """One day of `walk_ins` tickets (plus a few bookings), served by counters 1-4."""
    rng = random.Random(seed)
    bookings = max(2, walk_ins // 10)
    import_bookings(db, bookings_csv(bookings), now=OPENS - timedelta(hours=1))
    arrivals = sorted(
        rng.uniform(0, walk_ins * ROUND_MINUTES * ARRIVAL_SPREAD) for _ in range(walk_ins)
    )
    minute, issued, busy = 0.0, 0, set[int]()
    while issued < len(arrivals) or busy or not _nobody_left(db):
        while issued < len(arrivals) and arrivals[issued] <= minute:
            issue_ticket(db, rng.choice(SERVICES), now=_at(arrivals[issued]))
            issued += 1
        if minute == 45:
            for n in range(1, bookings):  # the last booking never comes
                check_in(db, f"MP-{n:04d}", now=_at(minute))
        busy = _counters_round(db, rng, minute, busy)
        minute += ROUND_MINUTES
    release_unused(db, now=_at(max(minute, 180)))
    surveys = _surveys(db, rng, _at(minute))
    if close:
        days.expire_past_days(db, now=_at(24 * 60))
    return DayDone(walk_ins, bookings, surveys)


def _at(minutes: float) -> datetime:
    return OPENS + timedelta(minutes=minutes)


def _counters_round(db: Database, rng: random.Random, minute: float, busy: set[int]) -> set[int]:
    """Each counter ends its ticket (if it has one) and calls the next; returns the busy ones."""
    now_busy = set()
    for counter in COUNTERS:
        now = _at(minute + rng.uniform(0, 1))
        if counter in busy:
            _end_current(db, rng, counter, now)
        try:
            calls.call_next(
                db, counter, officer=OFFICERS.get(counter), now=now + timedelta(seconds=20)
            )
            now_busy.add(counter)
        except NobodyWaiting:
            pass
    return now_busy


def _end_current(db: Database, rng: random.Random, counter: int, now: datetime) -> None:
    draw = rng.random()
    if draw < 0.05:
        calls.mark_no_show(db, counter, now=now)
        return
    if draw < 0.6:
        calls.start_serving(db, counter, now=now - timedelta(minutes=1))
    outcome = "berkas_kurang" if draw > 0.93 and counter == 1 else "selesai"
    calls.finish(db, counter, outcome=outcome, now=now)


def _nobody_left(db: Database) -> bool:
    with read(db) as session:
        open_ = session.scalars(
            select(Ticket.id).where(Ticket.status.in_(("waiting", "called", "serving")))
        ).first()
    return open_ is None


def _surveys(db: Database, rng: random.Random, now: datetime) -> int:
    with read(db) as session:
        tokens = session.scalars(
            select(Ticket.token).where(Ticket.status == "finished").order_by(Ticket.id)
        ).all()
    answered = 0
    for token in tokens:
        if token and rng.random() < 0.3:
            answers = {item: rng.choice((2, 3, 3, 4, 4)) for item in SKM_ITEMS}
            submit_survey(db, token, answers, now=now)
            answered += 1
    return answered
