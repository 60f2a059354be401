"""Start the phone companion web server for a test or a benchmark, read its event streams, stop it.

Two ways to run it:

- `running_subprocess(db_url, *flags)` runs `python -m web --db URL --host 127.0.0.1 --port 0
  FLAGS...` in a child process, as an office would. The server is ready when its first stdout
  line is `walkin web: serving on http://HOST:PORT/` (`web.server.READY_PREFIX`); with `--port 0`
  that line names the port the system picked, so nothing has to guess a free port. The child's
  stderr (its log) goes to a file, whose tail is shown when the start fails.
- `running_in_thread(app)` runs uvicorn in a thread of the test process, for tests that look
  into the app (its hub).

Both yield a `WebServer` (`base_url` ends without a slash) and stop the server on leaving.
`sse_events(response)` turns a streamed httpx response into (event, data) pairs.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from starlette.applications import Starlette

from web.connections import ConnectionLimits
from web.server import READY_PREFIX, build_server

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0  # a cold interpreter on a busy 2-core machine takes a few seconds
STOP_TIMEOUT_S = 15.0


class ServerDidNotStart(RuntimeError):
    pass


@dataclass
class WebServer:
    base_url: str
    process: subprocess.Popen[str] | None = None
    log_path: Path | None = None

    def url(self, path: str) -> str:
        return self.base_url + path

    def log(self) -> str:
        """The child's log so far ("" for a server in a thread)."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def server_command(db_url: str, *flags: str, via_walkin: bool = False) -> list[str]:
    """The command line of a server on a free loopback port: `python -m web ...`, or
    `python -m walkin --db URL web ...` with `via_walkin`."""
    where = ["--host", "127.0.0.1", "--port", "0", *flags]
    if via_walkin:
        return [sys.executable, "-m", "walkin", "--db", db_url, "web", *where]
    return [sys.executable, "-m", "web", "--db", db_url, *where]


def start_subprocess(
    db_url: str,
    *flags: str,
    via_walkin: bool = False,
    timeout: float = START_TIMEOUT_S,
    env: dict[str, str] | None = None,
) -> WebServer:
    """Start the server in a child and wait for its ready line; raises ServerDidNotStart."""
    handle, name = tempfile.mkstemp(prefix="walkin-web-", suffix=".log")
    log_path = Path(name)
    with os.fdopen(handle, "w") as log_file:
        process = subprocess.Popen(
            server_command(db_url, *flags, via_walkin=via_walkin),
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
            env=env,
        )
    server = WebServer("", process, log_path)
    line = _first_line(process, timeout)
    if not line.startswith(READY_PREFIX):
        stop(server, keep_log=True)
        raise ServerDidNotStart(f"no ready line within {timeout} s; log:\n{server.log()[-3000:]}")
    server.base_url = line[len(READY_PREFIX) :].strip().rstrip("/")
    return server


def _first_line(process: subprocess.Popen[str], timeout: float) -> str:
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return ""


def stop(server: WebServer, *, keep_log: bool = False) -> None:
    """Ctrl+C for the child (a graceful stop), a kill if it does not end in time."""
    process = server.process
    if process is not None:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()
    if server.log_path is not None and not keep_log:
        server.log_path.unlink(missing_ok=True)


@contextmanager
def running_subprocess(db_url: str, *flags: str, via_walkin: bool = False) -> Iterator[WebServer]:
    server = start_subprocess(db_url, *flags, via_walkin=via_walkin)
    try:
        yield server
    finally:
        stop(server)


@contextmanager
def running_in_thread(
    app: Starlette,
    *,
    trust_proxy: str | None = None,
    timeout: float = START_TIMEOUT_S,
    connections: ConnectionLimits | None = None,
) -> Iterator[WebServer]:
    """An app of `web.app.create_app` on a free loopback port, in a thread of this process."""
    server = build_server(
        app, "127.0.0.1", 0, trust_proxy=trust_proxy, announce=False, connections=connections
    )
    thread = threading.Thread(target=server.run_on_socket, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise ServerDidNotStart("uvicorn did not start in its thread")
        time.sleep(0.02)
    try:
        yield WebServer(f"http://127.0.0.1:{server.port}")
    finally:
        server.should_exit = True
        thread.join(STOP_TIMEOUT_S)


def sse_events(response: httpx.Response) -> Iterator[tuple[str, str]]:
    """(event, data) pairs of a streamed text/event-stream response; comments are skipped."""
    kind, data = "message", ""
    for line in response.iter_lines():
        if line == "":
            if data:
                yield kind, data
            kind, data = "message", ""
        elif line.startswith("event:"):
            kind = line[6:].strip()
        elif line.startswith("data:"):
            data += line[5:].strip()


def wait_for_event(
    events: Iterator[tuple[str, str]], wanted: Sequence[str], timeout: float
) -> tuple[str, str]:
    """The first event whose data contains every string in `wanted`; AssertionError after
    `timeout` (a stream sends a keepalive at least every 15 s, so a read never blocks longer)."""
    deadline = time.monotonic() + timeout
    for kind, data in events:
        if all(part in data for part in wanted):
            return kind, data
        if time.monotonic() > deadline:
            break
    raise AssertionError(f"no event with {wanted} within {timeout} s")
