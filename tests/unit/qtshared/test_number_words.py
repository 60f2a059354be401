"""The spoken numbers, over their whole range: they read back, follow Indonesian, have clips.

Each word list is read back by a parser written here from the rules of the languages, not
from the code under test: 11 is "sebelas" and 100 "seratus" (never "satu belas", "satu ratus"),
the tens come before the ones, and past 999 a number is read digit by digit.
"""

from __future__ import annotations

import string
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from display_board import speech, voices
from display_board.speech import Call, Reading
from qtshared.voice import words

ID_UNITS = dict(zip(words.ID_DIGITS, range(10), strict=True))
ID_SE = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
ID_TIMES = {"belas": None, "puluh": 10, "ratus": 100}
EN_UNITS = dict(zip(words.EN_DIGITS, range(10), strict=True))
EN_TEENS = {word: 10 + n for n, word in enumerate(words.EN_TEENS)}
EN_TENS = {word: 10 * n for n, word in enumerate(words.EN_TENS) if word}

whole = st.integers(min_value=0, max_value=words.MAX_WHOLE)
beyond = st.integers(min_value=words.MAX_WHOLE + 1, max_value=999_999)
languages = st.sampled_from(words.LANGUAGES)
readings = st.sampled_from(list(Reading))
codes = st.builds(
    str.__add__,
    st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=3),
    st.text(alphabet=string.digits, min_size=1, max_size=6),
)


def read_indonesian(spoken: list[str]) -> int:
    """The number an Indonesian listener hears; a word out of place fails the test."""
    total, unit = 0, None
    for word in spoken:
        if word in ID_UNITS:
            assert unit is None, f"two digits in a row in {spoken}"
            unit = ID_UNITS[word]
        elif word in ID_SE:
            assert unit is None, f"{word} after a digit in {spoken}"
            total += ID_SE[word]
        else:
            assert unit is not None, f"{word} needs a digit before it: {spoken}"
            assert unit >= 2, f"{word} after satu: Indonesian says se{word} ({spoken})"
            times = ID_TIMES[word]
            total += 10 + unit if times is None else unit * times
            unit = None
    return total + (unit or 0)


def read_english(spoken: list[str]) -> int:
    total = 0
    for at, word in enumerate(spoken):
        if word == "hundred":
            assert at == 1, f"hundred must follow the first digit: {spoken}"
            total *= 100
        else:
            total += {**EN_UNITS, **EN_TEENS, **EN_TENS}[word]
    return total


def read(spoken: list[str], lang: str) -> int:
    return read_indonesian(spoken) if lang == "id" else read_english(spoken)


def read_digits(spoken: list[str], lang: str) -> str:
    table = ID_UNITS if lang == "id" else EN_UNITS
    return "".join(str(table[word]) for word in spoken)


@given(number=whole, lang=languages)
def test_every_number_up_to_999_reads_back_as_itself(number: int, lang: str) -> None:
    assert read(words.whole_words(number, lang), lang) == number


@given(number=whole)
def test_indonesian_says_se_for_one_ten_eleven_or_hundred_and_nol_only_for_zero(
    number: int,
) -> None:
    spoken = words.words_id(number)
    assert ("nol" in spoken) == (number == 0)
    assert ("sebelas" in spoken) == (number % 100 == 11)
    assert ("seratus" in spoken) == (number // 100 == 1)
    assert ("sepuluh" in spoken) == (number % 100 == 10)
    if number % 100 in range(12, 20):
        assert spoken[-1] == "belas"


@given(number=whole)
def test_english_words_read_aloud_are_the_clip_words_with_a_hyphen_after_the_tens(
    number: int,
) -> None:
    written = words.say_number(number, "en")
    assert written.replace("-", " ").split() == words.words_en(number)
    if "-" in written:
        tens, ones = written.split()[-1].split("-")
        assert (tens in EN_TENS, ones in EN_UNITS) == (True, True)


@given(number=beyond, lang=languages)
def test_past_999_a_number_is_read_digit_by_digit(number: int, lang: str) -> None:
    assert read_digits(words.whole_words(number, lang), lang) == str(number)


@given(code=codes, lang=languages)
def test_a_ticket_read_by_digits_keeps_its_leading_zeros(code: str, lang: str) -> None:
    letters, digits = words.split_code(code)
    spoken = words.code_clips(code, lang, Reading.DIGITS)
    assert spoken[: len(letters)] == [f"letter_{ch.lower()}" for ch in letters]
    assert read_digits(spoken[len(letters) :], lang) == digits


@given(code=codes, lang=languages)
def test_a_ticket_read_whole_says_its_number(code: str, lang: str) -> None:
    letters, digits = words.split_code(code)
    spoken = words.code_clips(code, lang, Reading.WHOLE)[len(letters) :]
    if int(digits) <= words.MAX_WHOLE:
        assert read(spoken, lang) == int(digits)
    else:
        assert read_digits(spoken, lang) == digits


@cache
def clip_set(lang: str) -> frozenset[str]:
    return frozenset(f"{lang}/{name}" for name in voices.catalogue(lang))


counters = st.integers(min_value=1, max_value=9999)


@given(code=codes, counter=counters, reading=readings, lang=languages)
def test_every_clip_of_any_call_is_in_the_clip_set(
    code: str, counter: int, reading: Reading, lang: str
) -> None:
    assert set(speech.call_clips(Call(code, counter), lang, reading)) <= clip_set(lang)


@given(counter=counters, reading=readings, lang=languages)
def test_a_counter_is_read_whole_whatever_the_reading_of_tickets(
    counter: int, reading: Reading, lang: str
) -> None:
    clips = speech.call_clips(Call("A001", counter), lang, reading)
    before_counter = clips.index(f"{lang}/{speech.PHRASE_CLIPS[lang][1]}")
    said = [clip.split("/", 1)[1] for clip in clips[before_counter + 1 :]]
    if counter <= words.MAX_WHOLE:
        assert read(said, lang) == counter
    else:
        assert read_digits(said, lang) == str(counter)
