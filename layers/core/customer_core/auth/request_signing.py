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
_EPOCH_DIGITS = re.compile(r"^[0-9]{1,16}$")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hmac_sha256_hex(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def signature_matches(expected_hex: str, given: str) -> bool:
    """Constant-time comparison of two hex signatures; hex digits compare in either case."""
    # Any header text compares (lone surrogates included): it simply does not match.
    return hmac.compare_digest(
        expected_hex.lower().encode(), given.strip().lower().encode("utf-8", "surrogatepass")
    )


def epoch_seconds_of(timestamp: str) -> float | None:
    """A Unix timestamp in seconds or in milliseconds (told apart by size), as seconds.

    None when the value is not a plain non-negative integer.
    """
    value = timestamp.strip()
    if not _EPOCH_DIGITS.match(value):
        return None
    number = int(value)
    return number / 1000 if number >= _MILLISECONDS_FROM else float(number)


def within_window(signed_at: float, now: datetime, window_seconds: int) -> bool:
    return abs(now.timestamp() - signed_at) <= window_seconds
