"""The style sheet and scripts that every page carries inline (the pages load nothing else)."""

from __future__ import annotations

from functools import cache
from importlib import resources

# The texts of live.js (its banner about the link to the server), which every live page carries.
LINK_TEXTS = ("conn_lost", "db_lost", "last_data", "back")


@cache
def asset(name: str) -> str:
    """A file of `web/assets`, without indentation, blank lines and whole-line comments.

    Only whole lines are dropped, so the code itself is never rewritten; that keeps a page about
    a third smaller on a slow guest Wi-Fi.
    """
    raw = resources.files("web").joinpath("assets", name).read_text(encoding="utf-8")
    kept = []
    for line in raw.splitlines():
        stripped = line.strip()
        comment = stripped.startswith("//") or (
            stripped.startswith("/*") and stripped.endswith("*/")
        )
        if stripped and not comment:
            kept.append(stripped)
    return "\n".join(kept)


def script(*parts: str) -> str:
    """The one inline script of a live page: the shared link code, then the page's parts."""
    code = "\n".join(asset(name) for name in ("live.js", *parts))
    return '(function () {\n"use strict";\n' + code + "\n})();"


def styles(*sheets: str) -> str:
    """The base style sheet, then the page's own."""
    return "\n".join(asset(name) for name in ("style.css", *sheets))
