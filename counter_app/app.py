"""Starting the counter app: the database, the Qt application and the window."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QApplication

from counter_app import style
from counter_app.front_desk.config import FrontDeskConfig
from counter_app.window import CounterWindow
from db.errors import UserError
from db.services.devices import device_name
from db.store.engine import check_connection, open_database
from db.views.queries import display_snapshot
from qtshared.fullscreen import fill_screen
from qtshared.i18n import Translations
from qtshared.shell import AppInfo, run_app

APP_NAME = "Walk-in counter"


def office_name(url: str) -> str:
    """The office's name for the sign-in page, or "" when it cannot be read yet."""
    db = open_database(url)
    try:
        return display_snapshot(db, counters=[], services=[], last=0).office_name
    except UserError:
        return ""
    finally:
        db.dispose()


def run(
    url: str,
    *,
    counter: int | None = None,
    windowed: bool = False,
    front_desk: FrontDeskConfig | None = None,
    language: str = "id",
) -> int:
    """Run the app until its window closes; no display, a bad URL or a missing schema stops it
    with a message before any window opens."""
    db = open_database(url)
    check_connection(db)  # a wrong URL fails here, as one line, before any window opens
    seat = str(counter) if counter else ""
    info = AppInfo("counter", APP_NAME, device_name("counter", seat), "counter")

    def start(app: QApplication) -> CounterApp:
        style.apply(app)
        translations = Translations("counter", language)  # before any widget: no retranslation
        window = CounterWindow(
            db, counter=counter, office_name=office_name(url), front_desk=front_desk
        )
        window.start()
        if windowed:
            window.resize(1366, 768)
            window.show()
        else:
            fill_screen(window, full_screen=False)
        return CounterApp(window, translations, seat)

    return run_app(info, db, start)


@dataclass
class CounterApp:
    """The running counter app's parts, for the shell: what to report, and what to stop."""

    window: CounterWindow
    translations: Translations
    seat: str

    def health(self) -> dict[str, Any]:
        return {"counter": self.seat or "any"}

    def stop(self) -> None:
        self.window.stop()
        self.translations.close()
