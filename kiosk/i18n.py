"""The kiosk's languages: Indonesian (the default, from kiosk_id.qm) and English (the sources)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

TRANSLATIONS = Path(__file__).with_name("translations")
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


class Translations:
    """Installs the translator of the chosen language in the running application."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self._translator = QTranslator()
        path = TRANSLATIONS / "kiosk_id.qm"
        if not self._translator.load(str(path)):
            raise FileNotFoundError(f"missing translation file {path}")
        self._installed = False
        self.language = DEFAULT_LANGUAGE
        self.use(language)

    def use(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        want = language == "id"
        if want and not self._installed:
            QCoreApplication.installTranslator(self._translator)
        elif not want and self._installed:
            QCoreApplication.removeTranslator(self._translator)
        self._installed = want
        self.language = language

    def close(self) -> None:
        """Remove the translator (tests create many windows in one application)."""
        self.use("en")
