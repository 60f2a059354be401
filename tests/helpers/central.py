"""Offices replicated to a central database, for the central tests and benchmark.

Each office is a database of the office cluster, migrated, set up and given a simulated day
(`tests.helpers.office_day`), then published (`walkin central publish`) and subscribed from the
central cluster (`walkin central add-office`, connecting as the office's replication login).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stdout

from sqlalchemy import func, select, text

from db.central.hub import Office, offices, open_office
from db.central.naming import replication_role
from db.central.tables import central_metadata
from db.store.engine import Database, open_database, read
from tests.helpers.clusters import Cluster, wait_until
from tests.helpers.databases import migrated
from tests.helpers.office_day import set_up_office, simulate_day
from walkin.cli import main

# code -> (walk-ins of the simulated day, seed)
OFFICE_DAYS: Mapping[str, tuple[int, int]] = {"KPA": (30, 1), "MDN": (24, 2), "SBY": (18, 3)}
TEMPLATE = "office_template"
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


def office_template(cluster: Cluster) -> str:
    """A migrated, empty office database to copy: migrating once is faster than per office."""
    db = migrated(cluster.create_database(TEMPLATE))
    db.dispose()
    return TEMPLATE


def new_office(cluster: Cluster, code: str, walk_ins: int, seed: int) -> None:
    """An office database copied from the template, set up, with one simulated day, published."""
    cluster.execute(f'CREATE DATABASE "{code.lower()}" TEMPLATE "{TEMPLATE}"')
    db = open_database(cluster.url(code.lower()))
    try:
        set_up_office(db, f"Kantor Imigrasi {code}")
        simulate_day(db, seed, walk_ins)
        with redirect_stdout(io.StringIO()):
            assert run_cli("--db", _url(db), "central", "publish", "--office", code) == 0
    finally:
        db.dispose()


@contextmanager
def replicated_offices(
    office_cluster: Cluster, central_cluster: Cluster, central: Database
) -> Iterator[Offices]:
    """The offices of OFFICE_DAYS, each made, published, subscribed and copied."""
    central_cluster.create_database("walkin_central")
    assert run_cli("central", "init", "--db", _url(central)) == 0
    office_template(office_cluster)
    for code, (walk_ins, seed) in OFFICE_DAYS.items():
        new_office(office_cluster, code, walk_ins, seed)
    made = {code: open_database(office_cluster.url(code.lower())) for code in OFFICE_DAYS}
    try:
        for code in made:
            source = office_source(office_cluster, code)
            added = run_cli(
                "central", "add-office", code, "--source", source, "--db", _url(central)
            )
            assert added == 0
        for code, db in made.items():
            wait_until(lambda code=code, db=db: caught_up(central, code, db), timeout_s=60)
        yield made
    finally:
        for db in made.values():
            db.dispose()


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def subscription(central: Database, code: str, action: str) -> None:
    """ENABLE or DISABLE an office's subscription (run in the office's central database)."""
    db = open_office(central, _office(central, code))
    try:
        with db.engine.begin() as conn:
            conn.execute(text(f'ALTER SUBSCRIPTION "walkin_office_{code.lower()}" {action}'))
    finally:
        db.dispose()
