"""The one catalogue of words that are not on a widget: found, complete, and shared."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from db.rules import words


@pytest.fixture
def fresh_catalogue() -> Iterator[None]:
    words.catalogue.cache_clear()
    yield
    words.catalogue.cache_clear()


def write(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / words.CATALOGUE).write_text(body, encoding="utf-8")
    return folder


def test_the_shipped_catalogue_is_complete_in_both_languages() -> None:
    catalogue = words.catalogue()
    assert {"common", "web", "display", "voice", "ticket", "survey", "report"} <= set(catalogue)


def test_days_months_and_priority_groups_read_in_each_language() -> None:
    assert words.long_date(date(2026, 11, 27), "id") == "Jumat, 27 November 2026"
    assert words.long_date(date(2026, 8, 17), "en") == "Monday, 17 August 2026"
    assert words.priority_label("lansia", "id") == "Lansia (60 tahun ke atas)"
    assert words.priority_label("balita", "en", short=True) == "Small child"
    assert words.priority_label("veteran", "id") == "veteran"


def test_an_installed_copy_is_found_under_the_prefix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("WALKIN_I18N_DIR", raising=False)
    monkeypatch.setattr(words, "CHECKOUT", tmp_path / "not-a-checkout")
    monkeypatch.setattr(words.sys, "prefix", str(tmp_path))
    installed = write(tmp_path / words.INSTALLED, "")
    assert words.i18n_dir() == installed


def test_no_catalogue_anywhere_names_the_places_looked_in(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("WALKIN_I18N_DIR", raising=False)
    monkeypatch.setattr(words, "CHECKOUT", tmp_path / "nowhere")
    monkeypatch.setattr(words.sys, "prefix", str(tmp_path))
    monkeypatch.setattr(words.sysconfig, "get_path", lambda *_: str(tmp_path))
    with pytest.raises(words.CatalogueError, match=r"no texts.toml in .*nowhere"):
        words.i18n_dir()


@pytest.mark.usefixtures("fresh_catalogue")
@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('[web]\nhello.id = "Halo"\n', "web.hello: needs exactly the languages id, en"),
        ('[web]\nn.id = "{n} orang"\nn.en = "{count} people"\n', "web.n: the languages differ"),
        ('[web]\nd.id = ["Senin"]\nd.en = ["Monday", "Tuesday"]\n', "web.d: the languages differ"),
        ("[web]\nx.id = 1\nx.en = 2\n", "web.x: each language must be a text"),
        ("[web\n", "texts.toml: "),
    ],
)
def test_an_edited_catalogue_with_a_gap_names_the_entry(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, body: str, problem: str
) -> None:
    monkeypatch.setenv("WALKIN_I18N_DIR", str(write(tmp_path, body)))
    with pytest.raises(words.CatalogueError, match=problem):
        words.catalogue()


def test_an_unknown_entry_or_language_is_an_error_not_a_blank() -> None:
    with pytest.raises(words.CatalogueError, match=r"no entry web\.nothing"):
        words.text("web", "nothing", "id")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        words.text("web", "retry", "fr")


def test_the_command_line_starts_without_reading_the_catalogue(tmp_path: Path) -> None:
    # A fresh process: every module's import must leave the catalogue unread until it is needed.
    env = {**os.environ, "WALKIN_I18N_DIR": str(tmp_path / "missing")}
    done = subprocess.run(
        [sys.executable, "-m", "walkin", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "usage: walkin" in done.stdout
