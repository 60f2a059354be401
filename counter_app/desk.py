"""The counter app's model (no Qt): one officer at one counter, over the service layer.

Every action stamps its own moment and names its event kind, so that when the link drops in the
middle of one, `Desk.happened` can later tell from the event log whether it was committed.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from counter_app.format import translate
from db.results import OfficerView, TicketView
from db.rules.clock import utcnow
from db.services import calls, counters, days, supervisor
from db.services.counters import CounterOverview
from db.services.devices import DeviceStatus, device_statuses
from db.services.supervisor import ServiceControl
from db.store import lifecycle
from db.store.engine import Database
from db.store.lifecycle import Action, event_kind
from db.views.officer_stats import OfficerFigures, officer_figures
from db.views.queries import (
    OutcomeView,
    ServiceStatus,
    office_info,
    outcomes,
    service_statuses,
    waiting_list,
)

T = TypeVar("T")
REQUEUED = event_kind(Action.REQUEUE)


def device_name() -> str:
    return f"counter-app@{socket.gethostname()}"[:64]


@dataclass(frozen=True)
class Attempt:
    """An action that was sent: what it was, its event kind and the moment it was stamped with."""

    label: str
    kind: str
    at: datetime
    counter: int | None


@dataclass(frozen=True)
class SupervisorView:
    counters: tuple[CounterOverview, ...]
    services: tuple[ServiceControl, ...]
    ticker: str
    timezone: str  # the office's: its times are read in it, never in the PC's zone
    devices: tuple[DeviceStatus, ...] = ()


@dataclass(frozen=True)
class DeskSnapshot:
    """Everything the main screen shows, read at one moment."""

    counter: CounterOverview
    waiting: tuple[TicketView, ...]
    services: tuple[ServiceStatus, ...]  # the counter's services, for the counts
    all_services: tuple[tuple[str, str], ...]  # every open service (code, name): for transfers
    no_shows: tuple[TicketView, ...]
    figures: OfficerFigures
    supervisor: SupervisorView | None
    read_at: datetime
    outcomes: tuple[OutcomeView, ...] = ()  # how Finish can end a step, the default first

    @property
    def current(self) -> TicketView | None:
        return self.counter.current


class Desk:
    """The signed-in officer at a counter; every method is one call into the service layer."""

    def __init__(self, db: Database, officer: OfficerView, counter: int) -> None:
        self.db = db
        self.officer = officer
        self.counter = counter
        self.device = device_name()
        self.last_attempt: Attempt | None = None

    @property
    def is_supervisor(self) -> bool:
        return self.officer.role == "supervisor"

    def snapshot(self, now: datetime | None = None) -> DeskSnapshot:
        now = now or utcnow()
        overview = tuple(counters.counter_overview(self.db, now=now))
        mine = next(c for c in overview if c.number == self.counter)
        statuses = service_statuses(self.db, now=now)
        return DeskSnapshot(
            counter=mine,
            waiting=tuple(waiting_list(self.db, self.counter, now=now)),
            services=tuple(s for s in statuses if s.code in mine.services),
            all_services=tuple((s.code, s.name_id) for s in statuses if not s.closed),
            no_shows=tuple(counters.no_shows(self.db, self.counter, now=now)),
            figures=officer_figures(self.db, self.officer.login, now=now),
            supervisor=self._supervisor_view(overview, now) if self.is_supervisor else None,
            read_at=now,
            outcomes=tuple(outcomes(self.db)),
        )

    def _supervisor_view(
        self, overview: tuple[CounterOverview, ...], now: datetime
    ) -> SupervisorView:
        controls = tuple(supervisor.service_controls(self.db, now=now))
        machines = tuple(device_statuses(self.db, now=now))
        office = office_info(self.db)
        return SupervisorView(overview, controls, office.ticker, office.timezone, machines)

    # Counter actions -------------------------------------------------------------------------

    def call_next(self) -> TicketView:
        return self._run(
            translate("Counter", "Call next"),
            event_kind(Action.CALL),
            calls.call_next,
            self.counter,
        )

    def call_specific(self, code: str) -> TicketView:
        kind = event_kind(Action.CALL_SPECIFIC)
        return self._run(
            translate("Counter", "Call {code}").format(code=code.upper()),
            kind,
            calls.call_specific,
            self.counter,
            code,
        )

    def recall(self) -> TicketView:
        return self._run(
            translate("Counter", "Recall"), event_kind(Action.RECALL), calls.recall, self.counter
        )

    def no_show(self) -> TicketView:
        return self._run(
            translate("Counter", "No-show"),
            event_kind(Action.NO_SHOW),
            calls.mark_no_show,
            self.counter,
        )

    def start_serving(self) -> TicketView:
        kind = event_kind(Action.SERVE)
        return self._run(
            translate("Counter", "Start serving"), kind, calls.start_serving, self.counter
        )

    def finish(self, outcome: str | None = None) -> TicketView:
        """End the step with `outcome` (None: the office's default)."""
        finish = translate("Counter", "Finish ({outcome})")
        label = finish.format(outcome=outcome) if outcome else translate("Counter", "Finish")
        kind = event_kind(Action.FINISH)
        return self._run(label, kind, calls.finish, self.counter, outcome=outcome)

    def transfer(self, service: str, keep_place: bool) -> TicketView:
        return self._run(
            translate("Counter", "Transfer to {service}").format(service=service),
            event_kind(Action.TRANSFER),
            calls.transfer,
            self.counter,
            service,
            keep_place=keep_place,
        )

    def requeue(self, code: str, keep_place: bool) -> TicketView:
        return self._run(
            translate("Counter", "Requeue {code}").format(code=code.upper()),
            REQUEUED,
            days.requeue,
            code,
            keep_place=keep_place,
        )

    def pause(self) -> object:
        label = translate("Counter", "Pause")
        return self._run(label, lifecycle.COUNTER_PAUSED, counters.pause_counter, self.counter)

    def resume(self) -> object:
        label = translate("Counter", "Resume")
        return self._run(label, lifecycle.COUNTER_RESUMED, counters.resume_counter, self.counter)

    def sign_out(self) -> object:
        return self._run(
            translate("Counter", "Sign out"),
            lifecycle.COUNTER_SIGNED_OUT,
            counters.sign_out_of_counter,
            self.counter,
            self.login,
        )

    # Supervisor actions ----------------------------------------------------------------------

    def set_quota(self, service: str, quota: int | None) -> object:
        label = translate("Counter", "Quota of {service}").format(service=service)
        quota_changed = lifecycle.QUOTA_CHANGED
        return self._boss(label, quota_changed, supervisor.set_daily_quota, service, quota)

    def close_service(self, service: str) -> object:
        return self._boss(
            translate("Counter", "Close {service}").format(service=service),
            lifecycle.SERVICE_CLOSED,
            supervisor.close_service,
            service,
        )

    def reopen_service(self, service: str) -> object:
        label = translate("Counter", "Reopen {service}").format(service=service)
        return self._boss(label, lifecycle.SERVICE_REOPENED, supervisor.reopen_service, service)

    def cancel_ticket(self, code: str, reason: str) -> object:
        label = translate("Counter", "Cancel {code}").format(code=code.upper())
        kind = event_kind(Action.CANCEL)
        return self._boss(label, kind, days.cancel_ticket, code, reason=reason)

    def move_ticket(self, code: str, service: str, keep_place: bool) -> object:
        return self._boss(
            translate("Counter", "Move {code} to {service}").format(
                code=code.upper(), service=service
            ),
            lifecycle.TICKET_MOVED,
            supervisor.move_ticket,
            code,
            service,
            keep_place=keep_place,
        )

    def set_ticker(self, text: str) -> object:
        return self._boss(
            translate("Counter", "Ticker"), lifecycle.TICKER_CHANGED, supervisor.set_ticker, text
        )

    def happened(self, attempt: Attempt) -> bool:
        """Whether an attempt's event is in the log (it was committed)."""
        return counters.action_recorded(self.db, attempt.kind, attempt.at, counter=attempt.counter)

    @property
    def login(self) -> str:
        return self.officer.login

    def _run(self, label: str, kind: str, action: Callable[..., T], *args: Any, **kw: Any) -> T:
        at = utcnow()
        counter = None if kind == REQUEUED else self.counter  # a requeue names no counter
        self.last_attempt = Attempt(label, kind, at, counter)
        if kind != lifecycle.COUNTER_SIGNED_OUT:
            kw["officer"] = self.login
        return action(self.db, *args, device=self.device, now=at, **kw)

    def _boss(self, label: str, kind: str, action: Callable[..., T], *args: Any, **kw: Any) -> T:
        at = utcnow()
        self.last_attempt = Attempt(label, kind, at, None)
        return action(self.db, *args, supervisor=self.login, device=self.device, now=at, **kw)
