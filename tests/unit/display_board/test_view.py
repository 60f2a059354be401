"""The screen: sizes legible from 8 m, both orientations, counters, ticker, information panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFontMetricsF, QImage
from pytestqt.qtbot import QtBot

from db.ops.setup import apply_config
from db.services.calls import call_next, finish
from db.services.counters import pause_counter
from db.services.tickets import issue_ticket
from db.store.engine import Database
from display_board.config import DisplayConfig
from display_board.labels import long_date
from display_board.speech import Call
from display_board.widgets import InfoPanel, Ticker
from tests.unit.db.test_journeys import JOURNEY_OFFICE
from tests.unit.display_board.conftest import MakeDisplay, start

MIN_CAP_PX = 150  # 100 mm on a 55-inch 1080p screen (0.63 mm per pixel)


@pytest.fixture
def busy_db(db: Database) -> Database:
    for service in ("A", "A", "B", "E"):
        issue_ticket(db, service)
    call_next(db, 1)
    call_next(db, 3)
    return db


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("orientation", "size"), [("landscape", (1920, 1080)), ("portrait", (1080, 1920))]
)
def test_the_called_number_is_huge_and_fits(
    qtbot: QtBot,
    make_display: MakeDisplay,
    busy_db: Database,
    orientation: str,
    size: tuple[int, int],
) -> None:
    display = make_display(busy_db, DisplayConfig(orientation=orientation))
    start(qtbot, display)
    view = display.view
    view.resize(*size)
    view.grab()  # lays the window out at this size
    assert (view.width(), view.height()) == size
    code = view.current.code
    metrics = QFontMetricsF(code.font())
    assert metrics.capHeight() >= MIN_CAP_PX
    assert metrics.horizontalAdvance(code.text()) <= code.width()
    # The biggest thing on the screen: bigger than the counter beside it and every board text.
    board_px = [label.font().pixelSize() for tile in view.board.tiles for label in tile.labels]
    assert code.font().pixelSize() > max([view.current.counter.font().pixelSize(), *board_px])


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_counters_show_their_ticket_or_that_they_are_on_a_break(
    qtbot: QtBot, make_display: MakeDisplay, busy_db: Database
) -> None:
    pause_counter(busy_db, 2)
    finish(busy_db, 1)
    call_next(busy_db, 1)  # A002: A001 has left counter 1, and stays among the last calls
    display = make_display(busy_db)
    start(qtbot, display)
    board = display.view.board
    values = {item.name: item.value for item in board.items("counters")}
    assert values == {"LOKET 1": "A002", "LOKET 2": "ISTIRAHAT", "LOKET 3": "E001"}
    # The calls still shown at their counter are not repeated among the last calls.
    assert [(item.name, item.value) for item in board.items("recent")] == [("A001", "LOKET 1")]
    assert {item.key: item.value for item in board.items("waiting")} == {
        "A": "0",
        "B": "1",
        "E": "0",
    }


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_new_call_is_highlighted_for_a_few_seconds(
    qtbot: QtBot, make_display: MakeDisplay, db: Database
) -> None:
    display = make_display(db, DisplayConfig(highlight_seconds=0.5))
    start(qtbot, display)
    panel = display.view.current
    assert not panel.flashing
    panel.show_call(Call("A001", 1), flash=True)
    assert panel.flashing
    assert panel.property("lit") == "true"
    qtbot.waitUntil(lambda: not panel.flashing, timeout=3000)
    assert panel.property("lit") == "false"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_labels_and_office_name_follow_the_language_order(
    qtbot: QtBot, make_display: MakeDisplay, db: Database
) -> None:
    display = make_display(db, DisplayConfig(languages=("en", "id")))
    start(qtbot, display)
    assert display.view.office.text() == "Kantor Uji"
    assert display.view.current.heading.text() == "TICKET  ·  NOMOR ANTREAN"
    assert display.view.current.code.text() == "—"
    assert display.view.current.step.text() == "No calls yet  ·  Belum ada panggilan"


def test_dates_are_written_in_the_office_language() -> None:
    from datetime import date

    assert long_date(date(2025, 8, 17), "id") == "Minggu, 17 Agustus 2025"
    assert long_date(date(2025, 8, 17), "en") == "Sunday, 17 August 2025"


def test_the_ticker_scrolls_only_when_it_has_text(qtbot: QtBot) -> None:
    ticker = Ticker("#000000", "#FFFFFF", "DejaVu Sans")
    qtbot.addWidget(ticker)
    ticker.resize(800, 60)
    ticker.set_text("")
    assert not ticker.running()
    ticker.set_text("Selamat datang")
    assert ticker.running()
    before = ticker._x
    qtbot.waitUntil(lambda: ticker._x < before)


def test_the_information_panel_cycles_the_images_of_a_folder(qtbot: QtBot, tmp_path: Path) -> None:
    for index, colour in enumerate(("red", "blue")):
        image = QImage(64, 48, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        image.save(str(tmp_path / f"{index}.png"))
    (tmp_path / "notes.txt").write_text("not an image", encoding="utf-8")
    panel = InfoPanel(tmp_path, seconds=0.05)
    qtbot.addWidget(panel)
    assert [p.name for p in panel.images] == ["0.png", "1.png"]
    assert panel.current() == tmp_path / "0.png"
    qtbot.waitUntil(lambda: panel.current() == tmp_path / "1.png")


def test_a_missing_information_folder_means_no_panel(qtbot: QtBot, tmp_path: Path) -> None:
    panel = InfoPanel(tmp_path / "missing", seconds=5)
    qtbot.addWidget(panel)
    assert panel.images == []
    assert panel.current() is None


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_called_visit_shows_its_step_in_each_language(
    qtbot: QtBot, make_display: MakeDisplay, empty_db: Database
) -> None:
    apply_config(empty_db, JOURNEY_OFFICE)
    issue_ticket(empty_db, "A")
    call_next(empty_db, 1)
    display = make_display(empty_db, DisplayConfig(languages=("id", "en")))
    start(qtbot, display)
    panel = display.view.current
    assert (
        panel.step.text() == "Langkah 1 dari 2: Pemeriksaan Berkas  ·  Step 1 of 2: Document check"
    )
    finish(empty_db, 1)
    call_next(empty_db, 2)
    qtbot.waitUntil(lambda: panel.code.text() == "A001" and "Langkah 2" in panel.step.text())
    assert (
        panel.step.text() == "Langkah 2 dari 2: Foto & Wawancara  ·  Step 2 of 2: Photo & interview"
    )
    issue_ticket(empty_db, "D")
    call_next(empty_db, 3)
    qtbot.waitUntil(lambda: panel.code.text() == "D001")
    assert not panel.step.isVisibleTo(panel)  # a one-step service says nothing of steps


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_board_turns_its_pages_and_a_shorter_distance_needs_fewer(
    qtbot: QtBot, make_display: MakeDisplay, busy_db: Database
) -> None:
    far = make_display(busy_db, DisplayConfig(page_seconds=0.05))
    near = make_display(busy_db, DisplayConfig(reading_distance_m=3))
    for display in (far, near):
        start(qtbot, display)
        display.view.resize(1920, 1080)
        display.view.grab()
    board = far.view.board
    assert len(board.pages) > 1
    seen = {board.page_index}
    qtbot.waitUntil(lambda: seen.add(board.page_index) or len(seen) == len(board.pages))
    assert len(near.view.board.pages) < len(board.pages)
    assert near.view.legible_px < far.view.legible_px
