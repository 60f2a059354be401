"""How the front desk words a ticket's state and a service's day (English source text, for
Qt Linguist catalogues under the context "FrontDesk")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from counter_app.format import in_language, priority_label, status_label, translate
from db.results import IssuedTicket, WaitEstimate
from db.rules.hours import ClosedReason
from db.services.checkin import DESK
from db.views.availability import ServiceDay


def wait_text(wait: WaitEstimate | None) -> str:
    if wait is None:
        return translate("FrontDesk", "not known yet")
    return translate("FrontDesk", "about {low}-{high} min").format(
        low=wait.low_minutes, high=wait.high_minutes
    )


def office_clock(moment: datetime | None, timezone: str) -> str:
    """An instant as HH:MM in the office's zone, as the booked sessions are written."""
    return "" if moment is None else f"{moment.astimezone(ZoneInfo(timezone)):%H:%M}"


def ticket_facts(found: IssuedTicket, timezone: str) -> list[tuple[str, str]]:
    """The looked-up ticket as (caption, value) rows, the ones that matter for its status."""
    ticket = found.ticket
    rows = [
        (translate("FrontDesk", "Service"), f"{ticket.service_code} · {ticket.service_name_id}"),
        (translate("FrontDesk", "Status"), status_label(ticket.status)),
    ]
    if ticket.priority:
        rows.append((translate("FrontDesk", "Priority"), priority_label(ticket.priority)))
    if ticket.kind == "appointment":
        rows.append(
            (translate("FrontDesk", "Booking"), translate("FrontDesk", "M-Paspor appointment"))
        )
    if ticket.steps > 1:
        step = translate("FrontDesk", "{step} of {steps}").format(
            step=ticket.step, steps=ticket.steps
        )
        name = in_language(ticket.step_name_id or "", ticket.step_name_en or "")
        rows.append((translate("FrontDesk", "Step"), f"{step}: {name}".rstrip(": ")))
    if ticket.status == "waiting":
        rows.append((translate("FrontDesk", "People ahead"), str(found.people_ahead)))
        rows.append((translate("FrontDesk", "Wait"), wait_text(found.estimated_wait)))
    if ticket.counter_number is not None and ticket.status in ("called", "serving"):
        rows.append(
            (
                translate("FrontDesk", "Counter"),
                translate("FrontDesk", "Loket {n}").format(n=ticket.counter_number),
            )
        )
    rows.append((translate("FrontDesk", "Issued"), office_clock(ticket.issued_at, timezone)))
    if ticket.called_at:
        rows.append(
            (translate("FrontDesk", "Last called"), office_clock(ticket.called_at, timezone))
        )
    return rows


def issuing_text(day: ServiceDay) -> tuple[str, bool]:
    """Whether a walk-in can still get a ticket of the service now, and why not."""
    state = day.availability
    left = day.status.quota_left
    if not state.open:
        return _closed_text(state.reason, day), False
    if left == 0:
        return translate("FrontDesk", "No: today's places are taken"), False
    if state.issue_until is not None:
        return translate("FrontDesk", "Yes, until {time}").format(
            time=f"{state.issue_until:%H:%M}"
        ), True
    return translate("FrontDesk", "Yes"), True


def _closed_text(reason: ClosedReason | None, day: ServiceDay) -> str:
    state = day.availability
    if reason is ClosedReason.CAPACITY and state.closes:
        return translate("FrontDesk", "No: the queue would run past {time}").format(
            time=f"{state.closes:%H:%M}"
        )
    if reason is ClosedReason.NOT_YET_OPEN and state.opens:
        return translate("FrontDesk", "Not yet: opens {time}").format(time=f"{state.opens:%H:%M}")
    if reason is ClosedReason.ISSUING_ENDED and state.issue_until:
        return translate("FrontDesk", "No: stopped at {time}").format(
            time=f"{state.issue_until:%H:%M}"
        )
    if reason is ClosedReason.NOT_TODAY:
        return translate("FrontDesk", "No: closed today")
    return translate("FrontDesk", "No: closed")


def places_text(day: ServiceDay) -> str:
    quota, left = day.status.quota, day.status.quota_left
    if quota is None:
        return translate("FrontDesk", "no limit")
    return translate("FrontDesk", "{left} of {quota}").format(left=left, quota=quota)


def booked_text(day: ServiceDay) -> str:
    """The booked sessions still to come: "13:00 ×2, 14:00 ×1", or "none"."""
    if not day.booked_to_come:
        return translate("FrontDesk", "none")
    parts = []
    for session in day.booked_to_come:
        when = f"{session.start:%H:%M}" if session.start else translate("FrontDesk", "unlisted")
        parts.append(f"{when} ×{session.booked}")
    return ", ".join(parts)


def refusal(message: str) -> str:
    """A service-layer refusal as the desk shows it: the applicant is already at the desk."""
    text = message.replace(f": {DESK}", "").replace(DESK, "").strip()
    return text[:1].upper() + text[1:]
