"""`walkin demo`: the demo office on a SQLite file of its own, with all three apps running.

The kiosk, one counter app (counter 1) and the display board start as separate processes, as on
a real office's PCs, sharing the demo database; the kiosk "prints" each ticket as a PNG preview.
Closing any window, or Ctrl+C, stops them all. `--no-apps` runs a short morning through the
service layer and prints it instead (for a machine without a screen).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import platformdirs

from db import calls, counters, days, queries, schema
from db.engine import Database, check_connection, open_database
from db.errors import NobodyWaiting, UserError
from db.setup import DEMO_PIN, load_demo
from db.tickets import issue_ticket
from walkin import output

ARRIVALS = [
    ("A", None),
    ("B", None),
    ("A", "lansia"),
    ("C", None),
    ("D", None),
    ("A", None),
    ("E", None),
    ("B", "ibu_hamil"),
    ("A", None),
    ("B", None),
]


def demo_folder() -> Path:
    return Path(platformdirs.user_data_dir("walkin", appauthor=False)) / "demo"


def run_demo(explicit_url: str | None, *, apps: bool = True) -> int:
    folder = demo_folder()
    url = explicit_url or f"sqlite:///{folder / 'demo.sqlite3'}"
    db = open_database(url)
    try:
        _prepare(db)
        if not apps:
            _morning(db)
            _print_status(db)
            return 0
    finally:
        db.dispose()
    return _run_apps(url, folder / "printed")


def _prepare(db: Database) -> None:
    check_connection(db)
    schema.upgrade(db)
    load_demo(db)
    days.expire_past_days(db)  # yesterday's demo tickets must not wait for today's counters
    print(f"Demo office ready in {db.label} (officers' demo PIN: {DEMO_PIN}, e.g. login budi).")


def _app_commands(url: str, printed: Path) -> list[list[str]]:
    python = sys.executable
    return [
        [python, "-m", "display_board", "--db", url, "--windowed"],
        [python, "-m", "counter_app", "--db", url, "--windowed", "--counter", "1"],
        [python, "-m", "kiosk", "--db", url, "--windowed", "--printer", f"preview://{printed}"],
    ]


def _run_apps(url: str, printed: Path) -> int:
    if not _has_screen():
        raise UserError(
            "no screen for the apps (DISPLAY and WAYLAND_DISPLAY are unset): run "
            "`walkin demo --no-apps`, or start it under `xvfb-run -a`"
        )
    printed.mkdir(parents=True, exist_ok=True)
    print(f"Starting the display board, counter 1 and the kiosk; printed tickets go to {printed}")
    print("Close any window or press Ctrl+C to stop the demo.")
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    children = [subprocess.Popen(command) for command in _app_commands(url, printed)]
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.3)
    except KeyboardInterrupt:
        pass
    finally:
        _stop(children)
    failed = [c for c in children if c.returncode not in (0, -15, None)]
    return 1 if failed else 0


def _stop_on_sigterm(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt  # so that the apps are stopped below, not orphaned


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _has_screen() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    return bool(platform or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _morning(db: Database) -> None:
    for code, priority in ARRIVALS:
        issued = issue_ticket(db, code, priority=priority, device="demo")
        print(f"kiosk    issued   {output.issued_line(issued)}")
    for counter in counters.list_counters(db):
        if counter.current is not None:
            calls.finish(db, counter.number, device="demo")
        try:
            ticket = calls.call_next(db, counter.number, device="demo")
        except NobodyWaiting:
            continue
        print(f"counter  called   {ticket.code} to {counter.name}")


def _print_status(db: Database) -> None:
    print()
    services = queries.service_statuses(db)
    print("\n".join(output.status_lines(services, counters.list_counters(db))))
