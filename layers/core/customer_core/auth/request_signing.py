"""Primitives of HMAC-signed requests: hex HMAC-SHA256, constant-time verification and the
freshness window of a request timestamp. Each API defines its own string to sign on top.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime

# Epoch values at or above this are milliseconds: as seconds they would be after the year 5000.
_MILLISECONDS_FROM = 100_000_000_000
# One spelling per instant: ASCII digits, no sign, no leading zero, no surrounding space.
_EPOCH_DIGITS = re.compile(r"0|[1-9][0-9]{0,15}")
_LOWER_HEX_SHA256 = re.compile(r"[0-9a-f]{64}")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hmac_sha256_hex(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def signature_matches(expected_hex: str, given: str) -> bool:
    """Constant-time comparison of a hex signature with the one given, spelled exactly as the
    signer spells it: 64 lower-case hex digits (hexdigest(), Node's digest("hex")). Upper-case
    digits or surrounding space are other spellings of one signature, each its own request
    to the replay check: refused."""
    if _LOWER_HEX_SHA256.fullmatch(given) is None:
        return False
    return hmac.compare_digest(expected_hex.encode(), given.encode())


def epoch_seconds_of(timestamp: str) -> float | None:
    """A Unix timestamp in seconds or in milliseconds (told apart by size), as seconds.

    None when the value is not a plain non-negative integer in its one spelling (no leading
    zero, sign or space): a document may say seconds while its CLI sends milliseconds, both
    are taken, and each is signed as sent.
    """
    if _EPOCH_DIGITS.fullmatch(timestamp) is None:
        return None
    number = int(timestamp)
    return number / 1000 if number >= _MILLISECONDS_FROM else float(number)


def within_window(signed_at: float, now: datetime, window_seconds: int) -> bool:
    return abs(now.timestamp() - signed_at) <= window_seconds
