"""Kiosk windows for the GUI tests: shown at a real size, fast timers, closed afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.store import engine
from db.store.engine import Database
from db.store.models import Ticket
from kiosk.config import KioskConfig
from kiosk.window import KioskWindow, Timings
from ticket_printer.job import PrintSettings

FAST = Timings(poll_ms=20, safety_refresh_ms=600_000, retry_ms=(20, 40))


@contextmanager
def kiosk_windows(qtbot: QtBot) -> Iterator[Callable[..., KioskWindow]]:
    """A maker of started kiosk windows; every one is stopped when the block ends.

    A test asks for its database before this maker: fixtures end in reverse order, so the
    windows (and any read still running on their worker) stop before the database is closed.
    """
    made: list[KioskWindow] = []

    def make(
        db: Database,
        printing: PrintSettings,
        size: tuple[int, int],
        clock: Callable[[], datetime] | None = None,
    ) -> KioskWindow:
        extra = {"clock": clock} if clock else {}
        kiosk = KioskWindow(db, KioskConfig(), printing, timings=FAST, **extra)
        qtbot.addWidget(kiosk)
        kiosk.resize(*size)
        kiosk.show()
        made.append(kiosk)
        kiosk.start()
        assert kiosk.live.settle()  # the first snapshot (or the outage) comes from the worker
        return kiosk

    yield make
    for kiosk in made:
        kiosk.stop()
        kiosk.translations.close()


def tickets(db: Database) -> int:
    with engine.read(db) as session:
        return session.scalar(select(func.count()).select_from(Ticket)) or 0
