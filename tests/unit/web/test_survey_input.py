"""Whatever a survey post carries, a malformed body is the sender's fault: a 4xx, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette

from db.store.engine import Database
from db.store.models import SKM_ITEMS
from db.views.phone import PhoneTicket, phone_ticket
from tests.unit.web.appclient import AppClient
from tests.unit.web.conftest import finished
from web.app import create_app
from web.ratelimit import Limits
from web.survey_routes import checked_answers

JSON = {"Content-Type": "application/json"}
# Hypothesis sends hundreds of posts from one address: the survey bucket must not answer them.
UNLIMITED = Limits(
    requests_per_minute=1e6, request_burst=100_000, surveys_per_minute=1e6, survey_burst=100_000
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@pytest.fixture
def open_app(db: Database) -> Starlette:
    return create_app(db, limits=UNLIMITED)


def still_open(db: Database, token: str) -> bool:
    seen = phone_ticket(db, token)
    return isinstance(seen, PhoneTicket) and seen.survey == "open"


@pytest.mark.parametrize(
    "csrf", ["é" * 32, "\u0663" * 32, "😀", "\x00" * 32, "\ud800", 32, None, [], {"a": 1}]
)
def test_a_json_form_token_of_any_kind_is_a_403(
    db: Database, open_app: Starlette, csrf: Any
) -> None:
    token = finished(db)
    sent = {"csrf": csrf, "answers": dict.fromkeys(SKM_ITEMS, 3)}
    raw = json.dumps(sent)  # escaped: a lone surrogate cannot be UTF-8 but JSON can say it
    answer = AppClient(open_app).post(f"/t/{token}/survey", content=raw, headers=JSON)
    assert answer.status_code == 403
    assert answer.json()["error"] == "page_expired"
    assert still_open(db, token)


@pytest.mark.parametrize("csrf", ["%C3%A9" * 32, "%FF%FE", "%00"])
def test_a_form_token_of_any_bytes_is_a_403(db: Database, open_app: Starlette, csrf: str) -> None:
    token = finished(db)
    fields = "&".join(f"{item}=3" for item in SKM_ITEMS)
    answer = AppClient(open_app).post(
        f"/t/{token}/survey",
        content=f"{fields}&csrf={csrf}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 403
    assert still_open(db, token)


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 5000 + b"]" * 5000,  # deeper than the recursion limit, within the size limit
        b'{"answers": ' + b'{"a": ' * 2000 + b"1" + b"}" * 2001,
        b'{"csrf": "x", "answers": {"requirements": ' + b"9" * 5000 + b"}}",
        b'{"csrf": "\xff\xfe", "answers": {}}',  # not UTF-8
        b"\xef\xbb\xbf{}",
        b'{"csrf": "\\ud800", "answers": {}}',
        b"1e999999",
        b"",
    ],
)
def test_a_malformed_json_body_is_a_4xx(db: Database, open_app: Starlette, raw: bytes) -> None:
    token = finished(db)
    answer = AppClient(open_app).post(f"/t/{token}/survey", content=raw, headers=JSON)
    assert 400 <= answer.status_code < 500
    assert still_open(db, token)


def _answers_with_valid_form_token(app: Starlette, token: str, answers: Any) -> bytes:
    csrf = app.state.web.csrf.token_for(token)
    return json.dumps({"csrf": csrf, "answers": answers}).encode()


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        json_values.map(lambda value: ("any", value)),
        json_values.map(lambda value: ("answers", value)),
        st.dictionaries(st.sampled_from(SKM_ITEMS), json_values).map(lambda a: ("answers", a)),
        st.binary(max_size=200).map(lambda raw: ("raw", raw)),
    ),
    as_form=st.booleans(),
)
def test_any_malformed_survey_post_is_a_4xx(
    db: Database, open_app: Starlette, body: tuple[str, Any], as_form: bool
) -> None:
    token = finished(db)
    kind, value = body
    if kind == "raw":
        raw = value
    elif kind == "answers":
        raw = _answers_with_valid_form_token(open_app, token, value)
    else:
        raw = json.dumps(value).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if as_form else JSON
    answer = AppClient(open_app).post(f"/t/{token}/survey", content=raw, headers=headers)
    assert answer.status_code < 500, raw[:200]
    if answer.status_code < 400:  # only a well-formed survey may be taken
        assert kind == "answers"
        assert checked_answers(value) is not None
