"""`walkin report --central`: every office's own report, side by side, and their totals.

Each office's figures are `db.views.reports.build_report` run unchanged in that office's database on
the central cluster (its compared sections: overall and per-service figures, steps, outcomes,
visits, punctuality, satisfaction), so an office's rows here are exactly those of its own report
over the same days, as far as its rows have arrived (`walkin central status` tells). Offices are
reported by several processes at once (`jobs`), each with its own connections: the offices'
databases are independent, and the server works on each in a backend of its own. A process
reports all its offices through one engine (`_OfficeEngine`), so the statements compiled for
the first office serve every other one. Only reads:
nothing on the central side writes back into an office; the reports' temporary tables live in
their sessions.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url

from db.central.hub import Office, office_url, offices
from db.central.totals import totals
from db.errors import UserError
from db.store.engine import Database, open_database
from db.views.reports import Report, build_report


@dataclass(frozen=True)
class OfficeReport:
    code: str
    name: str
    report: Report


@dataclass(frozen=True)
class CentralReport:
    start: date
    end: date
    offices: tuple[OfficeReport, ...]
    totals: Report  # every row added up over the offices (see db.central.totals)


@dataclass(frozen=True)
class _Job:
    code: str
    url: str
    start: date
    end: date
    services: tuple[str, ...] | None


def build_central_report(
    central: Database,
    start: date,
    end: date,
    codes: list[str] | None = None,
    services: Collection[str] | None = None,
    *,
    jobs: int = 1,
) -> CentralReport:
    """The report of each office (all, or those of `codes`) for days `start` to `end`."""
    listed = offices(central, codes)
    wanted = tuple(services) if services else None
    work = [
        _Job(
            o.code, office_url(central, o).render_as_string(hide_password=False), start, end, wanted
        )
        for o in listed
    ]
    if jobs > 1:
        central.engine.dispose()  # no pooled connection to hand down to the workers
    reports = _run(work, jobs)
    found = tuple(OfficeReport(o.code, o.name, r) for o, r in zip(listed, reports, strict=True))
    return CentralReport(start, end, found, totals(start, end, [o.report for o in found]))


def _run(work: Sequence[_Job], jobs: int) -> list[Report]:
    if jobs <= 1 or len(work) <= 1:
        try:
            return [office_report(job) for job in work]
        finally:
            _ENGINE.dispose()
    # fork: the workers need nothing but the job (the caller's engines hold no connection
    # across this call), and start at once where spawn would import everything again.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(min(jobs, len(work)), mp_context=context) as pool:
        return list(pool.map(office_report, work, chunksize=max(1, len(work) // (4 * jobs))))


def office_report(job: _Job) -> Report:
    db = _ENGINE.office(job.url)
    try:
        return build_report(db, job.start, job.end, job.services, compared=True)
    except UserError as error:
        raise UserError(f"office {job.code}: {error}") from error


class _OfficeEngine:
    """One engine for every office database of a server, in one process.

    The offices' URLs differ only in the database and its search path, which each new
    connection takes from the office being reported (no connection is pooled). A new engine
    per office would start its dialect again and compile every statement again: a third of an
    office's report."""

    def __init__(self) -> None:
        self._shared: Database | None = None
        self._target: dict[str, str] = {}

    def office(self, url: str) -> Database:
        parsed = make_url(url)
        if self._shared is None or _server(self._shared.url) != _server(parsed):
            self.dispose()
            self._shared = open_database(url, pool=False)
            event.listen(self._shared.engine, "do_connect", self._connect_to_target)
        self._target = {"dbname": parsed.database or "", "options": ""}
        if "options" in parsed.query:
            self._target["options"] = str(parsed.query["options"])
        return Database(parsed, self._shared.engine, self._shared.reader)

    def _connect_to_target(
        self, _dialect: object, _record: object, _args: object, params: dict[str, str]
    ) -> None:
        params.update(self._target)

    def dispose(self) -> None:
        if self._shared is not None:
            self._shared.dispose()
            self._shared = None


def _server(url: URL) -> tuple[object, ...]:
    return (url.get_backend_name(), url.username, url.password, url.host, url.port)


_ENGINE = _OfficeEngine()  # per process; the parent disposes of its own before a report ends


__all__ = ["CentralReport", "Office", "OfficeReport", "build_central_report"]
