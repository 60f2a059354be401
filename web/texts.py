"""The phone pages' words (the catalogue's `[web]` and `[survey]`) and the choice of language.

Texts use `{name}` placeholders, filled on the server only: the pages and their live updates are
rendered from the same templates (web/templates), so a text changes in one place.
"""

from __future__ import annotations

from db.rules import words
from db.rules.words import DEFAULT_LANGUAGE, LANGUAGES, long_date, other_language
from db.store.models import SKM_ITEMS

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "long_date", "other_language"]
COOKIE = "lang"


def _page_texts(lang: str) -> dict[str, str]:
    return {**words.section("web", lang), "step": str(words.entry("common", "step")[lang])}


# Every text of the pages per language, from the catalogue `[web]` (and the shared step line).
TEXTS: dict[str, dict[str, str]] = {lang: _page_texts(lang) for lang in LANGUAGES}

# The SKM questions, one per item of the regulation, and each question's own four answers
# (1 the worst, 4 the best, as the regulation scores them); keys are db.store.models.SKM_ITEMS.
SURVEY_QUESTIONS: dict[str, dict[str, str]] = {
    lang: {item: words.text("survey", f"q_{item}", lang) for item in SKM_ITEMS}
    for lang in LANGUAGES
}
SURVEY_ANSWERS: dict[str, dict[str, tuple[str, ...]]] = {
    lang: {item: words.texts("survey", f"a_{item}", lang) for item in SKM_ITEMS}
    for lang in LANGUAGES
}


def text(lang: str, key: str, **values: object) -> str:
    """The text `key` in `lang`, with its placeholders filled."""
    template = TEXTS[lang][key]
    return template.format(**values) if values else template


def choose_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The page language: an explicit `?lang=`, else the cookie, else the browser's preference."""
    for explicit in (query, cookie):
        if explicit in LANGUAGES:
            return explicit
    return negotiate(accept_language or "")


def negotiate(accept_language: str) -> str:
    """The best of Indonesian and English for an Accept-Language header (Indonesian on a tie)."""
    best, best_q = DEFAULT_LANGUAGE, 0.0
    for part in accept_language.split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        primary = "id" if primary == "in" else primary  # "in" is the old code for Indonesian
        if primary not in LANGUAGES:
            continue
        q = _quality(params)
        if q > best_q or (q == best_q and primary == DEFAULT_LANGUAGE):
            best, best_q = primary, q
    return best


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0
