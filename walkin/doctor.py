"""`walkin doctor`: checks what a PC of the office needs, one line each, with the fix.

Each check is a small function returning a `Check`; the Qt checks run in a child process so that
a missing library (or a wedged audio server) cannot take the doctor down with it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from db.errors import UserError
from db.rules import words
from db.store import faults, schema
from db.store.engine import (
    Database,
    check_connection,
    integrity_problem,
    open_database,
    sqlite_file,
)
from qtshared import screen
from ticket_printer import status
from ticket_printer.channel import TcpChannel
from ticket_printer.target import ENV_PRINTER, Kind, PrinterTarget, parse_printer_url

PRINTER_TIMEOUT_S = 2.0
_PRINTER_OFF_FIX = (
    "switch the printer on, check its cable and IP address (print its self-test page)"
)
_STATUS_FIX = "use an ESC/POS printer that answers real-time status on port 9100, or its USB port"
QT_TIMEOUT_S = 20.0
WIDGET_CATALOGUES = ("kiosk_id.qm", "counter_id.qm")  # see qtshared.i18n.CATALOGUES
PULSE_FIX = "sudo apt-get install -y libpulse0"
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}
QT_PACKAGES_HINT = (
    "sudo apt-get install -y $(cat .ci/debian-packages.txt) (see README, Quick start)"
)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        text = f"{'OK  ' if self.ok else 'FAIL'}  {self.name}: {self.detail}"
        return text if self.ok or not self.fix else f"{text}  -> fix: {self.fix}"


# --- database ---------------------------------------------------------------------------------


def database_url(raw: str) -> tuple[Check, Database | None]:
    try:
        db = open_database(raw, pool=False)
    except UserError as error:
        fix = "pass --db sqlite:///PATH or --db postgresql://USER@HOST/DB (or set WALKIN_DB)"
        return Check("database URL", False, str(error), fix), None
    return Check("database URL", True, db.label), db


def database_reachable(db: Database) -> Check:
    try:
        check_connection(db)
    except UserError as error:
        fix = (
            "check the file's folder and permissions"
            if db.dialect == "sqlite"
            else "start PostgreSQL on the server, check pg_hba.conf, the host name and the password"
        )
        return Check("database reachable", False, str(error), fix)
    return Check("database reachable", True, f"{db.dialect} answers")


def schema_current(db: Database) -> Check:
    try:
        current = schema.current_revision(db)
    except UserError as error:
        return Check("schema", False, str(error), "walkin init")
    head = schema.head_revision()
    if current == head:
        return Check("schema", True, f"up to date ({head})")
    state = "no queue schema" if current is None else f"schema {current}, this code needs {head}"
    return Check("schema", False, state, "walkin --db URL init (as the database owner)")


def database_writable(db: Database) -> Check:
    path = sqlite_file(db)
    if path is None:
        return Check("database writable", True, f"{db.dialect}: the server's own files")
    problem = faults.access_problem(path)
    if problem is not None:
        return Check("database writable", False, problem, "chown/chmod as the message says")
    return Check("database writable", True, f"{path} and its folder")


def database_intact(db: Database) -> Check:
    """SQLite's quick_check: a damaged page shows here before an app trips over it."""
    if db.dialect != "sqlite":
        return Check("database intact", True, "PostgreSQL: not checked here (see amcheck)")
    try:
        problem = integrity_problem(db)
    except UserError as error:
        problem = str(error)
    if problem is not None:
        fix = "stop the apps, then `walkin restore BACKUP --force` (docs/deployment.md, Backups)"
        return Check("database intact", False, f"damaged: {problem}", fix)
    return Check("database intact", True, "quick_check ok")


# --- printer ----------------------------------------------------------------------------------


def printer_url(raw: str) -> tuple[Check, PrinterTarget | None]:
    try:
        target = parse_printer_url(raw)
    except UserError as error:
        return Check("printer URL", False, str(error), "pass --printer with a URL above"), None
    return Check("printer URL", True, str(target)), target


def printer_reachable(target: PrinterTarget, timeout: float = PRINTER_TIMEOUT_S) -> Check:
    name = "printer reachable"
    if target.kind is Kind.TCP:
        return _network_printer(target, timeout)
    if target.kind in (Kind.SERIAL, Kind.FILE) and target.path is not None:
        if not target.path.exists():
            return Check(name, False, f"{target.path} does not exist", "plug the printer in")
        if not os.access(target.path, os.W_OK):
            return Check(
                name,
                False,
                f"{target.path} is not writable by this user",
                "add the user to the dialout/lp group (or a udev rule), then log in again",
            )
        return Check(name, True, f"{target.path} is writable")
    return Check(name, True, f"{target}: not checked from here")


def _network_printer(target: PrinterTarget, timeout: float) -> Check:
    """Connect, then ask the status a ticket needs to be confirmed as printed."""
    name = "printer reachable"
    try:
        channel = TcpChannel(target.host, target.port, timeout)
    except OSError as error:
        reason = "no answer" if isinstance(error, TimeoutError) else error.strerror or error
        return Check(name, False, f"{target}: {reason} within {timeout:g} s", _PRINTER_OFF_FIX)
    try:
        found = status.query(channel.ask)
    except OSError:
        found = None
    finally:
        channel.close()
    if found is None:
        detail = f"{target} does not answer the status query (DLE EOT) within {timeout:g} s"
        return Check(name, False, f"{detail}: no ticket can be confirmed", _STATUS_FIX)
    if not found.ready:
        return Check(name, False, f"{target}: {found.problem()}", "load paper, close the cover")
    return Check(name, True, f"{target} answers: online, paper {found.paper}")


# --- Qt, audio --------------------------------------------------------------------------------

_AUDIO_PROBE = """
import sys
try:
    from PySide6.QtMultimedia import QMediaDevices
except ImportError as error:
    print("IMPORT", error)
    sys.exit(0)
from PySide6.QtCore import QCoreApplication
app = QCoreApplication([])
outputs = QMediaDevices.audioOutputs()
print("DEVICES", len(outputs), QMediaDevices.defaultAudioOutput().description())
"""

_WIDGETS_PROBE = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
QWidget().grab()
print("OK")
"""


def _probe(code: str, **env: str) -> tuple[int, str]:
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=QT_TIMEOUT_S,
            env={**os.environ, **env},
            check=False,
        )
    except subprocess.TimeoutExpired:
        return -1, f"no answer within {QT_TIMEOUT_S:g} s"
    # The probe's answer is its last stdout line; Qt's warnings go to stderr.
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    lines = lines or [line for line in done.stderr.splitlines() if line.strip()]
    return done.returncode, (lines[-1] if lines else "")


def pyside_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("PySide6") is not None


def audio_output() -> Check:
    name = "audio output"
    code, out = _probe(_AUDIO_PROBE, QT_QPA_PLATFORM="offscreen")
    if out.startswith("IMPORT"):
        if "libpulse" in out:
            return Check(name, False, "QtMultimedia needs libpulse0", PULSE_FIX)
        return Check(name, True, f"QtMultimedia not available ({out[7:]}): skipped")
    if code != 0 or not out.startswith("DEVICES"):
        fix = PULSE_FIX if "libpulse" in out else "start PulseAudio or PipeWire for this user"
        return Check(name, False, f"QtMultimedia failed: {out}", fix)
    _, count, *description = out.split(" ", 2)
    if count == "0":
        return Check(
            name,
            False,
            "no audio output device (the display only announces visually)",
            "connect speakers/HDMI audio and start PulseAudio or PipeWire for this user",
        )
    return Check(name, True, f"{count} device(s), default {' '.join(description) or '?'}")


def qt_widgets() -> Check:
    name = "Qt widgets (offscreen)"
    code, out = _probe(_WIDGETS_PROBE, QT_QPA_PLATFORM="offscreen")
    if code == 0 and out == "OK":
        return Check(name, True, "QtWidgets starts")
    return Check(name, False, out or f"exit status {code}", QT_PACKAGES_HINT)


def ldconfig_has(library: str) -> bool:
    tool = shutil.which("ldconfig") or next(
        (path for path in ("/sbin/ldconfig", "/usr/sbin/ldconfig") if os.path.exists(path)), None
    )
    if tool is None:
        return False
    listing = subprocess.run([tool, "-p"], capture_output=True, text=True, check=False).stdout
    return any(line.strip().startswith(library + " ") for line in listing.splitlines())


def qt_xcb(has: Callable[[str], bool] = ldconfig_has) -> Check:
    missing = [package for library, package in XCB_LIBRARIES.items() if not has(library)]
    if missing:
        return Check(
            "Qt's X11 libraries",
            False,
            f"missing {', '.join(lib for lib, pkg in XCB_LIBRARIES.items() if pkg in missing)}",
            f"sudo apt-get install -y {' '.join(missing)}",
        )
    return Check("Qt's X11 libraries", True, ", ".join(XCB_LIBRARIES))


def qt_screen(env: Mapping[str, str] | None = None) -> Check:
    """Whether the apps can open a window here: the same test they make before they start."""
    env = os.environ if env is None else env
    name = "Qt on a screen"
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0]
    problem = screen.display_problem(env)
    if problem is not None:
        return Check(name, False, problem, screen.HOW_TO_POINT)
    if platform in screen.NO_SERVER_PLATFORMS:
        return Check(name, True, f"QT_QPA_PLATFORM={platform}: windows are drawn off any screen")
    where = env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or platform
    return Check(name, True, f"a window opens on {where}")


def language_catalogues() -> Check:
    """The words' catalogue reads and is complete; the widgets' compiled catalogues are there."""
    name = "language catalogues"
    fix = "reinstall, or point WALKIN_I18N_DIR at a folder with texts.toml and the .qm files"
    try:
        folder = words.i18n_dir()
        entries = sum(len(section) for section in words.catalogue().values())
    except words.CatalogueError as error:
        return Check(name, False, str(error), fix)
    missing = [qm for qm in WIDGET_CATALOGUES if not (folder / qm).is_file()]
    if missing:
        return Check(name, False, f"{', '.join(missing)} missing in {folder}", fix)
    return Check(name, True, f"{folder}: {entries} entries, {', '.join(WIDGET_CATALOGUES)}")


# --- all --------------------------------------------------------------------------------------


def run_checks(db_url: str, printer: str | None, *, qt: bool = True) -> Iterator[Check]:
    """Every check in order; a check that depends on a failed one is left out."""
    url_check, db = database_url(db_url)
    yield url_check
    if db is not None:
        try:
            reachable = database_reachable(db)
            yield reachable
            if reachable.ok:
                yield schema_current(db)
                yield database_writable(db)
                yield database_intact(db)
        finally:
            db.dispose()
    if printer is not None:
        printer_check, target = printer_url(printer)
        yield printer_check
        if target is not None:
            yield printer_reachable(target)
    else:
        yield Check("printer", True, f"none given (pass --printer URL or set {ENV_PRINTER})")
    yield language_catalogues()
    if qt:
        if not pyside_installed():
            yield Check("Qt", False, "PySide6 is not installed", "make demo (sets up the venv)")
            return
        yield audio_output()
        yield qt_widgets()
        yield qt_xcb()
        yield qt_screen()
