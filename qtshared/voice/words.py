"""Numbers, letters and ticket codes as clip names, in Indonesian and English (pure, no Qt).

A clip is a short recording of one word; a number is said by chaining them: digit by digit
("nol nol satu") or whole ("seratus dua puluh tiga"). Whole reading covers 0-999; larger
numbers fall back to digits. Letters have one clip name in every language (`letter_a`); what it
sounds like differs ("a", "be", "ce" in Indonesian).
"""

from __future__ import annotations

import re
from enum import StrEnum

LANGUAGES = ("id", "en")
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

_CODE = re.compile(r"^([A-Za-z]{1,3})(\d{1,6})$")


class Reading(StrEnum):
    DIGITS = "digits"
    WHOLE = "whole"


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


def whole_words(number: int, lang: str) -> list[str]:
    """A count or a counter number read whole; past MAX_WHOLE, digit by digit."""
    if number > MAX_WHOLE:
        return digit_words(str(number), lang)
    return words_id(number) if lang == "id" else words_en(number)


def digit_words(digits: str, lang: str) -> list[str]:
    table = ID_DIGITS if lang == "id" else EN_DIGITS
    return [table[int(d)] for d in digits]


def number_clips(digits: str, lang: str, reading: Reading) -> list[str]:
    """The clip names of a ticket's number part ("001"), read by digits or whole."""
    value = int(digits)
    if reading is Reading.WHOLE and value <= MAX_WHOLE:
        return whole_words(value, lang)
    return digit_words(digits, lang)


def letter_clip(letter: str) -> str:
    """The clip name of a letter (the same name in every language)."""
    upper = letter.upper()
    if upper not in ID_LETTERS:
        raise ValueError(f"not a letter A-Z: {letter!r}")
    return f"letter_{upper.lower()}"


def letter_text(clip: str, lang: str) -> str:
    """What espeak-ng says for a letter clip ("letter_b" -> "be" in Indonesian, "B" in English)."""
    letter = clip.removeprefix("letter_").upper()
    return ID_LETTERS[letter] if lang == "id" else letter


def split_code(code: str) -> tuple[str, str]:
    """ "A001" -> ("A", "001"); raises ValueError for anything that is not letters + digits."""
    match = _CODE.match(code.strip())
    if match is None:
        raise ValueError(f"not a ticket code: {code!r}")
    return match.group(1).upper(), match.group(2)


def code_clips(code: str, lang: str, reading: Reading) -> list[str]:
    """A ticket code's clip names without a folder: its letters, then its number."""
    letters, digits = split_code(code)
    return [*(letter_clip(ch) for ch in letters), *number_clips(digits, lang, reading)]


def vocabulary(lang: str) -> dict[str, str]:
    """Every word clip (numbers 0-999 and letters) and the text espeak-ng speaks for it."""
    _check_language(lang)
    reader = words_id if lang == "id" else words_en
    words = {w: w for n in range(MAX_WHOLE + 1) for w in reader(n)}
    for letter in ID_LETTERS:
        clip = letter_clip(letter)
        words[clip] = letter_text(clip, lang)
    return dict(sorted(words.items()))


def display_word(word: str) -> str:
    """A clip name as a caption shows it: "letter_a" -> "A", "tekan_1" -> "tekan 1"."""
    if word.startswith("letter_"):
        return word.removeprefix("letter_").upper()
    return word.replace("_", " ")


def _check_range(number: int) -> None:
    if not 0 <= number <= MAX_WHOLE:
        raise ValueError(f"whole-number reading covers 0-{MAX_WHOLE}, got {number}")


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
