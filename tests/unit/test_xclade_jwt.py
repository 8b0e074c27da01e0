"""customer_core.auth.jwt_hs256: xclade's policy over PyJWT. HS256 only, signature before claims,
an unexpired `exp`, and the checks where our policy is stricter than PyJWT's defaults (each such
test says what PyJWT alone would do). Times are relative to the real clock: PyJWT reads it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from customer_core.auth.jwt_hs256 import (
    CLOCK_SKEW_SECONDS,
    MAX_LIFETIME_SECONDS,
    MAX_TOKEN_LENGTH,
    InvalidToken,
    verify,
)

SECRET = "unit-test-secret-0123456789abcdefghijklmnop"
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

# RFC 7515 appendix A.1 (also RFC 7519 section 3.1): an HS256 JWS, its key as a JWK `k`.
RFC7515_KEY = base64.urlsafe_b64decode(
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow=="
)
RFC7515_TOKEN = (
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
)


def now() -> int:
    return int(time.time())


def b64(value: object) -> str:
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def claims(**extra: Any) -> dict[str, Any]:
    issued = now()
    return {"actor_id": "user_1", "actor_type": "user", "iat": issued, "exp": issued + 60, **extra}


def sign(payload: dict[str, Any], secret: str = SECRET, **headers: Any) -> str:
    return jwt.encode(payload, secret, algorithm="HS256", headers=headers or None)


def signed_raw(payload: str, secret: str = SECRET, header: object = None) -> str:
    """A token whose payload is the JSON text given (json.dumps cannot write some of them)."""
    head = b64(header or {"alg": "HS256", "typ": "JWT"})
    body = b64(payload.encode())
    mac = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(mac)}"


def reason_of(token: str, secret: str | bytes = SECRET) -> str:
    with pytest.raises(InvalidToken) as refused:
        verify(token, secret)
    return refused.value.reason


def test_signed_claims_verify_unchanged():
    payload = claims()
    assert verify(sign(payload), SECRET) == payload


def test_the_rfc_7515_example_passes_its_signature_and_is_refused_on_its_claims():
    # A.1's key and token: the signature is accepted (else bad_signature); its `exp` is in 2011.
    assert reason_of(RFC7515_TOKEN, RFC7515_KEY) == "expired"
    header, payload, signature = RFC7515_TOKEN.split(".")
    other = "e" + signature[1:]  # the first character changed: a canonical, wrong signature
    assert reason_of(f"{header}.{payload}.{other}", RFC7515_KEY) == "bad_signature"


def test_expired_token_is_refused_from_the_second_of_expiry():
    # PyJWT's leeway (our 30 s skew for nbf/iat) would accept `exp` up to 30 s late.
    assert verify(sign(claims(exp=now() + 5)), SECRET)
    assert reason_of(sign(claims(iat=now() - 60, exp=now()))) == "expired"
    assert reason_of(sign(claims(iat=now() - 60, exp=now() - CLOCK_SKEW_SECONDS + 5))) == "expired"
    assert reason_of(sign(claims(iat=now() - 3600, exp=now() - 60))) == "expired"


def test_wrong_secret_is_a_bad_signature():
    assert reason_of(sign(claims(), "another-secret-0123456789abcdefghijklm")) == "bad_signature"


def test_tampered_payload_is_a_bad_signature():
    header, _, signature = sign(claims()).split(".")
    forged = b64(claims(actor_id="admin"))
    assert reason_of(f"{header}.{forged}.{signature}") == "bad_signature"


def test_non_canonical_base64url_spellings_of_the_signature_are_refused():
    # 32 bytes are 43 characters whose last one carries 2 unused bits: 4 spellings decode to the
    # same signature. Our own code accepted all 4; Medusa (jsonwebtoken) and PyJWT accept one.
    header, payload, signature = sign(claims()).split(".")
    index = _ALPHABET.index(signature[-1])
    spellings = [_ALPHABET[(index & ~3) + k] for k in range(4)]
    verdicts = {}
    for last in spellings:
        try:
            verify(f"{header}.{payload}.{signature[:-1]}{last}", SECRET)
            verdicts[last] = "accepted"
        except InvalidToken as invalid:
            verdicts[last] = invalid.reason
    assert verdicts == {
        last: "accepted" if last == signature[-1] else "malformed" for last in spellings
    }


def test_a_padded_segment_is_malformed():
    # PyJWT accepts `=` padding (some issuers send it); a compact JWS has none (RFC 7515 2).
    header, payload, signature = sign(claims()).split(".")
    assert reason_of(f"{header}.{payload}.{signature}=") == "malformed"


@pytest.mark.parametrize("alg", ["none", "None", "HS512", "RS256", "hs256", None])
def test_only_hs256_is_accepted(alg):
    header = {"typ": "JWT"} if alg is None else {"alg": alg, "typ": "JWT"}
    body = b64(claims())
    # Signed correctly for the header it carries: the algorithm alone is refused.
    genuine = sign(claims()).split(".")[2]
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
        "x" * (MAX_TOKEN_LENGTH + 1),
    ],
)
def test_malformed_tokens_are_refused(token):
    assert reason_of(token) == "malformed"


def test_trailing_newline_is_malformed():
    assert reason_of(sign(claims()) + "\n") == "malformed"


@pytest.mark.parametrize("payload", ["[1]", "not json", '"text"'])
def test_payload_must_be_a_json_object(payload):
    assert reason_of(signed_raw(payload)) == "malformed"


def test_missing_expiry_is_refused():
    no_exp = {k: v for k, v in claims().items() if k != "exp"}
    assert reason_of(sign(no_exp)) == "missing_expiry"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        # PyJWT takes int("4102444800"): we refuse a string.
        ("4102444800", "invalid_exp"),
        (float(2**40), "invalid_exp"),  # PyJWT takes int() of a float too
        (True, "expired"),  # PyJWT reads it as int(True) == 1, long past
        (None, "missing_expiry"),  # PyJWT's `require` treats null as absent
        ([1], "malformed"),  # PyJWT: "Expiration Time claim (exp) must be an integer."
    ],
)
def test_expiry_must_be_an_integer(value, reason):
    assert reason_of(sign(claims(exp=value))) == reason


def test_not_before_is_honoured_with_small_clock_skew():
    assert verify(sign(claims(nbf=now() + CLOCK_SKEW_SECONDS)), SECRET)
    assert reason_of(sign(claims(nbf=now() + CLOCK_SKEW_SECONDS + 5))) == "not_yet_valid"
    # PyJWT takes int() of a numeric string; we refuse it.
    assert reason_of(sign(claims(nbf=str(now())))) == "invalid_nbf"


def test_issued_in_the_future_is_refused():
    assert verify(sign(claims(iat=now() + CLOCK_SKEW_SECONDS)), SECRET)
    future = sign(claims(iat=now() + CLOCK_SKEW_SECONDS + 5, exp=now() + 600))
    assert reason_of(future) == "issued_in_future"
    assert reason_of(sign(claims(iat="yesterday"))) == "invalid_iat"
    assert reason_of(sign(claims(iat=float(now())))) == "invalid_iat"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        # PyJWT accepts `crit: ["b64"]` with b64 true (RFC 7797): we understand no extension.
        ({"alg": "HS256", "crit": ["b64"], "b64": True}, "unsupported_header"),
        ({"alg": "HS256", "crit": ["exp"], "exp": 1}, "unsupported_header"),
        # An unencoded payload must be detached: PyJWT refuses the segment itself.
        ({"alg": "HS256", "crit": ["b64"], "b64": False}, "malformed"),
    ],
)
def test_critical_header_extensions_are_refused(header, reason):
    assert reason_of(signed_raw(json.dumps(claims()), header=header)) == reason


def test_a_key_shorter_than_256_bits_is_a_configuration_error_not_a_token_error():
    short = "k" * 31
    with pytest.raises(jwt.InvalidKeyError):
        verify(signed_raw(json.dumps(claims()), secret=short), short)
    with pytest.raises(jwt.InvalidKeyError):
        verify(sign(claims()), "")


@pytest.mark.parametrize(
    ("claim", "text"),
    [
        ("exp", "NaN"),  # NaN compares false with everything: it would never expire
        ("exp", "Infinity"),
        ("exp", "1e999"),  # a float infinity from a plain JSON number
        ("exp", str(10**400)),  # float() of it overflows
        ("exp", "4102444800.5"),
        ("exp", str(2**60)),  # an integer beyond ±2^53
        ("nbf", "-Infinity"),
        ("iat", "{now}.0"),
    ],
)
def test_time_claims_must_be_finite_integers(claim, text):
    issued = now()
    fields = {"actor_id": '"user_1"', "iat": str(issued), "exp": str(issued + 60)}
    fields[claim] = text.format(now=issued)
    payload = "{" + ",".join(f'"{name}":{value}' for name, value in fields.items()) + "}"
    assert reason_of(signed_raw(payload)) in {f"invalid_{claim}", "malformed", "expired"}


def test_deeply_nested_claims_are_malformed_not_a_crash():
    assert reason_of(signed_raw("[" * 5000 + "]" * 5000)) == "malformed"


@pytest.mark.parametrize("claim", ["iss", "aud"])
@pytest.mark.parametrize("value", ["https://other.example", ""])
def test_issuer_and_audience_claims_are_refused(claim, value):
    # Our tokens (Medusa's claims) carry neither: one that does was minted for someone else.
    # PyJWT alone ignores `iss` when no issuer is asked for, and an empty `aud`.
    assert reason_of(sign(claims(**{claim: value}))) == f"unexpected_{claim}"


def test_lifetime_is_at_most_a_week():
    issued = now()
    longest = sign(claims(iat=issued, exp=issued + MAX_LIFETIME_SECONDS))
    assert verify(longest, SECRET)
    too_long = sign(claims(iat=issued, exp=issued + MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS + 1))
    assert reason_of(too_long) == "lifetime_too_long"
    # Without `iat` the lifetime counts from now.
    no_iat = {k: v for k, v in claims(exp=issued + 10 * 24 * 3600).items() if k != "iat"}
    assert reason_of(sign(no_iat)) == "lifetime_too_long"


def _pyjwt_alone(token: str) -> dict[str, Any]:
    """PyJWT as we call it, without our own checks."""
    return jwt.decode(
        token,
        SECRET,
        algorithms=["HS256"],
        options={"require": ["exp"]},
        leeway=CLOCK_SKEW_SECONDS,
    )


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: sign(claims(exp=str(now() + 60))), "invalid_exp"),
        (lambda: sign(claims(exp=now() + 60.5)), "invalid_exp"),
        (lambda: sign(claims(nbf=True)), "invalid_nbf"),
        (lambda: sign(claims(iat=now() - 60, exp=now() - 5)), "expired"),
        (lambda: sign(claims(iss="https://other.example")), "unexpected_iss"),
        (lambda: sign(claims(aud="")), "unexpected_aud"),
        (lambda: sign(claims(exp=now() + 30 * 24 * 3600)), "lifetime_too_long"),
        (
            lambda: signed_raw(
                json.dumps(claims()), header={"alg": "HS256", "crit": ["b64"], "b64": True}
            ),
            "unsupported_header",
        ),
        (lambda: sign(claims()) + "=", "malformed"),
        (lambda: sign(claims(padding="x" * MAX_TOKEN_LENGTH)), "malformed"),
    ],
    ids=[
        "string-exp",
        "float-exp",
        "bool-nbf",
        "exp-within-leeway",
        "iss",
        "empty-aud",
        "a-month",
        "crit-b64",
        "padded",
        "too-long",
    ],
)
def test_what_pyjwt_accepts_and_our_policy_refuses(make, reason):
    # Each check of our own exists because PyJWT, as we call it, lets the token through: if a
    # new PyJWT refuses one of these, our check may be redundant (this test then says so).
    token = make()
    assert _pyjwt_alone(token)
    assert reason_of(token) == reason
