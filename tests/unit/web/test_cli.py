"""`walkin web` and `python -m web`: flags, the ready line, clean stops and clear errors."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys

import httpx
import pytest

from tests.helpers.web_server import REPO_ROOT, start_subprocess, stop
from web import cli
from web.server import READY_PREFIX

UNREACHABLE = "postgresql://walkin@127.0.0.1:1/queue"


def test_walkin_help_lists_web_without_loading_qt_or_the_server() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from walkin.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "print(' web ' in out.getvalue(),\n"
        "      any(m.split('.')[0] in ('PySide6', 'uvicorn', 'starlette') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False"]


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--requests-per-minute", "0", "must be more than 0"),
        ("--survey-burst", "2.5", "must be a whole number"),
        ("--streams-per-client", "many", "not a number"),
    ],
)
def test_a_bad_limit_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], flag: str, value: str, message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--db", "sqlite:///unused.sqlite3", flag, value])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_limits_come_from_the_flags() -> None:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args(["--requests-per-minute", "600", "--streams-per-client", "100"])
    limits = cli.limits_from(args)
    assert (limits.requests_per_minute, limits.streams_per_client) == (600.0, 100)
    assert (limits.request_burst, limits.surveys_per_minute) == (60, 10.0)


def test_a_taken_port_is_one_line_and_exit_1(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = cli.main(["--db", db_url, "--host", "127.0.0.1", "--port", str(port)])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"web: cannot listen on 127.0.0.1:{port}: ")
    assert err.count("\n") == 1


@pytest.mark.slow
def test_it_starts_without_its_database_and_stops_cleanly_on_ctrl_c() -> None:
    server = start_subprocess(UNREACHABLE)
    try:
        assert server.base_url.startswith("http://127.0.0.1:")
        answer = httpx.get(server.url("/"), timeout=30)
        assert answer.status_code == 503
        assert "Sistem antrean sedang tidak dapat dihubungi" in answer.text
    finally:
        stop(server, keep_log=True)
    assert server.process is not None
    assert server.process.returncode == 130  # uvicorn passes Ctrl+C on once it has shut down
    log = server.log()
    assert "Application shutdown complete" in log
    assert "the server starts and keeps retrying" in log
    assert "Traceback" not in log
    assert server.log_path is not None
    server.log_path.unlink()


def test_the_ready_line_is_documented_where_helpers_look_for_it() -> None:
    assert READY_PREFIX == "walkin web: serving on "
