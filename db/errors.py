"""Named errors of the queue system.

`UserError` and its subclasses are things a person can act on (a full quota, a wrong PIN, an
unreachable database); the apps and the command line show their message as one line. Anything else
that escapes is a bug and is not swallowed.
"""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """A problem the user or administrator can act on; `str()` is a one-line message.

    Keyword details (a reason code, a quota, an opening time) let a UI say it in its own words.
    """

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details


class DatabaseUrlError(UserError):
    """The database URL is malformed or names an unsupported database."""


class DatabaseUnavailable(UserError):
    """The database cannot be reached (server down, network lost, a connection cut).

    `transient`: trying again later may work (a lost link, a restarting server); the
    subclasses below are lasting faults that only a person can fix, so retrying is pointless.
    """

    transient = True


class DatabaseReadOnly(DatabaseUnavailable):
    """The database file or its folder cannot be written (permissions, a read-only disk)."""

    transient = False


class DatabaseCorrupt(DatabaseUnavailable):
    """The database file is damaged (SQLite "malformed"): restore the last backup."""

    transient = False


class SchemaOutOfDate(UserError):
    """The database has no schema yet, or an older one: run `walkin init`."""


class NotFound(UserError):
    """A service, counter, officer or ticket named by the caller does not exist."""


class ServiceClosed(UserError):
    """The service does not issue tickets now (outside hours, after the cut-off, or closed)."""


class QuotaReached(UserError):
    """Today's quota of the service (or of priority tickets) is used up."""


class PriorityNotAllowed(UserError):
    """The service does not take priority tickets, or the category is unknown."""


class CounterPaused(UserError):
    """The counter is paused or closed, so it cannot call."""


class CounterBusy(UserError):
    """The counter already has an active ticket: finish, mark no-show or transfer it first."""


class NoActiveTicket(UserError):
    """The counter has no called or serving ticket to act on."""


class NobodyWaiting(UserError):
    """No ticket waits for any of the counter's services."""


class InvalidTransition(UserError):
    """The ticket is not in a state that allows this action (another counter got there first)."""


class AuthenticationFailed(UserError):
    """Wrong login or PIN."""


class OfficerLocked(UserError):
    """Too many wrong PINs: the login is locked for a while."""


class PermissionDenied(UserError):
    """The action needs the supervisor role."""


class SurveyClosed(UserError):
    """The ticket's survey cannot be answered: it is not finished, or its day has ended."""


class SurveyAlreadyAnswered(UserError):
    """The ticket's survey was answered already (one answer per ticket)."""


class InvalidSurvey(UserError):
    """A survey answer is incomplete, has an unknown item, or a rating outside 1-4."""


class BookingRefused(UserError):
    """An appointment cannot be checked in (unknown code, another day, too early or too late).

    `details["reason"]` says which, for a UI that words it itself; the message ends by sending
    the applicant to the information desk or saying when to come back.
    """


class BookingFileError(UserError):
    """An appointment list cannot be read at all (missing file, no header, wrong columns)."""
