"""HS256 JSON Web Tokens (RFC 7519, compact JWS of RFC 7515): sign and verify.

Standard library only: one algorithm needs a few lines of hmac/hashlib/base64, not a dependency.
Verification refuses every other `alg` (`none` included) before looking at the signature, checks
the signature in constant time before reading the claims, and requires an unexpired `exp`.

Claims policy (docs/hostile-input.md): the time claims (`exp`, `nbf`, `iat`) are integers (JSON
numbers without fraction, no NaN/Infinity, within ±2^53); a token lives at most
MAX_LIFETIME_SECONDS (from `iat`, and from now); `iss` and `aud` are not used: Medusa's admin
tokens carry neither, and the HS256 key is this API's alone, so a token carrying one was minted
for another consumer and is refused.

`require_strong_key` is what loads a key (the authorizer, the operator commands): one shorter
than the hash (256 bits, RFC 7518 section 3.2) is a configuration error, never a verdict on a
token. `sign` and `verify` themselves take any non-empty key (published test vectors use short
ones).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

ALGORITHM = "HS256"
# Tolerated clock difference between the issuer and us, for `nbf` and `iat` only: an expired
# token is refused on the second.
CLOCK_SKEW_SECONDS = 30
# Far above any real token; bounds the work spent on garbage.
MAX_TOKEN_LENGTH = 8192
# The longest a token may be valid: a week (the operator CLI issues a day by default).
MAX_LIFETIME_SECONDS = 7 * 24 * 3600
# Claims that name another issuer or audience than this API's own tokens (which have none).
FOREIGN_CLAIMS = ("iss", "aud")
_MAX_NUMERIC_DATE = 2**53 - 1
# RFC 7518 section 3.2: an HS256 key at least as long as the hash output.
MIN_KEY_BITS = 256

_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")


class InvalidToken(Exception):
    """The token is not a valid, current HS256 JWT; `reason` says which check failed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class WeakKey(ValueError):
    """The signing key is shorter than MIN_KEY_BITS: the stack is misconfigured."""


def key_bits(secret: str) -> int:
    """The key's length in bits, as HMAC uses it (its UTF-8 bytes)."""
    return len(secret.encode()) * 8


def require_strong_key(secret: str) -> str:
    """The key itself, else WeakKey (whose message names the length, never the key)."""
    bits = key_bits(secret)
    if bits < MIN_KEY_BITS:
        raise WeakKey(
            f"the HS256 signing key has {bits} bits; at least {MIN_KEY_BITS} are required"
        )
    return secret


def sign(claims: Mapping[str, Any], secret: str) -> str:
    """A compact HS256 JWT of `claims`."""
    header = _encode_json({"alg": ALGORITHM, "typ": "JWT"})
    payload = _encode_json(dict(claims))
    signing_input = f"{header}.{payload}"
    return f"{signing_input}.{_b64encode(_signature(signing_input, secret))}"


def verify(token: str, secret: str, *, now: datetime) -> dict[str, Any]:
    """The claims of a valid token, else InvalidToken. `secret` must not be empty."""
    claims = signed_claims(token, secret)
    for name in FOREIGN_CLAIMS:
        if name in claims:
            raise InvalidToken(f"unexpected_{name}")
    _check_times(claims, now.timestamp())
    return claims


def signed_claims(token: str, secret: str) -> dict[str, Any]:
    """The claims of a well-formed HS256 token that `secret` signed, whatever its claims say
    (verify checks them); else InvalidToken."""
    if len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken("malformed")
    parts = token.split(".")
    if len(parts) != 3 or not all(_SEGMENT.fullmatch(part) for part in parts):
        raise InvalidToken("malformed")
    header_segment, payload_segment, signature_segment = parts
    header = _decode_json(header_segment)
    if header.get("alg") != ALGORITHM:
        raise InvalidToken("unsupported_algorithm")
    if "crit" in header:  # extensions we would have to understand
        raise InvalidToken("unsupported_header")
    expected = _signature(f"{header_segment}.{payload_segment}", secret)
    if not hmac.compare_digest(expected, _b64decode(signature_segment)):
        raise InvalidToken("bad_signature")
    return _decode_json(payload_segment)


def verify_with_any(token: str, secrets: Sequence[str], *, now: datetime) -> dict[str, Any]:
    """`verify` with each key in turn (during a rotation: the current one, then the previous):
    the claims under the first key whose signature matches. A failure other than the signature
    (expired, malformed …) is the token's own, whatever the key, and is raised at once."""
    if not secrets:
        raise ValueError("no HS256 key to verify with")
    for secret in secrets[:-1]:
        try:
            return verify(token, secret, now=now)
        except InvalidToken as invalid:
            if invalid.reason != "bad_signature":
                raise
    return verify(token, secrets[-1], now=now)


def _check_times(claims: Mapping[str, Any], now: float) -> None:
    expires = _numeric_date(claims, "exp")
    if expires is None:
        raise InvalidToken("missing_expiry")
    if now >= expires:
        raise InvalidToken("expired")
    not_before = _numeric_date(claims, "nbf")
    if not_before is not None and now + CLOCK_SKEW_SECONDS < not_before:
        raise InvalidToken("not_yet_valid")
    issued = _numeric_date(claims, "iat")
    if issued is not None and issued > now + CLOCK_SKEW_SECONDS:
        raise InvalidToken("issued_in_future")
    start = now if issued is None else min(issued, now)
    if expires - start > MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS:
        raise InvalidToken("lifetime_too_long")


def _numeric_date(claims: Mapping[str, Any], name: str) -> int | None:
    # An integer only: a float can be NaN (never expires) or overflow; bool is an int in Python.
    if name not in claims:
        return None
    value = claims[name]
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > _MAX_NUMERIC_DATE:
        raise InvalidToken(f"invalid_{name}")
    return value


def _signature(signing_input: str, secret: str) -> bytes:
    if not secret:
        raise ValueError("the HS256 secret is empty")
    return hmac.new(secret.encode(), signing_input.encode("ascii"), hashlib.sha256).digest()


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(segment: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError) as error:
        raise InvalidToken("malformed") from error


def _encode_json(value: dict[str, Any]) -> str:
    return _b64encode(json.dumps(value, separators=(",", ":")).encode())


def _decode_json(segment: str) -> dict[str, Any]:
    try:
        value = json.loads(_b64decode(segment), parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise InvalidToken("malformed") from error
    if not isinstance(value, dict):
        raise InvalidToken("malformed")
    return value


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
