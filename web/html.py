"""The page frame shared by every page (web/templates/page.html), and the short pages for errors
and refusals."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from web.assets import styles
from web.templating import render
from web.texts import TEXTS, other_language, text


@dataclass(frozen=True)
class PageContext:
    """What every page needs: its language, the nonce of its inline code, and its own path."""

    lang: str
    nonce: str
    path: str
    office: str = ""


@dataclass(frozen=True)
class Frame:
    """The page's head and its own code: the inline style sheet, the boot JSON, the script.

    `refresh_seconds` reloads the page (an error that may pass); `noscript_refresh` reloads it
    only in a browser without JavaScript, where nothing else would update it.
    """

    title: str
    style: Markup
    script: Markup | None = None
    boot: Markup | None = None
    refresh_seconds: int | None = None
    noscript_refresh: int | None = None


def boot_json(data: dict[str, Any]) -> str:
    """JSON that is safe inside a <script> element (no `</script>` can end it early)."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def frame(
    title: str,
    *,
    style: str = "",
    sheets: tuple[str, ...] = (),
    script: str = "",
    boot: dict[str, Any] | None = None,
    refresh_seconds: int | None = None,
    noscript_refresh: int | None = None,
) -> Frame:
    """A page's frame. `style` must hold nothing unchecked from the database (a colour passes
    web.payloads.safe_color first): it goes into the style sheet as it is."""
    # Markup: our own style sheets and scripts, checked colours, and JSON escaped for <script>.
    return Frame(
        title,
        Markup(styles(*sheets) + style),
        Markup(script) if script else None,
        Markup(boot_json(boot)) if boot is not None else None,
        refresh_seconds,
        noscript_refresh,
    )


def page(ctx: PageContext, template: str, page_frame: Frame, **context: Any) -> str:
    """A whole HTML document: `template` (which extends page.html) in `page_frame`."""
    other = other_language(ctx.lang)
    return render(
        template,
        ctx.lang,
        ctx=ctx,
        frame=page_frame,
        other=other,
        other_name=TEXTS[other]["lang_name"],
        **context,
    )


def message_page(
    ctx: PageContext,
    title_key: str,
    body: str,
    *,
    link: tuple[str, str] | None = None,
    refresh_seconds: int | None = None,
) -> str:
    """A short page that says one thing (an error, a refusal, an expired ticket) and offers a way
    on; `body` is plain text."""
    title = text(ctx.lang, title_key)
    page_frame = frame(title, refresh_seconds=refresh_seconds)
    return page(ctx, "message.html", page_frame, body=body, link=link)
