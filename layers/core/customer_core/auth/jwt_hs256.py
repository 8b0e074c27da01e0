"""xclade's JWT policy on top of PyJWT: which HS256 tokens the authorizer accepts, and why not.

PyJWT (`jwt.decode_complete`, `algorithms=["HS256"]`) checks the algorithm before the signature,
the signature in constant time, the canonical base64url spelling of every segment, that `exp`
is present and not past, `nbf` and `iat` within CLOCK_SKEW_SECONDS, and refuses an `aud` (we
name no audience). What stays here is what PyJWT leaves to the caller (docs/hostile-input.md):

- a bound on the token's length, and three unpadded base64url segments (PyJWT takes `=`);
- `crit` refused whatever it names (PyJWT honours RFC 7797's `b64`);
- the time claims integers within ±2^53 (PyJWT takes `int()` of strings, floats and booleans),
  and `exp` to the second (PyJWT's one leeway covers `exp` as well);
- a lifetime of at most MAX_LIFETIME_SECONDS; `iss` and `aud` refused: Medusa's admin tokens
  carry neither, and the key is this API's alone, so such a token was minted for someone else;
- PyJWT's exceptions mapped to the reasons the authorizer logs.

A key shorter than the hash (256 bits, RFC 7518 section 3.2) is a configuration error, never a
verdict on a token: `require_strong_key` refuses it where a key is loaded, PyJWT at each use.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import jwt

if TYPE_CHECKING:
    from jwt.types import Options

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
TIME_CLAIMS = ("exp", "nbf", "iat")
_MAX_NUMERIC_DATE = 2**53 - 1
MIN_KEY_BITS = 256

_COMPACT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_OPTIONS: Options = {"require": ["exp"], "enforce_minimum_key_length": True}
# PyJWT's refusals by class, most specific first. The rest of its InvalidTokenErrors are about
# the header (`crit`, `kid`, `b64`): "unsupported_header".
_REASONS: tuple[tuple[type[jwt.InvalidTokenError], str], ...] = (
    (jwt.InvalidSignatureError, "bad_signature"),
    (jwt.InvalidAlgorithmError, "unsupported_algorithm"),
    (jwt.MissingRequiredClaimError, "missing_expiry"),  # `exp` is the one claim required
    (jwt.ExpiredSignatureError, "expired"),
    (jwt.InvalidIssuedAtError, "invalid_iat"),
    (jwt.InvalidAudienceError, "unexpected_aud"),
    (jwt.exceptions.InvalidSubjectError, "invalid_sub"),
    (jwt.exceptions.InvalidJTIError, "invalid_jti"),
    (jwt.DecodeError, "malformed"),
)


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


def verify(token: str, secret: str | bytes) -> dict[str, Any]:
    """The claims of a valid, current token, else InvalidToken. A key shorter than 256 bits
    raises PyJWT's InvalidKeyError (a configuration error, not the token's)."""
    if len(token) > MAX_TOKEN_LENGTH or not _COMPACT.fullmatch(token):
        raise InvalidToken("malformed")
    try:
        decoded = jwt.decode_complete(
            token, secret, algorithms=[ALGORITHM], options=_OPTIONS, leeway=CLOCK_SKEW_SECONDS
        )
    except jwt.InvalidTokenError as error:
        raise InvalidToken(_reason(error)) from error
    if "crit" in decoded["header"]:  # extensions we would have to understand
        raise InvalidToken("unsupported_header")
    claims: dict[str, Any] = decoded["payload"]
    _check_claims(claims, time.time())
    return claims


def verify_with_any(token: str, secrets: Sequence[str | bytes]) -> dict[str, Any]:
    """`verify` with each key in turn (during a rotation: the current one, then the previous):
    the claims under the first key whose signature matches. A failure other than the signature
    (expired, malformed …) is the token's own, whatever the key, and is raised at once."""
    if not secrets:
        raise ValueError("no HS256 key to verify with")
    for secret in secrets[:-1]:
        try:
            return verify(token, secret)
        except InvalidToken as invalid:
            if invalid.reason != "bad_signature":
                raise
    return verify(token, secrets[-1])


def _reason(error: jwt.InvalidTokenError) -> str:
    if isinstance(error, jwt.ImmatureSignatureError):
        # One class for both claims; PyJWT names the claim at the end of its message.
        return "issued_in_future" if str(error).endswith("(iat)") else "not_yet_valid"
    for kind, reason in _REASONS:
        if isinstance(error, kind):
            return reason
    return "unsupported_header"  # the other refusals are of the header: `crit`, `kid`, `b64`


def _check_claims(claims: Mapping[str, Any], now: float) -> None:
    """What PyJWT accepts and we do not (PyJWT has already checked the times with the skew)."""
    for name in FOREIGN_CLAIMS:
        if name in claims:
            raise InvalidToken(f"unexpected_{name}")
    for name in TIME_CLAIMS:
        value = claims.get(name)
        # An integer only: bool is an int in Python, and PyJWT takes int() of anything.
        if name in claims and (
            isinstance(value, bool) or not isinstance(value, int) or abs(value) > _MAX_NUMERIC_DATE
        ):
            raise InvalidToken(f"invalid_{name}")
    expires: int = claims["exp"]
    if now >= expires:
        raise InvalidToken("expired")
    issued = claims.get("iat")
    start = now if issued is None else min(issued, now)
    if expires - start > MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS:
        raise InvalidToken("lifetime_too_long")
