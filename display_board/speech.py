"""What is said for a call: number words and the sequence of voice clips (pure, no Qt).

A call is announced by chaining short recorded clips, as commercial queue systems do:
`common/chime`, then for each language `id/nomor_antrean`, the letter, the number, the phrase
before the counter and the counter number. A clip is named `<folder>/<name>`; its file is
`<folder>/<name>.wav` in the clip set (see `display_board.voices`).

Numbers are read digit by digit ("nol nol satu") or whole ("seratus dua puluh tiga"); counters
are always read whole. Whole reading covers 0-999; larger numbers fall back to digits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from db import words

LANGUAGES = ("id", "en")
CHIME = "common/chime"
MAX_WHOLE = 999

ID_DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
EN_TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# Indonesian letter names as spoken (the clip name is the letter itself).
ID_LETTERS = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [
            "a",
            "be",
            "ce",
            "de",
            "e",
            "ef",
            "ge",
            "ha",
            "i",
            "je",
            "ka",
            "el",
            "em",
            "en",
            "o",
            "pe",
            "ki",
            "er",
            "es",
            "te",
            "u",
            "ve",
            "we",
            "eks",
            "ye",
            "zet",
        ],
        strict=True,
    )
)

# The clips of the fixed phrases, per language: before the ticket, before the counter. The names
# are fixed (an office's own recordings are found by them); what espeak-ng says for them is the
# catalogue's `[voice]` (`phrases`).
PHRASE_CLIPS = {
    "id": ("nomor_antrean", "silakan_menuju_loket"),
    "en": ("ticket", "please_proceed_to_counter"),
}


def phrases(lang: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """(clip name, spoken text) before the ticket and before the counter, in `lang`."""
    before_ticket, before_counter = PHRASE_CLIPS[lang]
    return (
        (before_ticket, words.text("voice", "before_ticket", lang)),
        (before_counter, words.text("voice", "before_counter", lang)),
    )


_CODE = re.compile(r"^([A-Za-z]{1,3})(\d{1,6})$")


class Reading(StrEnum):
    DIGITS = "digits"
    WHOLE = "whole"


@dataclass(frozen=True)
class Call:
    """One call to announce: a ticket code such as "A001" and a counter number."""

    code: str
    counter: int


def words_id(number: int) -> list[str]:
    """The Indonesian words of 0-999, one clip each: 123 -> seratus dua puluh tiga."""
    _check_range(number)
    if number < 10:
        return [ID_DIGITS[number]]
    if number < 20:
        return _id_teen(number)
    if number < 100:
        tens, ones = divmod(number, 10)
        return [ID_DIGITS[tens], "puluh", *([ID_DIGITS[ones]] if ones else [])]
    hundreds, rest = divmod(number, 100)
    head = ["seratus"] if hundreds == 1 else [ID_DIGITS[hundreds], "ratus"]
    return head + (words_id(rest) if rest else [])


def _id_teen(number: int) -> list[str]:
    if number == 10:
        return ["sepuluh"]
    if number == 11:
        return ["sebelas"]
    return [ID_DIGITS[number - 10], "belas"]


def words_en(number: int) -> list[str]:
    """The English words of 0-999, one clip each: 123 -> one hundred twenty three."""
    _check_range(number)
    if number < 10:
        return [EN_DIGITS[number]]
    if number < 20:
        return [EN_TEENS[number - 10]]
    if number < 100:
        tens, ones = divmod(number, 10)
        return [EN_TENS[tens], *([EN_DIGITS[ones]] if ones else [])]
    hundreds, rest = divmod(number, 100)
    return [EN_DIGITS[hundreds], "hundred"] + (words_en(rest) if rest else [])


def say_number(number: int, lang: str) -> str:
    """The number as written words: "seratus dua puluh tiga", "one hundred twenty-three"."""
    if lang == "id":
        return " ".join(words_id(number))
    words = words_en(number)
    if len(words) >= 2 and words[-2] in EN_TENS[2:]:
        words[-2:] = [f"{words[-2]}-{words[-1]}"]
    return " ".join(words)


def number_clips(digits: str, lang: str, reading: Reading) -> list[str]:
    """The clip names of a ticket's number part ("001"), read by digits or whole."""
    value = int(digits)
    if reading is Reading.WHOLE and value <= MAX_WHOLE:
        return _words(value, lang)
    table = ID_DIGITS if lang == "id" else EN_DIGITS
    return [table[int(d)] for d in digits]


def letter_clip(letter: str) -> str:
    """The clip name of a letter (the same name in every language)."""
    upper = letter.upper()
    if upper not in ID_LETTERS:
        raise ValueError(f"not a letter A-Z: {letter!r}")
    return f"letter_{upper.lower()}"


def split_code(code: str) -> tuple[str, str]:
    """ "A001" -> ("A", "001"); raises ValueError for anything that is not letters + digits."""
    match = _CODE.match(code.strip())
    if match is None:
        raise ValueError(f"not a ticket code: {code!r}")
    return match.group(1).upper(), match.group(2)


def call_clips(call: Call, lang: str, reading: Reading) -> list[str]:
    """The clips of one call in one language, without the chime."""
    _check_language(lang)
    letters, digits = split_code(call.code)
    before_ticket, before_counter = PHRASE_CLIPS[lang]
    names = [before_ticket, *(letter_clip(ch) for ch in letters)]
    names += number_clips(digits, lang, reading)
    names += [before_counter, *_words(call.counter, lang)]
    return [f"{lang}/{name}" for name in names]


def announcement(call: Call, languages: Sequence[str], reading: Reading) -> list[str]:
    """The full clip sequence: the chime, then the call in each language, in order."""
    clips = [CHIME]
    for lang in languages:
        clips += call_clips(call, lang, reading)
    return clips


def spoken_text(call: Call, lang: str, reading: Reading) -> str:
    """What the clips say, as a sentence (for logs and for the on-screen caption)."""
    words = [name.split("/", 1)[1] for name in call_clips(call, lang, reading)]
    return " ".join(_display_word(word, lang) for word in words)


def _display_word(word: str, lang: str) -> str:
    if word.startswith("letter_"):
        return word.removeprefix("letter_").upper()
    return word.replace("_", " ")


def _words(number: int, lang: str) -> list[str]:
    if number > MAX_WHOLE:
        table = ID_DIGITS if lang == "id" else EN_DIGITS
        return [table[int(d)] for d in str(number)]
    return words_id(number) if lang == "id" else words_en(number)


def _check_range(number: int) -> None:
    if not 0 <= number <= MAX_WHOLE:
        raise ValueError(f"whole-number reading covers 0-{MAX_WHOLE}, got {number}")


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
