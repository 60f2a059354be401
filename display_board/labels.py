"""The screen's words in Indonesian and English (the catalogue `assets/i18n/texts.toml`; no Qt).

The wall display shows a heading in two languages at once, so its words are not Qt translations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from db.results import TicketView
from db.rules import words
from db.rules.words import long_date


class Labels:
    """Words for the screen: the first language, with the second under headings if configured."""

    def __init__(self, languages: Sequence[str]) -> None:
        self.primary = languages[0] if languages else "id"
        self.secondary = languages[1] if len(languages) > 1 else None

    def __call__(self, key: str) -> str:
        return words.text("display", key, self.primary)

    def second(self, key: str) -> str:
        """The word in the second language, or "" with one language only."""
        return words.text("display", key, self.secondary) if self.secondary else ""

    def step(self, ticket: TicketView) -> str:
        """ "Langkah 2 dari 2: Foto & Wawancara" (and the second language), or "" for one step."""
        lines = [step_text(ticket, lang) for lang in (self.primary, self.secondary) if lang]
        return "  ·  ".join(line for line in lines if line)

    def date(self, day: date) -> str:
        return long_date(day, self.primary)


def step_text(ticket: TicketView, lang: str) -> str:
    """The step of a visit with several steps, in one language; "" for a one-step service."""
    return words.step_line(
        ticket.step, ticket.steps, ticket.step_name_id, ticket.step_name_en, lang
    )


def counter_state(state: str, has_ticket: bool) -> str | None:
    """The label key for a counter without a number to show, or None when it shows a ticket."""
    if state == "paused":
        return "paused"
    if state == "closed":
        return "closed"
    return None if has_ticket else "idle"
