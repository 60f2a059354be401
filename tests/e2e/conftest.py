"""Browser tests: a real headless Chromium, a real `walkin web` process, a real queue database.

Without Chromium and its driver the tests skip, saying which Debian packages to install; with
WALKIN_REQUIRE_BROWSER=1 (set by .ci/run under CI) a missing browser fails the run instead, as
WALKIN_REQUIRE_PG does for PostgreSQL. A failing test leaves a screenshot and the page's DOM in
its tmp_path.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers.web_server import WebServer, start_subprocess, stop

if TYPE_CHECKING:
    from tests.e2e.browser import Phone

REQUIRE_BROWSER_ENV = "WALKIN_REQUIRE_BROWSER"

# The browser and its driver are given by path, so Selenium Manager never runs; should anything
# start it all the same, it must not download a browser or a driver (nor send usage statistics).
os.environ.setdefault("SE_OFFLINE", "true")
os.environ.setdefault("SE_AVOID_STATS", "true")

FAILED_CALL = pytest.StashKey[bool]()


def browser_required() -> bool:
    return os.environ.get(REQUIRE_BROWSER_ENV, "") not in ("", "0")


def browser_unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("selenium") is None:
        return "Selenium is not installed (pip install -e '.[test]')"
    from tests.e2e.browser import INSTALL_HINT, browser_paths

    if browser_paths() is None:
        return f"no chromium and chromedriver on PATH: {INSTALL_HINT}"
    return None


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected what will not run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = [item for item in items if "browser" in item.keywords]
    if not wanted:
        return
    reason = browser_unavailable_reason()
    if reason is None:
        return
    if browser_required():
        raise pytest.UsageError(
            f"browser tests must run here ({REQUIRE_BROWSER_ENV}), but: {reason}"
        )
    skip = pytest.mark.skip(reason=f"browser tests skipped: {reason}")
    for item in wanted:
        item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # The phone fixture's teardown reads this to decide whether to keep evidence.
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED_CALL] = True
    return report


PhoneFactory = Callable[..., "Phone"]


@pytest.fixture
def open_phone(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PhoneFactory]:
    """Start headless browsers (`open_phone(event_source=False)` for one without SSE); each is
    closed after the test, after a screenshot and its DOM are saved if the test failed."""
    from tests.e2e.browser import start_phone

    phones: list[Phone] = []

    def start(*, event_source: bool = True) -> Phone:
        phone = start_phone(tmp_path / f"profile-{len(phones)}", event_source=event_source)
        phones.append(phone)
        return phone

    yield start
    failed = request.node.stash.get(FAILED_CALL, False)
    for index, phone in enumerate(phones):
        try:
            if failed:
                saved = phone.save_evidence(tmp_path / "evidence", f"phone-{index}")
                print(f"evidence of the failure: {', '.join(map(str, saved))}")  # noqa: T201
        finally:
            phone.quit()


ServerFactory = Callable[[str], WebServer]


@pytest.fixture
def web_server(request: pytest.FixtureRequest) -> Iterator[ServerFactory]:
    """Start `python -m web` on a free port of 127.0.0.1 over a database URL; stopped after the
    test (after its browsers: request this fixture before `open_phone`), its log shown if the
    test failed."""
    started: list[WebServer] = []

    def start(url: str) -> WebServer:
        server = start_subprocess(url)
        started.append(server)
        return server

    yield start
    failed = request.node.stash.get(FAILED_CALL, False)
    for server in started:
        if failed:
            print(f"log of the web server at {server.base_url}:\n{server.log()[-3000:]}")  # noqa: T201
        stop(server)
