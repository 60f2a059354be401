"""The page frame shared by every page, and the short pages for errors and refusals."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from typing import Any

from web.assets import styles
from web.texts import TEXTS, other_language, text


@dataclass(frozen=True)
class PageContext:
    """What every page needs: its language, the nonce of its inline code, and its own path."""

    lang: str
    nonce: str
    path: str
    office: str = ""


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def boot_json(data: dict[str, Any]) -> str:
    """JSON that is safe inside a <script> element (no `</script>` can end it early)."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(
    ctx: PageContext,
    title: str,
    body: str,
    *,
    style: str = "",
    sheets: tuple[str, ...] = (),
    script: str = "",
    boot: dict[str, Any] | None = None,
    refresh_seconds: int | None = None,
    noscript_refresh: int | None = None,
) -> str:
    """A whole HTML document. Inline code carries the response's nonce (see web/security.py).

    `refresh_seconds` reloads the page (an error that may pass); `noscript_refresh` reloads it
    only in a browser without JavaScript, where nothing else would update it.
    """
    other = other_language(ctx.lang)
    nonce = esc(ctx.nonce)
    office = ctx.office or text(ctx.lang, "site")
    refresh = f'<meta http-equiv="refresh" content="{refresh_seconds}">' if refresh_seconds else ""
    if noscript_refresh:
        refresh += f'<noscript><meta http-equiv="refresh" content="{noscript_refresh}"></noscript>'

    tail = ""
    if boot is not None:
        tail += f'<script type="application/json" id="boot">{boot_json(boot)}</script>'
    if script:
        tail += f'<script nonce="{nonce}">{script}</script>'
    return (
        f'<!doctype html><html lang="{ctx.lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<meta name="color-scheme" content="light">{refresh}<title>{esc(title)}</title>'
        '<link rel="icon" href="data:,">'
        f'<style nonce="{nonce}">{styles(*sheets)}{style}</style></head><body>'
        f'<header class="top"><div class="office">{esc(office)}</div>'
        f'<a class="lang" href="{esc(ctx.path)}?lang={other}" hreflang="{other}" lang="{other}">'
        f"{esc(TEXTS[other]['lang_name'])}</a></header>"
        f"<main>{body}</main>{tail}</body></html>"
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
    action = f'<p><a class="button" href="{esc(link[0])}">{esc(link[1])}</a></p>' if link else ""
    content = f'<section class="panel"><h1>{esc(title)}</h1><p>{esc(body)}</p>{action}</section>'
    return page(ctx, title, content, refresh_seconds=refresh_seconds)
