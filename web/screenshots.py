"""Render the phone pages with demo data to PNG, phone-sized, with headless Chromium.

Run:  python -m web.screenshots [OUTDIR] [--chromium PATH]   (OUTDIR defaults to docs/screens)

It builds the demo office in a temporary SQLite file, puts tickets in the states worth seeing,
serves the pages on a free loopback port and saves `web-*.png` at 412 px wide, the width of a
common Android phone.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from db.ops.setup import load_demo
from db.rules.clock import utcnow
from db.services.calls import call_next, call_specific, finish, mark_no_show, recall, start_serving
from db.services.counters import pause_counter
from db.services.supervisor import close_service
from db.services.tickets import issue_ticket
from db.store import schema
from db.store.engine import Database, open_database
from web.app import create_app
from web.server import build_server

WIDTH = 412
# (file name, page, language, height): the survey needs a long page to show its questions.
SHOTS = (
    ("web-ticket-waiting", "waiting", "id", 915),
    ("web-ticket-called", "called", "id", 915),
    ("web-ticket-no-show", "no_show", "en", 915),
    ("web-ticket-survey", "finished", "id", 1500),
    ("web-office", "office", "id", 1700),
)


def demo_morning(db: Database) -> dict[str, str]:
    """A morning with history enough for wait estimates; the token of a ticket in each state."""
    earlier = utcnow() - timedelta(days=2)
    for i in range(6):
        at = earlier + timedelta(minutes=15 * i)
        issue_ticket(db, "A", now=at)
        call_next(db, 1, now=at)
        finish(db, 1, now=at + timedelta(minutes=12))
    finished = issue_ticket(db, "B")
    tokens = {"finished": finished.token}
    for _step in range(2):  # the document check, then the photo and interview: the visit ends
        call_specific(db, 2, finished.ticket.code)
        finish(db, 2)
    tokens["no_show"] = issue_ticket(db, "C").token
    call_next(db, 4)
    mark_no_show(db, 4)
    tokens["called"] = issue_ticket(db, "A", priority="lansia").token
    call_next(db, 1)
    recall(db, 1)
    for service in "ABABAD":
        issue_ticket(db, service)
    tokens["waiting"] = issue_ticket(db, "A").token
    second_step = issue_ticket(db, "B").ticket.code
    call_specific(db, 2, second_step)
    finish(db, 2)  # its photo and interview is counter 3's
    call_next(db, 3)
    start_serving(db, 3)
    pause_counter(db, 5)
    issue_ticket(db, "C")
    close_service(db, "C", supervisor="kepala")  # closed, one still waits: the office page says so
    return tokens


@contextmanager
def serving(db: Database) -> Iterator[str]:
    server = build_server(create_app(db), "127.0.0.1", 0, announce=False)
    thread = threading.Thread(target=server.run_on_socket, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.should_exit = True
        thread.join(10)


def screenshot(chromium: str, url: str, out: Path, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                # An office LAN has no internet: no background calls to Google's services.
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{height}",
                f"--screenshot={out}",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.screenshots", description=__doc__)
    parser.add_argument("outdir", nargs="?", default="docs/screens", type=Path)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'demo.sqlite3'}")
        try:
            schema.upgrade(db)
            load_demo(db)
            tokens = demo_morning(db)
            with serving(db) as base:
                for name, page, lang, height in SHOTS:
                    path = "/" if page == "office" else f"/t/{tokens[page]}"
                    out = args.outdir / f"{name}.png"
                    screenshot(args.chromium, f"{base}{path}?lang={lang}", out, height)
                    sys.stdout.write(f"{out}\n")
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
