"""Office codes and the PostgreSQL names derived from them (roles, slots, databases)."""

from __future__ import annotations

import re

from db.errors import UserError

_CODE = re.compile(r"[A-Za-z0-9]{2,16}")


class BadOfficeCode(UserError):
    """An office code must be 2-16 letters or digits (e.g. MDN1, PLN)."""


def office_code(text: str) -> str:
    """The code in its stored form (upper case), or BadOfficeCode."""
    code = text.strip()
    if not _CODE.fullmatch(code):
        raise BadOfficeCode(f"office code {text!r}: use 2-16 letters or digits, e.g. MDN1")
    return code.upper()


def replication_role(code: str) -> str:
    """The login the central server replicates an office's rows with."""
    return f"walkin_repl_{code.lower()}"


def slot_name(code: str) -> str:
    """The replication slot on the office server that keeps the WAL the centre still needs."""
    return f"walkin_central_{code.lower()}"


def subscription_name(code: str) -> str:
    return f"walkin_office_{code.lower()}"


def office_database(code: str) -> str:
    """The central cluster's database holding one office's rows."""
    return f"walkin_office_{code.lower()}"


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
