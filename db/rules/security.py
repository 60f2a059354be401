"""PIN hashing: a salted scrypt hash; the PIN itself is never stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

_N, _R, _P = 2**14, 8, 1
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12
PIN_PATTERN = re.compile(r"\d+")


def valid_pin(pin: str, min_length: int = MIN_PIN_LENGTH) -> bool:
    return PIN_PATTERN.fullmatch(pin) is not None and min_length <= len(pin) <= MAX_PIN_LENGTH


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join(("scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)))


def verify_pin(pin: str, stored: str | None) -> bool:
    if not stored:
        return False
    setting, _, digest = stored.rpartition("$")
    actual = pin_digest(pin, setting)
    return actual is not None and hmac.compare_digest(actual, digest)


def setting_of(stored: str) -> str:
    """A stored hash without its digest ("scrypt$N$r$p$salt"): what the database hands out."""
    return stored.rpartition("$")[0]


def pin_digest(pin: str, setting: str | None) -> str | None:
    """The digest of `pin` under a setting, as stored after its last "$"; None if malformed."""
    if not setting:
        return None
    try:
        scheme, n, r, p, salt = setting.split("$")
        if scheme != "scrypt":
            return None
        raw = hashlib.scrypt(
            pin.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:
        return None
    return _b64(raw)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode())
