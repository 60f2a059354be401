"""`walkin report --central`: every office's own report, side by side, and their totals.

Each office's report is `db.reports.build_report` run unchanged in that office's database on the
central cluster, so an office's rows here are exactly those of its own report over the same
days (as far as its rows have arrived: `walkin central status` tells). Only reads: the central
side never writes back into an office, and the reports' temporary tables live in the session.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from db.central.hub import offices, open_office
from db.central.totals import totals
from db.engine import Database
from db.errors import UserError
from db.reports import Report, build_report


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


def build_central_report(
    central: Database,
    start: date,
    end: date,
    codes: list[str] | None = None,
    services: Collection[str] | None = None,
) -> CentralReport:
    """The report of each office (all, or those of `codes`) for days `start` to `end`."""
    found = []
    for office in offices(central, codes):
        db = open_office(central, office)
        try:
            found.append(
                OfficeReport(office.code, office.name, build_report(db, start, end, services))
            )
        except UserError as error:
            raise UserError(f"office {office.code}: {error}") from error
        finally:
            db.dispose()
    return CentralReport(start, end, tuple(found), totals(start, end, [o.report for o in found]))
