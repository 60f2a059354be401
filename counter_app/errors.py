"""The service layer's messages in the counter app's language.

`db` words its errors in English, one line each, for logs and the command line. For the officer
the common ones are said again in the app's language: each is recognised by its class and the
shape of its message, and anything not recognised (a new wording, a rarer error) is shown as the
service layer wrote it, so a message is never lost, only left in English.
"""

from __future__ import annotations

import re

from counter_app.format import sentence, translate
from db.errors import (
    AuthenticationFailed,
    CounterBusy,
    CounterPaused,
    NoActiveTicket,
    NobodyWaiting,
    NotFound,
    PermissionDenied,
    UserError,
)
from qtshared.i18n import QT_TRANSLATE_NOOP, current_language

# (error class, its English message's shape, the source text whose translation is shown)
KNOWN: tuple[tuple[type[UserError], re.Pattern[str], str], ...] = (
    (
        NobodyWaiting,
        re.compile(r"nobody is waiting for counter (?P<n>\d+)$"),
        QT_TRANSLATE_NOOP("Counter", "Nobody is waiting for counter {n}."),
    ),
    (
        CounterPaused,
        re.compile(r"counter (?P<n>\d+) is \w+: resume it first$"),
        QT_TRANSLATE_NOOP("Counter", "Counter {n} is paused: resume it first."),
    ),
    (
        CounterBusy,
        re.compile(r"counter (?P<n>\d+) (?:already|still) has (?P<code>[A-Z]+\d+)\b"),
        QT_TRANSLATE_NOOP(
            "Counter", "Counter {n} still has {code}: finish it, mark it no-show or transfer it."
        ),
    ),
    (
        NoActiveTicket,
        re.compile(r"counter (?P<n>\d+) has no called or serving ticket$"),
        QT_TRANSLATE_NOOP("Counter", "Counter {n} has no ticket called or being served."),
    ),
    (
        NotFound,
        re.compile(r"there is no ticket '(?P<code>\w+)' today$"),
        QT_TRANSLATE_NOOP("Counter", "There is no ticket {code} today."),
    ),
    (
        AuthenticationFailed,
        re.compile(r"wrong login or PIN$"),
        QT_TRANSLATE_NOOP("Counter", "Wrong login or PIN."),
    ),
    (
        PermissionDenied,
        re.compile(r"(?P<login>\S+) is not a supervisor$"),
        QT_TRANSLATE_NOOP("Counter", "{login} is not a supervisor."),
    ),
)


def explain(error: UserError) -> str:
    """The error as one sentence in the app's language (as written when not recognised)."""
    message = str(error).strip()
    if current_language() != "en":
        for kind, shape, text in KNOWN:
            found = shape.match(message) if isinstance(error, kind) else None
            if found:
                return translate("Counter", text).format(**found.groupdict())
    return sentence(message)
