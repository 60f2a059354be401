"""The kiosk's languages: Indonesian (the default, `assets/i18n/kiosk_id.qm`) and English."""

from __future__ import annotations

from db.rules.words import DEFAULT_LANGUAGE, LANGUAGES
from qtshared import i18n

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Translations"]


class Translations(i18n.Translations):
    """The kiosk's translator; `use()` switches it for the next applicant."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        super().__init__("kiosk", language)
