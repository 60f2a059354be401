"""Number words, letters and the clip sequence of a call, in Indonesian and English."""

from __future__ import annotations

import pytest

from display_board import speech
from display_board.speech import Call, Reading

INDONESIAN = {
    0: "nol",
    1: "satu",
    7: "tujuh",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    19: "sembilan belas",
    20: "dua puluh",
    21: "dua puluh satu",
    45: "empat puluh lima",
    99: "sembilan puluh sembilan",
    100: "seratus",
    101: "seratus satu",
    110: "seratus sepuluh",
    111: "seratus sebelas",
    115: "seratus lima belas",
    123: "seratus dua puluh tiga",
    200: "dua ratus",
    305: "tiga ratus lima",
    999: "sembilan ratus sembilan puluh sembilan",
}

ENGLISH = {
    0: "zero",
    5: "five",
    10: "ten",
    11: "eleven",
    13: "thirteen",
    19: "nineteen",
    20: "twenty",
    21: "twenty-one",
    40: "forty",
    99: "ninety-nine",
    100: "one hundred",
    105: "one hundred five",
    110: "one hundred ten",
    123: "one hundred twenty-three",
    500: "five hundred",
    999: "nine hundred ninety-nine",
}


@pytest.mark.parametrize(("number", "words"), INDONESIAN.items())
def test_indonesian_number_words(number: int, words: str) -> None:
    assert speech.say_number(number, "id") == words


@pytest.mark.parametrize(("number", "words"), ENGLISH.items())
def test_english_number_words(number: int, words: str) -> None:
    assert speech.say_number(number, "en") == words


def test_every_number_up_to_999_reads_in_both_languages_without_gaps() -> None:
    for number in range(1000):
        for lang in speech.LANGUAGES:
            text = speech.say_number(number, lang)
            assert text
            assert "  " not in text
            assert text == text.strip()
    # spot checks of the structure across the whole range
    assert all(speech.words_id(n)[0] == "seratus" for n in range(100, 200))
    assert all(speech.words_en(n)[1] == "hundred" for n in range(100, 1000))


@pytest.mark.parametrize("number", [-1, 1000])
def test_whole_reading_is_for_0_to_999(number: int) -> None:
    with pytest.raises(ValueError, match="0-999"):
        speech.words_id(number)


def test_letters_have_one_clip_each() -> None:
    assert speech.letter_clip("a") == "letter_a"
    assert speech.letter_clip("Z") == "letter_z"
    assert speech.ID_LETTERS["K"] == "ka"
    with pytest.raises(ValueError, match="letter"):
        speech.letter_clip("1")


def test_a_call_read_digit_by_digit_in_indonesian() -> None:
    assert speech.call_clips(Call("A001", 3), "id", Reading.DIGITS) == [
        "id/nomor_antrean",
        "id/letter_a",
        "id/nol",
        "id/nol",
        "id/satu",
        "id/silakan_menuju_loket",
        "id/tiga",
    ]
    assert speech.spoken_text(Call("A001", 3), "id", Reading.DIGITS) == (
        "nomor antrean A nol nol satu silakan menuju loket tiga"
    )


def test_a_call_read_as_a_whole_number() -> None:
    assert speech.spoken_text(Call("A123", 12), "id", Reading.WHOLE) == (
        "nomor antrean A seratus dua puluh tiga silakan menuju loket dua belas"
    )
    assert speech.spoken_text(Call("B007", 21), "en", Reading.WHOLE) == (
        "ticket B seven please proceed to counter twenty one"
    )


def test_counters_are_read_as_words() -> None:
    assert speech.call_clips(Call("E010", 15), "en", Reading.DIGITS)[-2:] == [
        "en/please_proceed_to_counter",
        "en/fifteen",
    ]
    assert speech.call_clips(Call("E010", 100), "id", Reading.DIGITS)[-1] == "id/seratus"


def test_numbers_above_999_fall_back_to_digits() -> None:
    assert speech.number_clips("1234", "id", Reading.WHOLE) == ["satu", "dua", "tiga", "empat"]


def test_the_announcement_is_a_chime_then_each_language_in_order() -> None:
    clips = speech.announcement(Call("A001", 3), ["en", "id"], Reading.DIGITS)
    assert clips[0] == speech.CHIME
    assert clips[1] == "en/ticket"
    assert clips.index("id/nomor_antrean") > clips.index("en/please_proceed_to_counter")


@pytest.mark.parametrize("code", ["", "001", "A-1", "AB"])
def test_a_malformed_code_is_refused(code: str) -> None:
    with pytest.raises(ValueError, match="ticket code"):
        speech.split_code(code)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        speech.call_clips(Call("A001", 1), "fr", Reading.DIGITS)
