"""The screen's words in Indonesian and English, and dates in the office's language (no Qt)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from db.results import TicketView

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "ticket": "NOMOR ANTRIAN",
        "go_to": "SILAKAN MENUJU",
        "counter": "LOKET",
        "recent": "PANGGILAN TERAKHIR",
        "counters": "LOKET",
        "waiting": "MENUNGGU",
        "people": "orang",
        "closed": "TUTUP",
        "paused": "ISTIRAHAT",
        "idle": "—",
        "none_yet": "Belum ada panggilan",
        "reconnecting": "● Menghubungkan ulang…",
        "starting": "Menghubungkan ke server…",
        "step": "Langkah {n} dari {of}",
    },
    "en": {
        "ticket": "TICKET",
        "go_to": "PLEASE GO TO",
        "counter": "COUNTER",
        "recent": "LAST CALLS",
        "counters": "COUNTERS",
        "waiting": "WAITING",
        "people": "people",
        "closed": "CLOSED",
        "paused": "ON BREAK",
        "idle": "—",
        "none_yet": "No calls yet",
        "reconnecting": "● Reconnecting…",
        "starting": "Connecting to the server…",
        "step": "Step {n} of {of}",
    },
}

_DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}


class Labels:
    """Words for the screen: the first language, with the second under headings if configured."""

    def __init__(self, languages: Sequence[str]) -> None:
        self.primary = languages[0] if languages else "id"
        self.secondary = languages[1] if len(languages) > 1 else None

    def __call__(self, key: str) -> str:
        return LABELS[self.primary][key]

    def second(self, key: str) -> str:
        """The word in the second language, or "" with one language only."""
        return LABELS[self.secondary][key] if self.secondary else ""

    def step(self, ticket: TicketView) -> str:
        """ "Langkah 2 dari 2: Foto & Wawancara" (and the second language), or "" for one step."""
        lines = [step_text(ticket, lang) for lang in (self.primary, self.secondary) if lang]
        return "  ·  ".join(line for line in lines if line)

    def date(self, day: date) -> str:
        return long_date(day, self.primary)


def long_date(day: date, lang: str) -> str:
    """ "Kamis, 27 November 2025" / "Thursday, 27 November 2025"."""
    month = _MONTHS[lang].split()[day.month - 1]
    return f"{_DAYS[lang][day.weekday()]}, {day.day} {month} {day.year}"


def step_text(ticket: TicketView, lang: str) -> str:
    """The step of a visit with several steps, in one language; "" for a one-step service."""
    if ticket.steps <= 1:
        return ""
    text = LABELS[lang]["step"].format(n=ticket.step, of=ticket.steps)
    name = ticket.step_name_id if lang == "id" else ticket.step_name_en
    return f"{text}: {name}" if name else text


def counter_state(state: str, has_ticket: bool) -> str | None:
    """The label key for a counter without a number to show, or None when it shows a ticket."""
    if state == "paused":
        return "paused"
    if state == "closed":
        return "closed"
    return None if has_ticket else "idle"
