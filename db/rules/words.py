"""The words people read that are not on a Qt widget, from the one catalogue `texts.toml` (no Qt).

The catalogue lives with the Qt Linguist files in `assets/i18n/` at the top of a source checkout,
or in `<prefix>/share/walkin-queue/i18n/` once installed (pyproject.toml's data-files);
`WALKIN_I18N_DIR` names another folder (an office's edited copy). Each entry has an Indonesian
(`id`) and an English (`en`) text with the same `{placeholders}`; the catalogue is checked when it
is first read, so a gap stops the program at start with the entry named, not a page at 10:00.

Day and month names and the priority groups' labels are defined here, for every program.
"""

from __future__ import annotations

import os
import re
import sys
import sysconfig
import tomllib
from datetime import date
from functools import cache
from pathlib import Path

from db.errors import UserError

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
CATALOGUE = "texts.toml"
INSTALLED = Path("share") / "walkin-queue" / "i18n"
CHECKOUT = Path(__file__).resolve().parents[2] / "assets" / "i18n"

Entry = dict[str, str | list[str]]
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


class CatalogueError(UserError):
    """The catalogue is missing, unreadable or incomplete; the message names the file and entry."""


def i18n_dir() -> Path:
    """The folder of the catalogues: the environment's choice, the checkout's, or the installed."""
    chosen = os.environ.get("WALKIN_I18N_DIR")
    if chosen:
        return Path(chosen)
    user = sysconfig.get_preferred_scheme("user")
    candidates = [
        CHECKOUT,
        Path(sys.prefix) / INSTALLED,
        Path(sysconfig.get_path("data")) / INSTALLED,
        Path(sysconfig.get_path("data", user)) / INSTALLED,  # pip install --user
    ]
    for folder in candidates:
        if (folder / CATALOGUE).is_file():
            return folder
    raise CatalogueError(f"no {CATALOGUE} in {', '.join(str(c) for c in candidates)}")


@cache
def catalogue() -> dict[str, dict[str, Entry]]:
    """The whole catalogue, read and checked once per process."""
    path = i18n_dir() / CATALOGUE
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogueError(f"{path}: {error}") from error
    for section, entries in data.items():
        for key, entry in entries.items():
            _check(f"{path}: {section}.{key}", entry)
    return data


def _check(where: str, entry: object) -> None:
    if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
        raise CatalogueError(f"{where}: needs exactly the languages {', '.join(LANGUAGES)}")
    shapes = {lang: _shape(entry[lang]) for lang in LANGUAGES}
    if None in shapes.values():
        raise CatalogueError(f"{where}: each language must be a text or a list of texts")
    if len(set(shapes.values())) != 1:
        raise CatalogueError(f"{where}: the languages differ in placeholders or list length")


def _shape(value: object) -> tuple[int, frozenset[str]] | None:
    """A text's placeholders (and -1), or a list's length and all its placeholders."""
    if isinstance(value, str):
        return -1, frozenset(_PLACEHOLDER.findall(value))
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return len(value), frozenset(p for item in value for p in _PLACEHOLDER.findall(item))
    return None


def entry(section: str, key: str) -> Entry:
    try:
        return catalogue()[section][key]
    except KeyError:
        raise CatalogueError(f"{CATALOGUE}: no entry {section}.{key}") from None


def text(section: str, key: str, lang: str, **values: object) -> str:
    """The text `section.key` in `lang`, its placeholders filled with `values`."""
    template = entry(section, key)[_language(lang)]
    if not isinstance(template, str):
        raise CatalogueError(f"{CATALOGUE}: {section}.{key} is a list, not a text")
    return template.format(**values) if values else template


def texts(section: str, key: str, lang: str) -> tuple[str, ...]:
    """The list of texts `section.key` in `lang` (names of days, answer labels...)."""
    value = entry(section, key)[_language(lang)]
    if isinstance(value, str):
        raise CatalogueError(f"{CATALOGUE}: {section}.{key} is a text, not a list")
    return tuple(value)


def section(name: str, lang: str) -> dict[str, str]:
    """Every plain text of a section in one language (for pages whose scripts fill them)."""
    entries = catalogue().get(name)
    if entries is None:
        raise CatalogueError(f"{CATALOGUE}: no section [{name}]")
    found: dict[str, str] = {}
    for key, value in entries.items():
        wording = value[_language(lang)]
        if isinstance(wording, str):
            found[key] = wording
    return found


def _language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


def other_language(lang: str) -> str:
    return "en" if lang == "id" else "id"


def day_name(day: date, lang: str) -> str:
    return texts("common", "days", lang)[day.weekday()]


def month_name(month: int, lang: str) -> str:
    return texts("common", "months", lang)[month - 1]


def long_date(day: date, lang: str) -> str:
    """ "Jumat, 27 November 2026" / "Friday, 27 November 2026"."""
    return text(
        "common",
        "long_date",
        lang,
        weekday=day_name(day, lang),
        day=day.day,
        month=month_name(day.month, lang),
        year=day.year,
    )


def priority_label(category: str, lang: str, *, short: bool = False) -> str:
    """A priority group's name ("Lansia (60 tahun ke atas)", short "Lansia"); unknown: as is."""
    key = f"priority_short_{category}" if short else f"priority_{category}"
    if key not in catalogue()["common"]:
        return category
    return text("common", key, lang)


def step_line(step: int, steps: int, name_id: str | None, name_en: str | None, lang: str) -> str:
    """ "Langkah 2 dari 2: Foto & Wawancara"; "" for a visit of one step."""
    if steps <= 1:
        return ""
    line = text("common", "step", lang, n=step, of=steps)
    name = name_id if lang == "id" else name_en
    return f"{line}: {name}" if name else line
