"""The pages' templates (web/templates) and the one Jinja2 environment that renders them.

Autoescaping is on for every template: a value from the database (an office, a service, a ticker
line) can never become markup. Only the page frame's own code (the style sheet, the script, the
boot JSON) is passed in as `Markup`, and none of it holds anything from the database unescaped.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from web.texts import text

Texts = Callable[..., str]


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,  # a misspelt name fails the test that renders it
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates are package data: no file to watch for changes
    )


def texts_of(lang: str) -> Texts:
    """`t("key", name=value)` in a template: the page's text `key` in `lang`, filled in."""

    def t(key: str, **values: object) -> str:
        return text(lang, key, **values)

    return t


def render(template: str, lang: str, **context: Any) -> str:
    """The template filled with `context`, its texts in `lang`."""
    return environment().get_template(template).render(lang=lang, t=texts_of(lang), **context)
