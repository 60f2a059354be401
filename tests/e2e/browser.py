"""A headless Chromium driven by Selenium, wrapped in the few things the end-to-end tests do.

Only Debian's (or the system's) `chromium` and `chromedriver` are used, by explicit path: Selenium
Manager, which would otherwise look for (and download) a browser and a driver, never runs.

This module imports Selenium at the top; the test modules import it only inside fixtures, so that
a checkout without Selenium installed reports a skip (or, in CI, a failure) instead of an import
error at collection.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BROWSER_NAMES = ("chromium", "chromium-browser")
DRIVER_NAMES = ("chromedriver",)
INSTALL_HINT = "install Debian packages chromium chromium-driver"

# A loaded 2-core CI machine can take seconds to start Chromium or to run a page's first script;
# a wait ends as soon as its condition holds, so a generous limit costs nothing when all is well.
WAIT_S = 15.0
PAGE_LOAD_S = 30.0

FLAGS = (
    "--headless",
    "--no-sandbox",  # containers and CI runners (often root) have no user namespaces for it
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Nothing may leave the machine: no component, safe-browsing or sync traffic.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # /dev/shm is tiny in containers; Chromium crashes on it
    "--window-size=412,915",  # a common phone's viewport in CSS pixels
    "--lang=id-ID",
)

# The pages choose their language by Accept-Language: be a phone set to Indonesian.
ACCEPT_LANGUAGE = "id-ID,id"

# Run before any script of every page (CDP Page.addScriptToEvaluateOnNewDocument).
# A browser without Server-Sent Events:
NO_EVENT_SOURCE = "delete window.EventSource;"
# The real EventSource, but counting the data events its streams deliver: a test can wait until
# the page's stream is live before it changes the queue, and see that the change came that way.
COUNT_STREAM_EVENTS = """
(function () {
  var Native = window.EventSource;
  window.walkinTestEvents = 0;
  function Counted(url, init) {
    var source = new Native(url, init);
    ["ticket", "office"].forEach(function (kind) {
      source.addEventListener(kind, function () { window.walkinTestEvents += 1; });
    });
    return source;
  }
  Counted.prototype = Native.prototype;
  Counted.CONNECTING = 0;
  Counted.OPEN = 1;
  Counted.CLOSED = 2;
  window.EventSource = Counted;
})();
"""


def browser_paths() -> tuple[str, str] | None:
    """(browser, driver) found on PATH, or None when either is missing."""
    browser = next((p for p in map(shutil.which, BROWSER_NAMES) if p), None)
    driver = next((p for p in map(shutil.which, DRIVER_NAMES) if p), None)
    return (browser, driver) if browser and driver else None


class Phone:
    """One browser window, as a phone holder uses it: open a page, read it, wait for changes."""

    def __init__(self, driver: webdriver.Chrome) -> None:
        self.driver = driver

    def open(self, url: str) -> None:
        self.driver.get(url)

    def text(self, selector: str) -> str:
        """The visible text of the first element matching the CSS selector."""
        return self.driver.find_element(By.CSS_SELECTOR, selector).text

    def visible(self, selector: str) -> bool:
        return self.driver.find_element(By.CSS_SELECTOR, selector).is_displayed()

    def wait_for_text(self, selector: str, needle: str, timeout: float = WAIT_S) -> str:
        """The element's text once it contains `needle` (case-insensitive); a timeout fails the
        test, saying what the element showed instead."""
        last = {"shown": ""}

        def holds(_: object) -> str | None:
            try:
                last["shown"] = self.text(selector)
            except (NoSuchElementException, StaleElementReferenceException):
                return None  # not drawn yet, or redrawn between finding and reading
            return last["shown"] if needle.lower() in last["shown"].lower() else None

        try:
            return str(self.wait_until(holds, f"{selector} to contain {needle!r}", timeout))
        except AssertionError as error:
            raise AssertionError(f"{error}; it showed {last['shown']!r}") from None

    def wait_until(
        self, condition: Callable[[object], object], what: str, timeout: float = WAIT_S
    ) -> object:
        """The condition's first truthy value, tried every 0.1 s; a timeout fails the test."""
        try:
            result = WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(condition)
        except TimeoutException as error:
            raise AssertionError(f"waited {timeout:.0f} s for {what}") from error
        return result

    def requested_urls(self) -> list[str]:
        """The URLs the page fetched after loading (scripts' requests, event streams)."""
        names = self.driver.execute_script(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; });"
        )
        return [str(name) for name in names]

    def mark_document(self) -> None:
        """Leave a mark on the loaded document: a reload would wipe it (see `still_marked`)."""
        self.driver.execute_script("window.walkinTestMark = true;")

    def still_marked(self) -> bool:
        return bool(self.driver.execute_script("return window.walkinTestMark === true;"))

    def title(self) -> str:
        return str(self.driver.title)

    def stream_events(self) -> int:
        """How many data events the page's event streams have delivered so far."""
        return int(self.driver.execute_script("return window.walkinTestEvents || 0;"))

    def wait_for_stream_events(self, count: int, timeout: float = WAIT_S) -> int:
        """Wait until the page's streams have delivered `count` data events in all."""
        self.wait_until(
            lambda _: self.stream_events() >= count,
            f"{count} event(s) on the page's stream",
            timeout,
        )
        return self.stream_events()

    def has_event_source(self) -> bool:
        return bool(self.driver.execute_script("return typeof window.EventSource === 'function';"))

    def save_evidence(self, folder: Path, name: str) -> list[Path]:
        """A screenshot and the live DOM, to see what the page showed when a test failed."""
        folder.mkdir(parents=True, exist_ok=True)
        shot, dom = folder / f"{name}.png", folder / f"{name}.html"
        saved = []
        if self.driver.save_screenshot(str(shot)):
            saved.append(shot)
        dom.write_text(self.driver.page_source, encoding="utf-8")
        saved.append(dom)
        return saved

    def quit(self) -> None:
        self.driver.quit()


def start_phone(profile: Path, *, event_source: bool = True) -> Phone:
    """A fresh headless Chromium with its own profile folder (nothing shared between tests)."""
    paths = browser_paths()
    if paths is None:
        raise RuntimeError(INSTALL_HINT)
    browser, driver_path = paths
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_experimental_option("prefs", {"intl.accept_languages": ACCEPT_LANGUAGE})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        driver.set_page_load_timeout(PAGE_LOAD_S)
        source = COUNT_STREAM_EVENTS if event_source else NO_EVENT_SOURCE
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
    except BaseException:
        driver.quit()
        raise
    return Phone(driver)
