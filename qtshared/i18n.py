"""The widgets' languages: Qt Linguist catalogues `<app>_id.ts`, compiled to `<app>_id.qm`.

Source strings in the code are English (`self.tr(...)`, `QCoreApplication.translate(...)`); the
Indonesian is in `assets/i18n/<app>_id.ts` (the folder of `db.rules.words`, which also holds the one
catalogue of words that are not on a widget). Indonesian is the default; English is the code's
own text, so choosing it removes the translator. Installing or removing a translator makes Qt send
every widget a LanguageChange event: a window that can switch at run time (the kiosk, per
applicant) sets its texts again then.

The `.qm` files are committed beside their `.ts` (a test compiles each `.ts` and compares, and runs
lupdate over the sources, so a string without its Indonesian fails the tests). After changing a
text in the code: `python -m qtshared.i18n` updates the `.ts` files, then translate the entries
marked unfinished (by hand or with pyside6-linguist) and run it again to compile them.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from db.rules.words import DEFAULT_LANGUAGE, LANGUAGES, CatalogueError, i18n_dir

# Each widget catalogue and the packages whose code it translates.
CATALOGUES: dict[str, tuple[str, ...]] = {
    "kiosk": ("kiosk", "qtshared"),
    "counter": ("counter_app", "qtshared"),
}
ROOT = Path(__file__).resolve().parents[1]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for lupdate (under `context`) where it is defined; translate it where shown.

    PySide6's own returns `object` to the type checker; this one keeps `str`.
    """
    return text


def current_language() -> str:
    """The language the widgets are shown in now: "id" under the Indonesian translator, else "en".

    Every catalogue translates this marker to its own language, so code without a handle on the
    app's Translations (a formatting helper) can still pick a word from `db.rules.words`.
    """
    marker = QCoreApplication.translate("Language", "en")
    return marker if marker in LANGUAGES else DEFAULT_LANGUAGE


class Translations:
    """Installs one app's translator for the chosen language in the running application."""

    def __init__(self, app: str, language: str = DEFAULT_LANGUAGE) -> None:
        self._translator = QTranslator()
        path = i18n_dir() / f"{app}_id.qm"
        if not self._translator.load(str(path)):
            raise CatalogueError(f"cannot read the translation file {path}")
        self._installed = False
        self.language = DEFAULT_LANGUAGE
        self.use(language)

    def use(self, language: str) -> None:
        """Show the widgets in `language` ("id" or "en") from now on."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")
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


def sources(app: str) -> list[Path]:
    """The Python files lupdate reads for the catalogue `app`, in a stable order."""
    return sorted(path for package in CATALOGUES[app] for path in (ROOT / package).rglob("*.py"))


def tool(name: str) -> str:
    """A Qt tool shipped with PySide6 (beside this Python first, then on the PATH)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found: it comes with PySide6-Essentials")
    return found


def update(app: str, ts: Path) -> None:
    """Bring the `.ts` file up to date with the code (new strings come in unfinished)."""
    args = [*map(str, sources(app)), "-locations", "none", "-no-obsolete", "-ts", str(ts)]
    subprocess.run([tool("pyside6-lupdate"), *args], check=True, capture_output=True)


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m qtshared.i18n",
        description="Update the widget catalogues from the code, then compile them.",
    )
    parser.parse_args(argv)
    folder = ROOT / "assets" / "i18n"
    for app in CATALOGUES:
        ts = folder / f"{app}_id.ts"
        update(app, ts)
        compile_qm(ts, ts.with_suffix(".qm"))
        unfinished = ts.read_text(encoding="utf-8").count('type="unfinished"')
        print(f"{ts.name}: {unfinished} to translate")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
