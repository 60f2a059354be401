"""Offices replicated to a central database, for the central tests and benchmark.

Each office is a database of the office cluster, migrated, set up and given a simulated day
(`tests.helpers.office_day`), then published (`walkin central publish`) and subscribed from the
central cluster (`walkin central add-office`, connecting as the office's replication login).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import func, select, text

from db.central.hub import Office, offices, open_office
from db.central.naming import replication_role
from db.central.tables import central_metadata
from db.engine import Database, read
from tests.helpers.clusters import Cluster, wait_until
from tests.helpers.databases import migrated
from tests.helpers.office_day import set_up_office, simulate_day
from walkin.cli import main

# code -> (walk-ins of the simulated day, seed)
OFFICE_DAYS: Mapping[str, tuple[int, int]] = {"KPA": (30, 1), "MDN": (24, 2), "SBY": (18, 3)}
COUNTED = ("tickets", "ticket_steps", "events", "survey_responses", "appointments")
Offices = dict[str, Database]


def office_source(cluster: Cluster, code: str) -> str:
    """The office database's URL as the centre uses it: with the office's replication login."""
    return cluster.libpq(code.lower()).replace("postgres@", f"{replication_role(code)}@")


def counts(db: Database) -> dict[str, int]:
    """Rows per replicated table that the tests compare."""
    tables = central_metadata().tables
    with read(db) as session:
        return {
            name: int(session.execute(select(func.count()).select_from(tables[name])).scalar_one())
            for name in COUNTED
        }


def central_counts(central: Database, code: str) -> dict[str, int]:
    office = _office(central, code)
    db = open_office(central, office)
    try:
        return counts(db)
    finally:
        db.dispose()


def _office(central: Database, code: str) -> Office:
    return offices(central, [code])[0]


def caught_up(central: Database, code: str, office_db: Database) -> bool:
    return central_counts(central, code) == counts(office_db)


def run_cli(*argv: str) -> int:
    return main(list(argv))


@contextmanager
def replicated_offices(
    office_cluster: Cluster, central_cluster: Cluster, central: Database
) -> Iterator[Offices]:
    central_cluster.create_database("walkin_central")
    assert run_cli("central", "init", "--db", central.url.render_as_string(False)) == 0
    made: Offices = {}
    try:
        for code, (walk_ins, seed) in OFFICE_DAYS.items():
            db = migrated(office_cluster.create_database(code.lower()))
            made[code] = db
            set_up_office(db, f"Kantor Imigrasi {code}")
            simulate_day(db, seed, walk_ins)
            assert (
                run_cli(
                    "--db", db.url.render_as_string(False), "central", "publish", "--office", code
                )
                == 0
            )
            source = office_source(office_cluster, code)
            central_url = central.url.render_as_string(False)
            assert (
                run_cli("central", "add-office", code, "--source", source, "--db", central_url) == 0
            )
        for code, db in made.items():
            wait_until(lambda code=code, db=db: caught_up(central, code, db), timeout_s=60)
        yield made
    finally:
        for db in made.values():
            db.dispose()


def subscription(central: Database, code: str, action: str) -> None:
    """ENABLE or DISABLE an office's subscription (run in the office's central database)."""
    db = open_office(central, _office(central, code))
    try:
        with db.engine.begin() as conn:
            conn.execute(text(f'ALTER SUBSCRIPTION "walkin_office_{code.lower()}" {action}'))
    finally:
        db.dispose()
