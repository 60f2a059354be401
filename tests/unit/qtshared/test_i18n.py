"""The widget catalogues: every tr() string of the code has its Indonesian, and the .qm is fresh."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from db.rules.words import i18n_dir
from qtshared import i18n

PLACEHOLDER = re.compile(r"%\d|\{\w*\}")

Messages = dict[tuple[str, str], str | None]


def messages(ts: Path) -> Messages:
    """(context, source) -> translation, None when unfinished or empty."""
    found: Messages = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            done = translation.get("type") is None and (translation.text or "").strip()
            found[(name, message.findtext("source", ""))] = translation.text if done else None
    return found


@pytest.fixture(params=sorted(i18n.CATALOGUES))
def app(request: pytest.FixtureRequest) -> str:
    try:
        i18n.tool("pyside6-lupdate")
    except FileNotFoundError as error:
        pytest.skip(str(error))
    return str(request.param)


def test_every_string_of_the_code_is_in_the_catalogue_and_translated(
    app: str, tmp_path: Path
) -> None:
    committed = i18n_dir() / f"{app}_id.ts"
    fresh = tmp_path / committed.name
    shutil.copy(committed, fresh)
    i18n.update(app, fresh)
    found = messages(fresh)
    assert set(found) == set(messages(committed)), "run: python -m qtshared.i18n"
    missing = sorted(source for (_, source), translation in found.items() if translation is None)
    assert missing == [], f"{committed.name} lacks the Indonesian of these"


def test_translations_keep_the_placeholders_of_their_source(app: str) -> None:
    for (context, source), translation in messages(i18n_dir() / f"{app}_id.ts").items():
        assert translation is not None
        wanted = sorted(PLACEHOLDER.findall(source))
        assert sorted(PLACEHOLDER.findall(translation)) == wanted, (context, source)


def test_the_compiled_catalogue_is_made_from_the_ts_file(app: str, tmp_path: Path) -> None:
    ts = i18n_dir() / f"{app}_id.ts"
    fresh = tmp_path / "fresh.qm"
    i18n.compile_qm(ts, fresh)
    assert fresh.read_bytes() == ts.with_suffix(".qm").read_bytes(), "python -m qtshared.i18n"


def test_indonesian_is_the_default_and_english_removes_the_translator(qapp: object) -> None:
    translations = i18n.Translations("counter")
    try:
        assert i18n.current_language() == "id"
        assert QCoreApplication.translate("SignInPage", "Sign in") == "Masuk"
        translations.use("en")
        assert i18n.current_language() == "en"
        assert QCoreApplication.translate("SignInPage", "Sign in") == "Sign in"
        with pytest.raises(ValueError, match="unknown language 'fr'"):
            translations.use("fr")
    finally:
        translations.close()
