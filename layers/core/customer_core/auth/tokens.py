"""Access-token primitives shared by the authorizers: token hashing and constant-time checks.

Tokens are stored only as SHA-256 hashes. A token is 256 random bits, so a fast unsalted hash is
enough: there is nothing to brute-force, and lookups stay one GetItem.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 32
# Ids a client names in a header (a client id) or a token names (an actor id) before
# they become part of a store key: a key is at most 2 KB and must be valid UTF-8, so anything
# else would be a store error (a 500), not the unknown id it is.
MAX_IDENTIFIER_LENGTH = 128
_IDENTIFIER = re.compile(r"[A-Za-z0-9_.:-]{1,128}")  # 128 = MAX_IDENTIFIER_LENGTH


def is_identifier(value: str) -> bool:
    """1 to 128 ASCII letters, digits and `_ . : -`: the shape of every id we issue."""
    return _IDENTIFIER.fullmatch(value) is not None


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    # Any header text hashes (lone surrogates included): a garbage token is unknown, not a crash.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def constant_time_equals(left: str, right: str) -> bool:
    return hmac.compare_digest(
        left.encode("utf-8", "surrogatepass"), right.encode("utf-8", "surrogatepass")
    )


def strip_bearer(value: str | None, *, required: bool) -> str | None:
    """The credential in an `Authorization`-style header value.

    With `required`, the value must read `Bearer <credential>`; otherwise the prefix is optional.
    Returns None when nothing usable is there.
    """
    if value is None:
        return None
    value = value.strip()
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "bearer" and rest.strip():
        return rest.strip()
    if required:
        return None
    return value or None


BEARER_PREFIX = "Bearer "


def bearer_credential(value: str | None, *, required: bool) -> str | None:
    """The credential of a header spelled exactly `Bearer <credential>` (or, when the prefix is
    not required, exactly `<credential>`): one spelling per credential, so one authorizer-cache
    entry and one log line per token. `bearer x`, `Bearer  x`, surrounding or inner white space
    are other spellings of the same token: None, like no credential. (An API whose document
    reads the header otherwise reads it its own way.)"""
    if value is None:
        return None
    if value.startswith(BEARER_PREFIX):
        value = value[len(BEARER_PREFIX) :]
    elif required:
        return None
    return value if value.split() == [value] else None
