"""How times, durations, priority categories and messages read on the counter screen."""

from __future__ import annotations

from datetime import datetime

from db.clock import local_time
from db.results import TicketView

PRIORITY_LABELS = {
    "lansia": "Lansia 60+",
    "disabilitas": "Disabilitas",
    "ibu_hamil": "Ibu hamil",
    "balita": "Anak balita",
}

STATUS_LABELS = {
    "waiting": "Waiting",
    "called": "Called",
    "serving": "Serving",
    "finished": "Finished",
    "no_show": "No-show",
    "cancelled": "Cancelled",
    "expired": "Expired",
    "open": "Open",
    "paused": "Paused",
    "closed": "Closed",
}


def priority_label(category: str | None) -> str:
    if category is None:
        return ""
    return PRIORITY_LABELS.get(category, category.replace("_", " ").capitalize())


def step_line(ticket: TicketView) -> str:
    """A visit's step, as the applicant sees it: "Langkah 2 dari 2: Foto & Wawancara"."""
    if ticket.steps <= 1:
        return ""
    line = f"Langkah {ticket.step} dari {ticket.steps}"
    return f"{line}: {ticket.step_name_id}" if ticket.step_name_id else line


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def clock(seconds: float) -> str:
    """A running timer: 4:05, or 1:02:09 past an hour."""
    whole = max(int(seconds), 0)
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins}:{secs:02d}"


def minutes(seconds: float) -> str:
    """A waited time: "under 1 min", "12 min", "1 h 05 min"."""
    whole = max(int(seconds) // 60, 0)
    if whole < 1:
        return "<1 min"
    hours, mins = divmod(whole, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def since(moment: datetime | None, now: datetime) -> str:
    return "" if moment is None else minutes((now - moment).total_seconds())


def office_clock(moment: datetime | None, timezone: str, now: datetime) -> str:
    """An instant in office time (never the PC's zone): HH:MM today, with the date before."""
    if moment is None:
        return ""
    local = local_time(moment, timezone)
    if local.date() == local_time(now, timezone).date():
        return f"{local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def sentence(message: str) -> str:
    """A service-layer message ("counter 1 is paused: ...") as a sentence on screen."""
    text = message.strip()
    return text[:1].upper() + text[1:] if text else text
