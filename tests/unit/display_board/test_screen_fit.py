"""The display in every state, at 1920x1080 and 1080x1920: everything fits the screen, and every
text an applicant reads is legible from the back of the room (8 m on a 55-inch panel).

The font sizes are measured on the rendered widgets, page by page of the board.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from db.ops.setup import apply_config
from db.services import officers, supervisor
from db.services.calls import call_next, finish, recall
from db.services.counters import pause_counter
from db.services.tickets import issue_ticket
from db.store.engine import Database
from display_board.config import DisplayConfig
from display_board.legibility import Panel, min_cap_height_mm
from display_board.view import DisplayView
from display_board.widgets import FitLabel, is_legible
from tests.conftest import SMALL_OFFICE
from tests.helpers.screen_fit import misfits
from tests.unit.display_board.conftest import MakeDisplay, start

SIZES = {"landscape": QSize(1920, 1080), "portrait": QSize(1080, 1920)}
READING_M = 8.0
SCREEN_INCHES = 55.0


def idle(db: Database) -> None:
    """Nothing called yet today."""


def called(db: Database) -> None:
    for code in "AABE":
        issue_ticket(db, code)
    call_next(db, 1)
    call_next(db, 3)
    pause_counter(db, 2)


def recalled(db: Database) -> None:
    called(db)
    recall(db, 1)


def many_calls(db: Database) -> None:
    for _ in range(12):
        issue_ticket(db, "B")
        issue_ticket(db, "E")
    for _ in range(5):
        for counter in (1, 2, 3):
            if counter != 3 or _ % 2:
                call_next(db, counter)
                finish(db, counter)
    call_next(db, 1)


def closed_service(db: Database) -> None:
    for code in "BBBA":
        issue_ticket(db, code)
    officers.add_officer(db, "kepala", "Kepala Kantor", "supervisor")
    supervisor.close_service(db, "B", supervisor="kepala")
    call_next(db, 1)


LONG_NAMES = replace(
    SMALL_OFFICE,
    services=(
        replace(SMALL_OFFICE.services[0], name_id="Penggantian Paspor karena Hilang atau Rusak"),
        replace(SMALL_OFFICE.services[1], name_id="Pengambilan Paspor Elektronik Polikarbonat"),
        SMALL_OFFICE.services[2],
    ),
)


def long_names(db: Database) -> None:
    apply_config(db, LONG_NAMES)
    called(db)


STATES: dict[str, Callable[[Database], None]] = {
    "idle": idle,
    "called": called,
    "recall": recalled,
    "many recent calls": many_calls,
    "closed service": closed_service,
    "offline": called,
    "long service names": long_names,
}

# The texts nobody needs from the back of the room: the header, headings and the ticker.
SECONDARY = {"office", "marker", "date", "clock", "heading", "go_to", "step", "title", "counter"}


def too_small_or_cut(view: DisplayView, size: QSize) -> list[str]:
    """Every applicant's text whose capitals are below the rule, or that does not fit its label."""
    need = min_cap_height_mm(READING_M)
    mm_per_px = Panel(SCREEN_INCHES, size.width(), size.height()).mm_per_px
    problems = []
    for widget in view.findChildren(QLabel):
        shown = QLabel.text(widget)  # as drawn (a fitting label may have wrapped it)
        if not widget.isVisibleTo(view) or not shown or not is_legible(widget):
            continue
        metrics = QFontMetricsF(widget.font())
        cap_mm = metrics.capHeight() * mm_per_px
        if cap_mm < need - 0.05:
            problems.append(f"{shown!r}: capitals {cap_mm:.0f} mm, need {need:.0f} mm")
        lines = shown.split("\n")
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        if widest > widget.width() + 0.5 or len(lines) * metrics.height() > widget.height() + 1:
            problems.append(f"{shown!r} is cut off in {widget.width()}x{widget.height()}")
    return problems


def unmarked(view: DisplayView) -> list[str]:
    """Visible texts that are neither checked as legible nor one of the known secondary ones."""
    names = {id(getattr(view, n, None)) for n in ("office", "marker", "date", "clock")}
    names |= {id(getattr(view.current, n)) for n in ("heading", "go_to", "step")}
    names |= {id(view.board.title), id(view.board.counter)}
    return [
        QLabel.text(w)
        for w in view.findChildren(QLabel)
        if w.isVisibleTo(view) and QLabel.text(w) and not is_legible(w) and id(w) not in names
    ]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("orientation", list(SIZES))
@pytest.mark.parametrize("state", list(STATES))
def test_every_state_fits_the_screen_and_reads_from_the_back_of_the_room(
    qtbot: QtBot, make_display: MakeDisplay, db: Database, orientation: str, state: str
) -> None:
    STATES[state](db)
    config = DisplayConfig(orientation=orientation, languages=("id", "en"))
    config = replace(config, reading_distance_m=READING_M, screen_inches=SCREEN_INCHES)
    display = make_display(db, config)
    start(qtbot, display)
    view = display.view
    if state == "offline":
        display.model.connection_changed.emit(False)
    size = SIZES[orientation]
    view.resize(size)
    view.show()
    QApplication.processEvents()
    pages = view.board.pages
    assert pages, "the board shows something in every state"
    for index in range(len(pages)):
        view.board.show_page(index)
        QApplication.processEvents()
        where = f"{state}, {orientation}, page {index + 1} of {len(pages)} ({pages[index].kind})"
        assert misfits(view, size) == [], where
        assert too_small_or_cut(view, size) == [], where
        assert unmarked(view) == [], where
    shown = [item for page in pages for item in page.items]
    assert len(shown) == sum(len(view.board.items(k)) for k in ("counters", "recent", "waiting"))
    if state == "offline":
        assert view.marker.isVisibleTo(view)
    if state == "closed service":
        closed = next(item for item in view.board.items("waiting") if item.key == "B")
        assert closed.value == "TUTUP · 2"  # counter 1 has called B001: two still wait
    if state in ("called", "recall", "closed service", "many recent calls"):
        assert isinstance(view.current.code, FitLabel)
        assert view.current.code.text() != "—"
