"""Every text the kiosk screens show, translated with Qt's tr() machinery (context "Kiosk").

The source strings are English; `assets/i18n/kiosk_id.ts` holds the Indonesian. Service names
come from the database in both languages. Texts shown in both languages at once (the
out-of-service screen), dates and the priority groups come from the catalogue (`db.rules.words`).
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QCoreApplication

from db.rules import words
from db.rules.hours import ClosedReason
from db.views.queries import ServiceStatus
from qtshared.i18n import current_language


def choose_service() -> str:
    return QCoreApplication.translate("Kiosk", "Please choose a service")


def choose_hint() -> str:
    return QCoreApplication.translate("Kiosk", "Touch one of the buttons below to take a number")


def switch_language() -> str:
    return QCoreApplication.translate("Kiosk", "Bahasa Indonesia")


def priority_button() -> str:
    return QCoreApplication.translate(
        "Kiosk", "Priority service\nseniors, disabilities, pregnant women, small children"
    )


def priority_title() -> str:
    return QCoreApplication.translate("Kiosk", "Priority service")


def priority_hint() -> str:
    return QCoreApplication.translate("Kiosk", "Choose what applies to you, then the service")


def priority_category(category: str) -> str:
    return words.priority_label(category, current_language())


def priority_chosen(category: str) -> str:
    text = QCoreApplication.translate("Kiosk", "Priority: %1. Now choose the service.")
    return text.replace("%1", priority_category(category))


def back() -> str:
    return QCoreApplication.translate("Kiosk", "Back")


def cancel_priority() -> str:
    return QCoreApplication.translate("Kiosk", "Cancel priority")


def service_state(status: ServiceStatus, priority: str | None, allowed: bool) -> str:
    """The line under a service button: open, or why it cannot be chosen now."""
    state = status.availability
    if priority and not allowed:
        return QCoreApplication.translate("Kiosk", "No priority tickets for this service")
    if not state.open:
        return _closed(state.reason, state.opens, state.issue_until, state.closes)
    if status.quota_left == 0:
        return QCoreApplication.translate("Kiosk", "Today's quota is full")
    if state.issue_until is not None:
        text = QCoreApplication.translate("Kiosk", "Open, tickets until %1")
        return text.replace("%1", f"{state.issue_until:%H:%M}")
    return QCoreApplication.translate("Kiosk", "Open")


def _closed(
    reason: ClosedReason | None, opens: time | None, until: time | None, closes: time | None
) -> str:
    if reason is ClosedReason.NOT_YET_OPEN and opens:
        text = QCoreApplication.translate("Kiosk", "Closed, opens at %1")
        return text.replace("%1", f"{opens:%H:%M}")
    if reason is ClosedReason.ISSUING_ENDED and until:
        text = QCoreApplication.translate("Kiosk", "Closed, tickets were issued until %1")
        return text.replace("%1", f"{until:%H:%M}")
    if reason is ClosedReason.CAPACITY and closes:
        text = QCoreApplication.translate("Kiosk", "Full today: the queue already lasts until %1")
        return text.replace("%1", f"{closes:%H:%M}")
    if reason is ClosedReason.NOT_TODAY:
        return QCoreApplication.translate("Kiosk", "Closed today")
    return QCoreApplication.translate("Kiosk", "Closed")


def your_number() -> str:
    return QCoreApplication.translate("Kiosk", "Your queue number")


def people_ahead(count: int) -> str:
    if count == 0:
        return QCoreApplication.translate("Kiosk", "Nobody is ahead of you")
    text = QCoreApplication.translate("Kiosk", "People ahead of you: %1")
    return text.replace("%1", str(count))


def estimated_wait(low: int, high: int) -> str:
    text = QCoreApplication.translate("Kiosk", "Estimated wait: %1 to %2 minutes")
    return text.replace("%1", str(low)).replace("%2", str(high))


def valid_today() -> str:
    return QCoreApplication.translate("Kiosk", "Valid today only")


def printing() -> str:
    return QCoreApplication.translate("Kiosk", "Printing your ticket...")


def printed() -> str:
    return QCoreApplication.translate("Kiosk", "Please take your ticket below the screen")


def shown_only() -> str:
    return QCoreApplication.translate("Kiosk", "Please remember your number")


def print_failed() -> str:
    # Said whenever the printer did not confirm: the ticket may or may not have come out.
    return QCoreApplication.translate(
        "Kiosk", "If no ticket came out, photograph this screen or scan the code"
    )


def done() -> str:
    return QCoreApplication.translate("Kiosk", "Done")


def scan_hint() -> str:
    return QCoreApplication.translate("Kiosk", "Scan to follow the queue")


def going_home(seconds: int) -> str:
    text = QCoreApplication.translate(
        "Kiosk", "Back to the start screen in %1 s. Touch the screen if you need more time."
    )
    return text.replace("%1", str(seconds))


def printer_notice() -> str:
    return QCoreApplication.translate(
        "Kiosk", "The printer is out of order: your number will be shown on the screen"
    )


def printer_fault(detail: str) -> str:
    return QCoreApplication.translate("Kiosk", "Printer: %1").replace("%1", detail)


def paper_out() -> str:
    return QCoreApplication.translate("Kiosk", "out of paper")


def paper_low() -> str:
    return QCoreApplication.translate("Kiosk", "paper running low")


def not_printing() -> str:
    return QCoreApplication.translate("Kiosk", "not printing")


def booking_button() -> str:
    return QCoreApplication.translate("Kiosk", "I have an M-Paspor booking")


def keypad_title() -> str:
    return QCoreApplication.translate("Kiosk", "Enter your booking code")


def keypad_hint() -> str:
    return QCoreApplication.translate(
        "Kiosk", "Type the code from your M-Paspor booking, or hold its barcode under the scanner"
    )


def clear() -> str:
    return QCoreApplication.translate("Kiosk", "Clear")


def ok() -> str:
    return QCoreApplication.translate("Kiosk", "OK")


def choose_booking_service(code: str) -> str:
    text = QCoreApplication.translate("Kiosk", "Booking %1: choose the service you booked")
    return text.replace("%1", code)


def session(start: time, end: time) -> str:
    text = QCoreApplication.translate("Kiosk", "Booked session %1-%2")
    return text.replace("%1", f"{start:%H:%M}").replace("%2", f"{end:%H:%M}")


def early(start: time) -> str:
    text = QCoreApplication.translate("Kiosk", "You came early: your number is called from %1")
    return text.replace("%1", f"{start:%H:%M}")


def late_walk_in() -> str:
    return QCoreApplication.translate(
        "Kiosk", "Your session has passed: you got a walk-in number instead"
    )


def already_checked_in() -> str:
    return QCoreApplication.translate(
        "Kiosk",
        "This booking is already checked in: this is its number. Lost the ticket? "
        "Please go to the information desk",
    )


def refusal_title() -> str:
    return QCoreApplication.translate("Kiosk", "Your booking cannot be checked in here")


def refusal(reason: str, details: dict[str, object]) -> str:
    """Why a booking was refused; `reason` as in BookingRefused's details (or an error name)."""
    opens, day = details.get("opens"), details.get("day")
    if reason == "too_early" and isinstance(opens, time):
        text = QCoreApplication.translate("Kiosk", "It is too early: check-in opens at %1.")
        return text.replace("%1", f"{opens:%H:%M}")
    if reason == "other_day" and isinstance(day, date):
        text = QCoreApplication.translate("Kiosk", "This booking is for %1, not today.")
        return text.replace("%1", f"{day:%d-%m-%Y}")
    messages = {
        "malformed": QCoreApplication.translate("Kiosk", "This is not a booking code."),
        "unknown": QCoreApplication.translate("Kiosk", "This code is not on today's list."),
        "too_late": QCoreApplication.translate("Kiosk", "The session of this booking has ended."),
        "quota": QCoreApplication.translate(
            "Kiosk", "Your session has ended and today's walk-in places are taken."
        ),
        "closed": QCoreApplication.translate("Kiosk", "This service is not open now."),
    }
    return messages.get(
        reason, QCoreApplication.translate("Kiosk", "This booking could not be checked in.")
    )


def go_to_desk() -> str:
    return QCoreApplication.translate("Kiosk", "Please go to the information desk")


def voice_button() -> str:
    return QCoreApplication.translate("Kiosk", "Voice guide")


def voice_button_hint() -> str:
    return QCoreApplication.translate("Kiosk", "or press + on the keypad")


def voice_stop() -> str:
    return QCoreApplication.translate("Kiosk", "Stop the voice guide")


def voice_title() -> str:
    return QCoreApplication.translate("Kiosk", "Voice guide: use the keypad beside the screen")


def voice_silent() -> str:
    return QCoreApplication.translate(
        "Kiosk", "No sound on this kiosk: the guide is shown here as text"
    )


def large_text_on() -> str:
    return QCoreApplication.translate("Kiosk", "Large text")


def large_text_off() -> str:
    return QCoreApplication.translate("Kiosk", "Normal text")


def long_date(day: date, language: str) -> str:
    return words.long_date(day, language)


def out_of_service() -> tuple[str, str, str, str, str]:
    """The out-of-service screen's lines, in both languages at once (no translator involved)."""
    title, ask, retry = (words.entry("kiosk", key) for key in ("out_of_service", "ask", "retry"))
    return (
        str(title["id"]),
        str(title["en"]),
        str(ask["id"]),
        str(ask["en"]),
        f"{retry['id']}  {retry['en']}",
    )
