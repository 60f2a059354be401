"""How times, durations, priority categories and messages read on the counter screen."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from db.results import TicketView
from db.rules import words
from db.rules.clock import local_time
from qtshared.i18n import QT_TRANSLATE_NOOP, current_language

STATUS_LABELS = {
    "waiting": QT_TRANSLATE_NOOP("Counter", "Waiting"),
    "called": QT_TRANSLATE_NOOP("Counter", "Called"),
    "serving": QT_TRANSLATE_NOOP("Counter", "Serving"),
    "finished": QT_TRANSLATE_NOOP("Counter", "Finished"),
    "no_show": QT_TRANSLATE_NOOP("Counter", "No-show"),
    "cancelled": QT_TRANSLATE_NOOP("Counter", "Cancelled"),
    "expired": QT_TRANSLATE_NOOP("Counter", "Expired"),
    "open": QT_TRANSLATE_NOOP("Counter", "Open"),
    "paused": QT_TRANSLATE_NOOP("Counter", "Paused"),
    "closed": QT_TRANSLATE_NOOP("Counter", "Closed"),
}


def translate(context: str, text: str) -> str:
    """The text in the app's language (lupdate finds `translate("Counter", "...")` calls)."""
    return QCoreApplication.translate(context, text)


def in_language(name_id: str, name_en: str) -> str:
    """A name the database holds in both languages, in the one the app is shown in."""
    return name_id if current_language() == "id" else name_en


def priority_label(category: str | None) -> str:
    if category is None:
        return ""
    return words.priority_label(category, current_language(), short=True)


def step_line(ticket: TicketView) -> str:
    """A visit's step, as the applicant sees it: "Langkah 2 dari 2: Foto & Wawancara"."""
    names = (ticket.step_name_id, ticket.step_name_en)
    return words.step_line(ticket.step, ticket.steps, *names, current_language())


def status_label(status: str) -> str:
    if status in STATUS_LABELS:
        return translate("Counter", STATUS_LABELS[status])
    return status.replace("_", " ").capitalize()


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
        return translate("Counter", "<1 min")
    hours, mins = divmod(whole, 60)
    if hours:
        return translate("Counter", "{h} h {m} min").format(h=hours, m=f"{mins:02d}")
    return translate("Counter", "{m} min").format(m=mins)


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
