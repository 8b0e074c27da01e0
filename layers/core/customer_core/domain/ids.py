"""Identifier formats of the three products, all time-ordered or random, none guessable."""

from __future__ import annotations

import itertools
import os
import secrets
import uuid
from datetime import datetime

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# ObjectId layout: 4-byte seconds, 5-byte per-process random, 3-byte counter (starting at random).
_PROCESS_RANDOM = os.urandom(5)
_counter = itertools.count(int.from_bytes(os.urandom(3), "big"))


def object_id(moment: datetime) -> str:
    """24 lower-case hex characters, MongoDB ObjectId style."""
    seconds = int(moment.timestamp()) & 0xFFFFFFFF
    count = next(_counter) & 0xFFFFFF
    raw = seconds.to_bytes(4, "big") + _PROCESS_RANDOM + count.to_bytes(3, "big")
    return raw.hex()


def ulid(moment: datetime) -> str:
    """26-character Crockford base32 ULID: 48-bit milliseconds then 80 random bits."""
    millis = int(moment.timestamp() * 1000) & ((1 << 48) - 1)
    value = (millis << 80) | secrets.randbits(80)
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 0x1F])
        value >>= 5
    return "".join(reversed(chars))


def uuid4() -> str:
    return str(uuid.uuid4())
