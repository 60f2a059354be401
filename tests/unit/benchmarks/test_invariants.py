"""The soak's invariants see what they are meant to see (each on a doctored snapshot)."""

from __future__ import annotations

from dataclasses import replace

from benchmarks import invariants
from db.services.tickets import issue_ticket
from db.store.engine import Database


def _snapshot(db: Database) -> invariants.Snapshot:
    for service in ("A", "A", "A", "B"):
        issue_ticket(db, service)
    issue_ticket(db, "A", priority="lansia")
    return invariants.snapshot(db)


def test_a_sound_database_breaks_no_invariant(db: Database) -> None:
    broken = {name: p for name, p in invariants.check_all(_snapshot(db)).items() if p}
    assert broken == {}


def test_a_lost_number_is_a_gap(db: Database) -> None:
    run = _snapshot(db)
    second = next(t for t in run.tickets if t.code == "A002")
    doctored = replace(run, tickets=[t for t in run.tickets if t is not second])
    assert invariants.number_gaps(doctored) == [
        f"series A on {second.business_date}: last 4, 3 tickets, missing [2]"
    ]


def test_a_number_given_twice_is_a_duplicate(db: Database) -> None:
    run = _snapshot(db)
    doctored = replace(run, tickets=[*run.tickets, run.tickets[0]])
    assert len(invariants.duplicate_numbers(doctored)) == 1
    assert invariants.number_gaps(doctored) != []
