"""The words of the pages: both languages complete, the choice of language, dates."""

from __future__ import annotations

import re
from datetime import date

import pytest

from db.store.models import SKM_ITEMS
from web import ticket_page
from web.assets import LINK_TEXTS, asset
from web.texts import (
    SURVEY_ANSWERS,
    SURVEY_QUESTIONS,
    TEXTS,
    choose_language,
    long_date,
    negotiate,
)


def test_both_languages_have_every_text_and_every_survey_question() -> None:
    assert set(TEXTS["id"]) == set(TEXTS["en"])
    for lang in ("id", "en"):
        assert set(SURVEY_QUESTIONS[lang]) == set(SKM_ITEMS)


def test_each_survey_question_has_its_own_four_answers_worst_first() -> None:
    for lang in ("id", "en"):
        assert set(SURVEY_ANSWERS[lang]) == set(SKM_ITEMS)
        assert all(len(answers) == 4 for answers in SURVEY_ANSWERS[lang].values())
    indonesian = SURVEY_ANSWERS["id"]
    assert indonesian["procedure"] == ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")
    assert indonesian["timeliness"][0] == "Tidak cepat"
    assert indonesian["cost"] == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert indonesian["competence"][3] == "Sangat kompeten"
    assert SURVEY_ANSWERS["en"]["procedure"][3] == "Very easy"
    # "baik" fits the facilities only, not every question
    assert [item for item, labels in indonesian.items() if "Baik" in labels] == ["facilities"]


def test_the_survey_form_offers_each_question_its_own_answers() -> None:
    form = ticket_page.SurveyForm("csrf", chosen={"procedure": "3"})
    procedure = ticket_page._questions("id", form)[1]
    assert procedure.item == "procedure"
    assert "Kurang mudah" in procedure.answers
    assert "Baik" not in procedure.answers
    english = ticket_page._questions("en", form)[1]
    assert ("Not very easy" in english.answers, english.chosen) == (True, "3")


def test_both_languages_fill_the_same_placeholders() -> None:
    for key, indonesian in TEXTS["id"].items():
        assert set(re.findall(r"\{\w+\}", indonesian)) == set(
            re.findall(r"\{\w+\}", TEXTS["en"][key])
        ), key


def test_the_scripts_get_texts_that_exist() -> None:
    for key in (
        *LINK_TEXTS,
        *ticket_page.NOTIFY_TEXTS,
        *ticket_page.SURVEY_TEXTS,
    ):
        assert key in TEXTS["id"]


def test_the_office_speaks_of_loket_and_nomor_antrean() -> None:
    assert TEXTS["id"]["called"].format(counter=3) == "Silakan menuju loket 3"
    assert TEXTS["en"]["called"].format(counter=3) == "Please go to counter 3"
    assert TEXTS["id"]["your_number"] == "Nomor antrean Anda"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", "id"),
        ("en-US,en;q=0.9", "en"),
        ("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", "id"),
        ("en;q=0.5,id;q=0.8", "id"),
        ("fr-FR,fr;q=0.9,en;q=0.8", "en"),
        ("in-ID", "id"),
        ("de, ja", "id"),
        ("en;q=0", "id"),
        ("en;q=banana, id;q=0.1", "id"),
        ("EN", "en"),
    ],
)
def test_accept_language_picks_indonesian_or_english(header: str, expected: str) -> None:
    assert negotiate(header) == expected


def test_an_explicit_choice_beats_the_cookie_and_the_cookie_beats_the_browser() -> None:
    assert choose_language("en", "id", "id") == "en"
    assert choose_language(None, "en", "id") == "en"
    assert choose_language("xx", "yy", "en") == "en"


def test_dates_read_naturally_in_each_language() -> None:
    assert long_date(date(2026, 11, 27), "id") == "Jumat, 27 November 2026"
    assert long_date(date(2026, 8, 17), "en") == "Monday, 17 August 2026"


@pytest.mark.parametrize(
    ("scripts", "keys"),
    [
        (("live.js", "ticket.js", "office.js"), LINK_TEXTS),
        (("notify.js",), ticket_page.NOTIFY_TEXTS),
        (("survey.js",), ticket_page.SURVEY_TEXTS),
    ],
)
def test_each_script_is_given_every_text_it_uses(
    scripts: tuple[str, ...], keys: tuple[str, ...]
) -> None:
    used: set[str] = set()
    for name in scripts:
        used |= set(re.findall(r"\bT\.(\w+)", asset(name)))
    assert used
    assert used <= set(keys), used - set(keys)
