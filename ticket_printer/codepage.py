"""Text in the printer's code page: never raw UTF-8; what the page lacks is transliterated."""

from __future__ import annotations

import unicodedata

from db.errors import UserError

# ESC t n: the code page numbers most ESC/POS printers agree on.
CODE_PAGES = {
    "cp437": 0,
    "cp850": 2,
    "cp860": 3,
    "cp863": 4,
    "cp865": 5,
    "cp1252": 16,
    "cp866": 17,
    "cp852": 18,
    "cp858": 19,
}
DEFAULT_CODE_PAGE = "cp437"
_SUBSTITUTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u2022": "*",
    "\u20ac": "EUR",
    "\u00a0": " ",
    "\u2192": "->",
}


class CodePageError(UserError):
    """A code page the kiosk does not know how to select on the printer."""


def select_command(code_page: str) -> bytes:
    """ESC t n, which makes the printer read the following bytes in `code_page`."""
    try:
        return b"\x1bt" + bytes([CODE_PAGES[code_page.lower()]])
    except KeyError:
        known = ", ".join(CODE_PAGES)
        raise CodePageError(f"unknown printer code page {code_page!r} (known: {known})") from None


def encode(text: str, code_page: str = DEFAULT_CODE_PAGE) -> bytes:
    """`text` in `code_page`, with characters it lacks transliterated (or replaced by '?')."""
    return b"".join(_encode_char(char, code_page.lower()) for char in text)


def _encode_char(char: str, code_page: str) -> bytes:
    try:
        return char.encode(code_page)
    except UnicodeEncodeError:
        pass
    if char in _SUBSTITUTES:
        return _SUBSTITUTES[char].encode(code_page)
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return plain.encode(code_page, errors="replace") if plain else b"?"


def printable(text: str, code_page: str = DEFAULT_CODE_PAGE) -> str:
    """`text` as the printer will show it (for previews)."""
    return encode(text, code_page).decode(code_page.lower())
