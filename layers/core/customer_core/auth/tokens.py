"""Access-token primitives shared by the authorizers: token hashing and constant-time checks.

Tokens are stored only as SHA-256 hashes. A token is 256 random bits, so a fast unsalted hash is
enough: there is nothing to brute-force, and lookups stay one GetItem.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 32


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def constant_time_equals(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())


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
