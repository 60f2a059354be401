"""What a ticket says, and how it is laid out on 58 or 80 mm paper (printer and preview alike).

The ticket is bilingual (Indonesian first, then English): the applicant may read either, and
the officer who checks it reads Indonesian.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime, time
from enum import IntEnum
from zoneinfo import ZoneInfo

from db.results import IssuedTicket
from db.rules import words


def both(key: str, **values: object) -> str:
    """A line of the catalogue's `[ticket]` in Indonesian, then English: "NOMOR ANTREAN / ..."."""
    return " / ".join(words.text("ticket", key, lang, **values) for lang in words.LANGUAGES)


def priority_name(category: str) -> str:
    """ "Lansia / Senior" (the short labels, both languages)."""
    return " / ".join(words.priority_label(category, lang, short=True) for lang in words.LANGUAGES)


class Paper(IntEnum):
    """Paper width in mm; the value of `columns` is the characters per line in font A."""

    MM58 = 58
    MM80 = 80

    @property
    def columns(self) -> int:
        return 32 if self is Paper.MM58 else 48

    @property
    def dots(self) -> int:
        """Printable width in dots at 203 dpi."""
        return 384 if self is Paper.MM58 else 576


PAPER_WIDTHS = tuple(int(paper) for paper in Paper)  # in mm, as a settings file writes them


@dataclass(frozen=True)
class TicketContent:
    office_name: str
    code: str
    service_id: str  # service name in Indonesian
    service_en: str
    issued_local: datetime
    people_ahead: int
    wait: tuple[int, int] | None  # minutes, low and high
    priority: str | None
    qr_payload: str
    footer: str = ""
    large_number: bool = False  # the number as wide as the paper allows (the large-text option)
    # A checked-in booking's session; `early`: checked in before it opened, so the ticket waits
    # for the session (the applicant sees others called first and must know why).
    session: tuple[time, time] | None = None
    early: bool = False


def qr_payload(template: str | None, issued: IssuedTicket) -> str:
    """The QR text: the kiosk's URL template (`{code}`, `{date}`, `{service}`, `{token}`), else
    the ticket's phone page (the office's public URL), else a short reference."""
    ticket = issued.ticket
    day = ticket.business_date.isoformat()
    if template:
        return template.format(
            code=ticket.code, date=day, service=ticket.service_code, token=issued.token
        )
    return issued.url or f"WALKIN|{day}|{ticket.code}"


def phone_link(payload: str) -> str | None:
    """The QR's web address as short text to type (no scheme), or None when it is no link."""
    for scheme in ("https://", "http://"):
        if payload.lower().startswith(scheme):
            return payload[len(scheme) :]
    return None


def ticket_content(
    issued: IssuedTicket,
    office_name: str,
    timezone: str,
    *,
    qr_template: str | None = None,
    footer: str = "",
    large_number: bool = False,
    session: tuple[time, time] | None = None,
    early: bool = False,
) -> TicketContent:
    ticket = issued.ticket
    wait = issued.estimated_wait
    return TicketContent(
        office_name=office_name,
        code=ticket.code,
        service_id=ticket.service_name_id,
        service_en=ticket.service_name_en,
        issued_local=ticket.issued_at.astimezone(ZoneInfo(timezone)),
        people_ahead=issued.people_ahead,
        wait=(wait.low_minutes, wait.high_minutes) if wait else None,
        priority=ticket.priority,
        qr_payload=qr_payload(qr_template, issued),
        footer=footer,
        large_number=large_number,
        session=session,
        early=early and session is not None,
    )


MAX_SCALE = 8  # ESC/POS GS ! magnifies characters at most eight times


# --- layout ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str
    scale: int = 1  # character magnification, 1-8
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    """A dashed line across the paper."""


@dataclass(frozen=True)
class Qr:
    payload: str
    module_dots: int  # dots per QR module


@dataclass(frozen=True)
class Feed:
    lines: int = 1


Element = Text | Rule | Qr | Feed


def layout(content: TicketContent, paper: Paper) -> list[Element]:
    """The ticket from top to bottom, every line centred."""
    columns = paper.columns
    big = number_scale(content, paper)
    elements: list[Element] = [*_wrapped(content.office_name, columns, bold=True), Rule()]
    elements += _wrapped(content.service_id, columns, bold=True)
    elements += _wrapped(content.service_en, columns)
    elements += [Feed(), Text(both("number")), Text(content.code, big, True)]
    if content.priority:
        label = priority_name(content.priority)
        elements += _wrapped(f"{both('priority')}: {label}", columns, bold=True)
    if content.session:
        elements += _booking(content, columns)
    elements += [Feed(), Text(f"{content.issued_local:%d-%m-%Y  %H:%M}")]
    elements += [Text(f"{both('ahead')}: {content.people_ahead}")]
    if content.wait:
        low, high = content.wait
        elements += _wrapped(both("wait", low=low, high=high), columns)
    elements += [Feed(), Qr(content.qr_payload, 6 if paper is Paper.MM80 else 5)]
    link = phone_link(content.qr_payload)
    if link:
        # For phones that cannot scan: what the code is for, and the address to type.
        elements += [Text(words.text("ticket", "scan", lang)) for lang in words.LANGUAGES]
        elements += _wrapped(link, columns, bold=True)
    elements += [Feed()]
    elements += [Text(words.text("ticket", "valid_today", "id"), bold=True)]
    elements += [Text(words.text("ticket", "valid_today", "en"))]
    if content.footer:
        elements += [Rule(), *_wrapped(content.footer, columns)]
    return elements


def _booking(content: TicketContent, columns: int) -> list[Element]:
    """The session, a line per language (one line each fits 58 mm paper), and for an early
    check-in when the number is called."""
    assert content.session is not None
    start, end = (f"{moment:%H:%M}" for moment in content.session)
    lines: list[Element] = []
    for lang in words.LANGUAGES:
        text = words.text("ticket", "session", lang, start=start, end=end)
        lines += _wrapped(text, columns, bold=lang == "id")
    if content.early:
        for lang in words.LANGUAGES:
            text = words.text("ticket", "called_from", lang, time=start)
            lines += _wrapped(text, columns, bold=True)
    return lines


def number_scale(content: TicketContent, paper: Paper) -> int:
    """The magnification of the big number: 4 (80 mm) or 3 (58 mm), or with `large_number` as
    large as fits the paper with a character to spare (8, the printer's largest, on 80 mm)."""
    normal = 4 if paper is Paper.MM80 else 3
    if not content.large_number:
        return normal
    fits = (paper.columns - 1) // max(len(content.code), 1)
    return max(normal, min(fits, MAX_SCALE))


def _wrapped(text: str, columns: int, *, bold: bool = False) -> list[Element]:
    return [Text(line, 1, bold) for line in textwrap.wrap(text, columns) or [""]]
