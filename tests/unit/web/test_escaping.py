"""Names and texts from the office's configuration are data on every page, never markup: the
page, its live updates and the office page escape them (the templates autoescape)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from db.office_config import ServiceConfig
from db.ops.setup import apply_config
from db.services.tickets import issue_ticket
from db.store.engine import Database
from tests.conftest import SMALL_OFFICE
from tests.unit.web.appclient import AppClient
from web.html import boot_json

HOSTILE = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
HOSTILE_OFFICE = replace(
    SMALL_OFFICE,
    name=f"Kantor {HOSTILE}",
    ticker=f"Info <img src=x onerror=alert(1)> {HOSTILE}",
    services=(
        ServiceConfig("A", f"Paspor {HOSTILE}", f"Passport {HOSTILE}"),
        *SMALL_OFFICE.services[1:],
    ),
)


def executable_scripts(html: str) -> list[str]:
    """The opening tags of the scripts the page would run."""
    return re.findall(r"<script(?! type=\"application/json\")[^>]*>", html)


def test_a_hostile_service_and_office_name_are_shown_as_text(
    db: Database, client: AppClient
) -> None:
    apply_config(db, HOSTILE_OFFICE)
    token = issue_ticket(db, "A").token
    for path in (f"/t/{token}", "/"):
        page = client.get(path, headers={"Accept-Language": "en"}).text
        assert HOSTILE not in page
        assert f"Kantor {ESCAPED}" in page
        assert len(executable_scripts(page)) == 1  # the page's own, with its nonce
    assert (
        f"Passport {ESCAPED}" in client.get(f"/t/{token}", headers={"Accept-Language": "en"}).text
    )
    office = client.get("/", headers={"Accept-Language": "id"}).text
    assert f"Paspor {ESCAPED}" in office
    assert "<img" not in office
    assert "Info &lt;img src=x onerror=alert(1)&gt;" in office


def test_the_live_updates_escape_what_they_render(db: Database, client: AppClient) -> None:
    apply_config(db, HOSTILE_OFFICE)
    issue_ticket(db, "A")
    lists = client.get("/api/office/lists?lang=en").json()["lists"]
    assert HOSTILE not in lists
    assert f"Passport {ESCAPED}" in lists
    assert "<img" not in lists


def test_a_hostile_value_cannot_end_the_boot_json_early() -> None:
    data = {"name": HOSTILE, "more": "a & b"}
    raw = boot_json(data)
    assert "</script>" not in raw
    assert "<" not in raw
    assert json.loads(raw) == data
