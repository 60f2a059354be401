"""Render the display with demo data to PNG, in landscape and portrait, plus "seen from 8 m" copies.

Run:  QT_QPA_PLATFORM=offscreen python -m display_board.screenshots [OUTDIR]
      (OUTDIR defaults to docs/screens)

It builds the demo office in a temporary SQLite file, issues and calls a few tickets, closes one
service while people still wait for it, and saves `display-landscape.png` (1920x1080) and
`display-portrait.png` (1080x1920) with the board on its first page (the counters), the same with
the board on its first page of waiting lines (`-waiting`), and `-small` copies 480 pixels wide: a
55-inch screen seen from about 8 m looks roughly that size.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication

from db.errors import NoActiveTicket
from db.ops.setup import load_demo
from db.services.calls import call_next, finish, recall
from db.services.counters import pause_counter
from db.services.supervisor import close_service
from db.services.tickets import issue_ticket
from db.store import schema
from db.store.engine import Database, open_database
from display_board.announcer import SilentPlayer
from display_board.app import build_display
from display_board.config import DisplayConfig

SMALL_WIDTH = 480
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def demo_morning(db: Database) -> None:
    """A busy morning: a queue for every service, four counters calling, one on a break."""
    load_demo(db)
    for service, count in (("A", 14), ("B", 9), ("C", 3), ("D", 6), ("E", 2)):
        for _ in range(count):
            issue_ticket(db, service)
    pause_counter(db, 5)
    # Counter 2 checks documents (step 1); counter 3 takes photos (step 2), so it calls last,
    # once a ticket has finished its first step: the screen then shows "Langkah 2 dari 2".
    for counter in (2, 1, 2, 4, 1, 3):
        finish_if_busy(db, counter)
        call_next(db, counter)
    recall(db, 3)
    close_service(db, "C", supervisor="kepala")  # the lost-passport line: 2 still wait


def finish_if_busy(db: Database, counter: int) -> None:
    with contextlib.suppress(NoActiveTicket):
        finish(db, counter)


def render(db: Database, config: DisplayConfig, size: tuple[int, int], target: Path) -> None:
    display = build_display(db, config, SilentPlayer())
    read = QEventLoop()
    display.model.snapshot_changed.connect(read.quit)
    display.model.refresh()
    read.exec()  # the snapshot is read off the GUI thread
    view = display.view
    view.resize(*size)
    view.show()
    QApplication.processEvents()
    image = view.grab()
    image.save(str(target))
    small = image.scaledToWidth(SMALL_WIDTH, Qt.TransformationMode.SmoothTransformation)
    small.save(str(target.with_name(target.stem + "-small.png")))
    waiting = next(i for i, page in enumerate(view.board.pages) if page.kind == "waiting")
    view.board.show_page(waiting)
    QApplication.processEvents()
    view.grab().save(str(target.with_name(target.stem + "-waiting.png")))
    view.close()
    display.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m display_board.screenshots")
    parser.add_argument("outdir", nargs="?", type=Path, default=Path("docs/screens"))
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    _app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'demo.sqlite3'}")
        schema.upgrade(db)
        demo_morning(db)
        base = DisplayConfig(languages=("id", "en"))
        for orientation, size in SIZES.items():
            config = replace(base, orientation=orientation)
            render(db, config, size, args.outdir / f"display-{orientation}.png")
        db.dispose()
    print(f"screenshots: wrote {args.outdir}/display-{{landscape,portrait}}[-small,-waiting].png")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
