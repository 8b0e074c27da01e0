"""customer_core.auth.jwt_hs256: HS256 only, signature before claims, an unexpired `exp`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest
from customer_core.auth.jwt_hs256 import (
    CLOCK_SKEW_SECONDS,
    MAX_LIFETIME_SECONDS,
    InvalidToken,
    sign,
    verify,
)

SECRET = "unit-test-secret-0123456789"
NOW = datetime(2026, 11, 22, 13, 26, 44, tzinfo=UTC)
EPOCH = int(NOW.timestamp())


def b64(value: object) -> str:
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def claims(**extra):
    return {"actor_id": "user_1", "actor_type": "user", "iat": EPOCH, "exp": EPOCH + 60, **extra}


def reason_of(token: str, secret: str = SECRET, now: datetime = NOW) -> str:
    with pytest.raises(InvalidToken) as refused:
        verify(token, secret, now=now)
    return refused.value.reason


def test_signed_claims_verify_unchanged():
    assert verify(sign(claims(), SECRET), SECRET, now=NOW) == claims()


def test_signature_matches_the_well_known_hs256_example():
    # The example token of RFC 7519-style tooling (jwt.io): header and payload as compact JSON.
    example = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
        "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    )
    payload = {"sub": "1234567890", "name": "John Doe", "iat": 1516239022}
    assert sign(payload, "your-256-bit-secret") == example
    # The signature is accepted; the token is then refused only for having no expiry.
    assert reason_of(example, "your-256-bit-secret") == "missing_expiry"


def test_expired_token_is_refused_from_the_second_of_expiry():
    token = sign(claims(exp=EPOCH + 60), SECRET)
    assert verify(token, SECRET, now=NOW + timedelta(seconds=59))
    assert reason_of(token, now=NOW + timedelta(seconds=60)) == "expired"
    assert reason_of(token, now=NOW + timedelta(days=1)) == "expired"


def test_wrong_secret_is_a_bad_signature():
    assert reason_of(sign(claims(), "another-secret")) == "bad_signature"


def test_tampered_payload_is_a_bad_signature():
    header, _, signature = sign(claims(), SECRET).split(".")
    forged = b64(claims(actor_id="admin"))
    assert reason_of(f"{header}.{forged}.{signature}") == "bad_signature"


@pytest.mark.parametrize("alg", ["none", "None", "HS512", "RS256", "hs256", None])
def test_only_hs256_is_accepted(alg):
    header = {"typ": "JWT"} if alg is None else {"alg": alg, "typ": "JWT"}
    body = b64(claims())
    # Signed correctly for the header it carries: the algorithm alone is refused.
    genuine = sign(claims(), SECRET).split(".")[2]
    assert reason_of(f"{b64(header)}.{body}.{genuine}") == "unsupported_algorithm"


def test_alg_none_without_signature_is_refused():
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims())}."
    assert reason_of(unsigned) == "malformed"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "abc",
        "a.b",
        "a.b.c.d",
        "a..c",
        "@@@.eyJ9.abc",
        f"{b64(b'not json')}.{b64(claims())}.c2ln",
        f"{b64([1, 2])}.{b64(claims())}.c2ln",
        "x" * 9000,
    ],
)
def test_malformed_tokens_are_refused(token):
    assert reason_of(token) == "malformed"


def test_trailing_newline_is_malformed():
    assert reason_of(sign(claims(), SECRET) + "\n") == "malformed"


@pytest.mark.parametrize("payload", [b"[1]", b"not json", b'"text"'])
def test_payload_must_be_a_json_object(payload):
    header = b64({"alg": "HS256", "typ": "JWT"})
    body = b64(payload)
    signature = hmac.new(SECRET.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    assert reason_of(f"{header}.{body}.{b64(signature)}") == "malformed"


def test_missing_expiry_is_refused():
    no_exp = {k: v for k, v in claims().items() if k != "exp"}
    assert reason_of(sign(no_exp, SECRET)) == "missing_expiry"


@pytest.mark.parametrize("value", ["4102444800", True, None, [1]])
def test_expiry_must_be_a_number(value):
    assert reason_of(sign(claims(exp=value), SECRET)) == "invalid_exp"


def test_not_before_is_honoured_with_small_clock_skew():
    within = sign(claims(nbf=EPOCH + CLOCK_SKEW_SECONDS), SECRET)
    beyond = sign(claims(nbf=EPOCH + CLOCK_SKEW_SECONDS + 1), SECRET)
    assert verify(within, SECRET, now=NOW)
    assert reason_of(beyond) == "not_yet_valid"


def test_issued_in_the_future_is_refused():
    assert verify(sign(claims(iat=EPOCH + CLOCK_SKEW_SECONDS), SECRET), SECRET, now=NOW)
    future = sign(claims(iat=EPOCH + CLOCK_SKEW_SECONDS + 1, exp=EPOCH + 600), SECRET)
    assert reason_of(future) == "issued_in_future"
    assert reason_of(sign(claims(iat="yesterday"), SECRET)) == "invalid_iat"


def test_critical_header_extensions_are_refused():
    header = b64({"alg": "HS256", "crit": ["b64"], "b64": False})
    assert reason_of(f"{header}.{b64(claims())}.c2ln") == "unsupported_header"


def test_an_empty_secret_is_a_configuration_error_not_a_token_error():
    with pytest.raises(ValueError, match="empty"):
        verify(sign(claims(), SECRET), "", now=NOW)
    with pytest.raises(ValueError, match="empty"):
        sign(claims(), "")


def signed_raw(payload: str, secret: str = SECRET) -> str:
    """A token whose payload is the JSON text given (json.dumps cannot write some of them)."""
    header = b64({"alg": "HS256", "typ": "JWT"})
    body = b64(payload.encode())
    mac = hmac.new(secret.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{b64(mac)}"


@pytest.mark.parametrize(
    ("claim", "text"),
    [
        ("exp", "NaN"),  # NaN compares false with everything: it would never expire
        ("exp", "Infinity"),
        ("exp", "1e999"),  # a float infinity from a plain JSON number
        ("exp", str(10**400)),  # float() of it overflows: was an exception, a 500 at the gateway
        ("exp", f"{EPOCH + 60}.5"),
        ("nbf", "-Infinity"),
        ("iat", f"{EPOCH}.0"),
    ],
)
def test_time_claims_must_be_finite_integers(claim, text):
    fields = {"actor_id": "user_1", "iat": str(EPOCH), "exp": str(EPOCH + 60), claim: text}
    payload = "{" + ",".join(f'"{name}":{value}' for name, value in fields.items()) + "}"
    assert reason_of(signed_raw(payload)) in {f"invalid_{claim}", "malformed"}


def test_deeply_nested_claims_are_malformed_not_a_crash():
    assert reason_of(signed_raw("[" * 5000 + "]" * 5000)) == "malformed"


@pytest.mark.parametrize("claim", ["iss", "aud"])
def test_issuer_and_audience_claims_are_refused(claim):
    # Our tokens (Medusa's claims) carry neither: one that does was minted for someone else.
    assert (
        reason_of(sign(claims(**{claim: "https://other.example"}), SECRET)) == f"unexpected_{claim}"
    )


def test_lifetime_is_at_most_a_week():
    longest = sign(claims(exp=EPOCH + MAX_LIFETIME_SECONDS), SECRET)
    assert verify(longest, SECRET, now=NOW)
    too_long = sign(claims(exp=EPOCH + MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS + 1), SECRET)
    assert reason_of(too_long) == "lifetime_too_long"
    # Without `iat` the lifetime counts from now.
    no_iat = {k: v for k, v in claims(exp=EPOCH + 10 * 24 * 3600).items() if k != "iat"}
    assert reason_of(sign(no_iat, SECRET)) == "lifetime_too_long"
