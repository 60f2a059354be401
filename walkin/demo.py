"""`walkin demo`: the demo office on a SQLite file of its own, with all three apps running.

The kiosk, one counter app (counter 1) and the display board start as separate processes, as on
a real office's PCs, sharing the demo database; the kiosk "prints" each ticket as a PNG preview.
The phone pages (`walkin web`) are served on localhost, so a printed ticket's QR code opens in
this PC's browser. Closing any window, or Ctrl+C, stops them all. `--no-apps` runs a short
morning through the service layer and prints it instead (for a machine without a screen).
`--simulate` adds a fourth process, `walkin.simulate`: simulated applicants and officers at
counters 2-5 (counter 1 stays the human's), `--speed N` compressing time; with `--no-apps` it
runs in-process for a while instead of the short morning.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import platformdirs

from db.demo_office import DEMO_PIN, DEMO_WEB_PORT
from db.errors import NobodyWaiting, UserError
from db.ops.setup import load_demo
from db.rules.clock import OFFICE_CLOCK_ENV, FastClock, use_office_clock, utcnow
from db.services import calls, counters, days
from db.services.tickets import issue_ticket
from db.store import schema
from db.store.engine import Database, check_connection, open_database
from db.views import queries
from walkin import output
from walkin.demo_bookings import import_demo_bookings
from walkin.simulate import Simulator

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


SIMULATED_COUNTERS = (2, 3, 4, 5)
SIMULATE_WITHOUT_APPS_S = 10.0


def run_demo(
    explicit_url: str | None,
    *,
    apps: bool = True,
    simulate: bool = False,
    speed: float = 1.0,
    web_port: int | None = DEMO_WEB_PORT,
) -> int:
    """Prepare the demo office and run it; `web_port` None: no phone pages (and no links)."""
    folder = demo_folder()
    url = explicit_url or f"sqlite:///{folder / 'demo.sqlite3'}"
    db = open_database(url)
    try:
        _prepare(db, web_port, _files_folder(db, folder))
        if not apps:
            if simulate:
                _simulate_here(db, speed)
            else:
                _morning(db)
            _print_status(db)
            return 0
    finally:
        db.dispose()
    return _run_apps(url, folder / "printed", simulate=simulate, speed=speed, web_port=web_port)


def _files_folder(db: Database, folder: Path) -> Path:
    """Where the demo writes its files: beside a SQLite database named with --db, else the
    demo folder."""
    path = db.url.database if db.dialect == "sqlite" else None
    return Path(path).parent if path and path != ":memory:" else folder


def _simulate_here(db: Database, speed: float) -> None:
    print(f"Simulating the office for {SIMULATE_WITHOUT_APPS_S:g} s at speed x{speed:g}...")
    simulator = Simulator(db, SIMULATED_COUNTERS, speed=speed, verbose=True)
    use_office_clock(FastClock(utcnow(), speed))  # the office's minutes, not the real seconds
    try:
        simulator.run(SIMULATE_WITHOUT_APPS_S)
    finally:
        use_office_clock(None)


def _office_clock_env(simulate: bool, speed: float) -> dict[str, str]:
    """The apps' environment: with a simulation, all of them run on its faster office clock."""
    env = dict(os.environ)
    if simulate:
        env[OFFICE_CLOCK_ENV] = FastClock(utcnow(), speed).describe()
    return env


def _prepare(db: Database, web_port: int | None, folder: Path) -> None:
    check_connection(db)
    schema.upgrade(db)
    load_demo(db, public_url=f"http://localhost:{web_port}" if web_port else None)
    days.expire_past_days(db)  # yesterday's demo tickets must not wait for today's counters
    local_now = datetime.now(ZoneInfo(queries.office_info(db).timezone))
    bookings = import_demo_bookings(db, folder, local_now)
    print(f"Demo office ready in {db.label} (officers' demo PIN: {DEMO_PIN}, e.g. login budi).")
    total = bookings.added + bookings.updated + bookings.unchanged
    print(
        f"Today's M-Paspor bookings: {total} in {folder / f'bookings-{local_now:%Y-%m-%d}.csv'}"
        " (scan or type a code at the kiosk, or `walkin checkin CODE`)."
    )


def _app_commands(
    url: str, printed: Path, *, simulate: bool = False, speed: float = 1.0
) -> list[list[str]]:
    python = sys.executable
    commands = [
        [python, "-m", "display_board", "--db", url, "--windowed"],
        [python, "-m", "counter_app", "--db", url, "--windowed", "--counter", "1"],
        [python, "-m", "kiosk", "--db", url, "--windowed", "--printer", f"preview://{printed}"],
    ]
    if simulate:
        counters_arg = ",".join(str(n) for n in SIMULATED_COUNTERS)
        simulator = ["-m", "walkin.simulate", "--db", url, "--speed", f"{speed:g}"]
        commands.append([python, *simulator, "--counters", counters_arg])
    return commands


def _web_command(url: str, port: int) -> list[str]:
    # Localhost only: the demo is for this PC; an office runs `walkin web` on its LAN address.
    return [sys.executable, "-m", "web", "--db", url, "--host", "127.0.0.1", "--port", str(port)]


def _run_apps(
    url: str,
    printed: Path,
    *,
    simulate: bool = False,
    speed: float = 1.0,
    web_port: int | None = None,
) -> int:
    if not _has_screen():
        raise UserError(
            "no screen for the apps (DISPLAY and WAYLAND_DISPLAY are unset): run "
            "`walkin demo --no-apps`, or start it under `xvfb-run -a`"
        )
    printed.mkdir(parents=True, exist_ok=True)
    print(f"Starting the display board, counter 1 and the kiosk; printed tickets go to {printed}")
    if web_port:
        print(f"Phone pages: http://localhost:{web_port}/ (each ticket's QR opens its own page)")
    print("Close any window or press Ctrl+C to stop the demo.")
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, _stop_on_sigterm)
    if simulate:
        print(f"Simulated applicants and officers at counters 2-5, speed x{speed:g}")
    commands = _app_commands(url, printed, simulate=simulate, speed=speed)
    env = _office_clock_env(simulate, speed)
    # Each app in its own session: Ctrl+C in the terminal reaches the demo alone, which then
    # stops the apps cleanly (no KeyboardInterrupt tracebacks, no exit status 1 from them).
    children = [_start(command, env) for command in commands]
    # The web server is a helper, not a window: if it cannot start (say, its port is taken),
    # the demo goes on without phone pages instead of closing every window.
    web = _start(_web_command(url, web_port), env) if web_port else None
    stopped = False
    try:
        while all(child.poll() is None for child in children):
            if web is not None and web.poll() is not None:
                print(f"walkin demo: the phone pages stopped (port {web_port} taken?); going on")
                web = None
            time.sleep(0.3)
    except KeyboardInterrupt:
        stopped = True  # Ctrl+C or SIGTERM: the way to end the demo, so a success
    finally:
        _stop(children + ([web] if web is not None else []))
    failed = [c for c in children if c.returncode not in (0, -signal.SIGTERM, None)]
    return 0 if stopped or not failed else 1


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, env=env, start_new_session=True)


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
    # Two rounds: a visit's first step finished in the first is called for its second.
    for _ in range(2):
        for counter in counters.list_counters(db):
            if counter.current is not None:
                calls.finish(db, counter.number, device="demo")
            try:
                ticket = calls.call_next(db, counter.number, device="demo")
            except NobodyWaiting:
                continue
            step = f" (step {ticket.step} of {ticket.steps})" if ticket.steps > 1 else ""
            print(f"counter  called   {ticket.code} to {counter.name}{step}")


def _print_status(db: Database) -> None:
    print()
    services = queries.service_statuses(db)
    print("\n".join(output.status_lines(services, counters.list_counters(db))))
