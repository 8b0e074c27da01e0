"""One accepted spelling per credential (issue 21).

Each credential the APIs accept is enumerated in its other spellings (letter case, white space,
leading zeros, base64url characters that differ only in unused bits, padding), each sent
through the real authorizer or function; every one is refused, except the spellings the
product's own document names (Axim: the token raw or after `Bearer `; COUNT: a timestamp in
seconds or in milliseconds, each signed as sent). Another spelling would be another
authorizer-cache entry, another log identity and, for a signature, another request to the
replay check for one credential.

The xclade cases (its JWT's signature in base64url) are marked: they pass once xclade's
verification refuses non-canonical base64url (branch jwt-19, PyJWT); remove the mark then.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

import pytest
from axim_api.authorizer import lambda_handler as axim_authorizer
from count_api.authorizer import lambda_handler as count_authorizer
from count_api.handler import lambda_handler as count_function
from customer_core.auth.tokens import new_token, token_hash
from customer_core.http.authorizer import Unauthorized
from customer_core.store.credentials import CredentialStore, TokenRecord
from xclade_api.authorizer import lambda_handler as xclade_authorizer

from tests.support import count_requests, xclade
from tests.support.events import load, with_headers
from tests.support.lambda_context import LambdaContextStub
from tests.unit.test_axim_authorizer import FIXTURE_TOKEN as AXIM_TOKEN
from tests.unit.test_axim_authorizer import seed as seed_axim_token

CONTEXT: Any = LambdaContextStub()  # what Powertools reads of a LambdaContext
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def white_space_and_case(credential: str, prefix: str = "") -> list[str]:
    """The header value's other spellings by letter case of the scheme and by white space."""
    value = f"{prefix}{credential}"
    spellings = [f" {value}", f"{value} ", f"{value}\n", f"\t{value}", f"{value}\u00a0"]
    if prefix:
        spellings += [
            f"{prefix.lower()}{credential}",
            f"{prefix.upper()}{credential}",
            f"{prefix.strip()}  {credential}",
            f"{prefix.strip()}\t{credential}",
        ]
    return spellings


def base64url_twins(text: str) -> list[str]:
    """The other spellings of the bytes a base64url text (no padding) decodes to: its last
    character with other values in the unused low bits, and the text padded with `=`."""
    unused = {2: 4, 3: 2}.get(len(text) % 4, 0)  # bits of the last character no byte uses
    last = B64URL.index(text[-1])
    twins = [text[:-1] + B64URL[(last & ~((1 << unused) - 1)) | low] for low in range(1 << unused)]
    padded = [text + "=" * (-len(text) % 4)] if len(text) % 4 else []
    return [twin for twin in twins if twin != text] + padded


def _decoded(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_the_twins_are_the_same_bytes_spelled_otherwise() -> None:
    token = new_token()
    twins = base64url_twins(token)
    assert len(twins) == 4  # 43 characters: 2 unused bits (3 other last characters), or `=`
    assert all(_decoded(twin) == _decoded(token) and twin != token for twin in twins)


# --- Axim: the accessToken header ------------------------------------------------------------


def _axim(value: str) -> str:
    event = with_headers(load("axim", "authorizer-valid-token"), accessToken=value)
    try:
        return str(axim_authorizer(event, CONTEXT)["policyDocument"]["Statement"][0]["Effect"])
    except Unauthorized:
        return "Unauthorized"


def test_axim_takes_its_documents_two_spellings(aws: Any) -> None:
    seed_axim_token()
    assert _axim(AXIM_TOKEN) == "Allow"  # as the document's sample sends it
    assert _axim(f"Bearer {AXIM_TOKEN}") == "Allow"  # "Type: Bearer Token"


@pytest.mark.parametrize(
    "spelling",
    [*white_space_and_case(AXIM_TOKEN), *white_space_and_case(AXIM_TOKEN, "Bearer ")],
    ids=repr,
)
def test_axim_refuses_every_other_spelling_of_its_token(aws: Any, spelling: str) -> None:
    seed_axim_token()
    assert _axim(spelling) == "Unauthorized"


def test_axim_tokens_are_compared_as_issued_not_as_base64_bytes(aws: Any) -> None:
    # An issued token is base64url text; its twins decode to the same bytes and are refused.
    token = new_token()
    CredentialStore(os.environ["AUTH_TABLE_NAME"]).save_token(
        token_hash(token),
        TokenRecord(
            api="axim",
            principal_id="p",
            principal_name="P",
            principal_type="api_client",
            usage_key="usage-key-1",
        ),
    )
    assert _axim(token) == "Allow"
    assert [_axim(twin) for twin in base64url_twins(token)] == ["Unauthorized"] * 4


# --- COUNT: x-client-id and Authorization (authorizer), x-timestamp and x-signature (function)


def _count_verdict(client_id: str, authorization: str) -> str:
    event = with_headers(
        load("count", "authorizer-valid"), x_client_id=client_id, Authorization=authorization
    )
    result = count_authorizer(event, CONTEXT)
    if result["policyDocument"]["Statement"][0]["Effect"] == "Deny":
        return "UNKNOWN_CLIENT"
    return str(result["context"]["tokenStatus"])


@pytest.fixture
def count_client(aws: Any) -> Any:
    count_requests.seed_client()
    count_requests.seed_token()
    return aws


CLIENT = count_requests.FIXTURE_CLIENT_ID
BEARER = f"Bearer {count_requests.FIXTURE_TOKEN}"


def test_count_takes_the_issued_client_id_and_bearer_token(count_client: Any) -> None:
    assert _count_verdict(CLIENT, BEARER) == "VALID"


@pytest.mark.parametrize("spelling", [*white_space_and_case(CLIENT), CLIENT.upper()], ids=repr)
def test_count_refuses_every_other_spelling_of_a_client_id(
    count_client: Any, spelling: str
) -> None:
    assert _count_verdict(spelling, BEARER) == "UNKNOWN_CLIENT"


@pytest.mark.parametrize(
    "spelling",
    [count_requests.FIXTURE_TOKEN, *white_space_and_case(count_requests.FIXTURE_TOKEN, "Bearer ")],
    ids=repr,
)
def test_count_refuses_every_other_spelling_of_a_bearer_token(
    count_client: Any, spelling: str
) -> None:
    assert _count_verdict(CLIENT, spelling) == "INVALID_TOKEN"


def _count_code(event: dict[str, Any]) -> Any:
    response = count_function(event, CONTEXT)
    return json.loads(response["body"]).get("code", response["statusCode"])


def _signed(timestamp: str | None = None) -> dict[str, Any]:
    return count_requests.signed_now(load("count", "create-customer-sample"), timestamp=timestamp)


def test_count_takes_seconds_and_milliseconds_each_signed_as_sent(count_client: Any) -> None:
    # COUNT's document says seconds, its CLI sends milliseconds: both spellings are COUNT's own.
    millis = count_requests.unique_now_millis()
    assert _count_code(_signed(millis)) == 201
    assert _count_code(_signed(str(int(millis) // 1000))) == "EMAIL_ALREADY_EXISTS"  # read


@pytest.mark.parametrize(
    "respell",
    [
        lambda t: "0" + t,
        lambda t: "+" + t,
        lambda t: f" {t}",
        lambda t: f"{t} ",
        lambda t: t + "\n",
    ],
    ids=["leading zero", "plus sign", "leading space", "trailing space", "newline"],
)
def test_count_refuses_other_spellings_of_a_timestamp_even_signed(
    count_client: Any, respell: Any
) -> None:
    # Signed over the very spelling sent: only the secret's holder can make one; still refused.
    event = _signed(respell(count_requests.unique_now_millis()))
    assert _count_code(event) == "INVALID_TIMESTAMP"


@pytest.mark.parametrize(
    "respell",
    [
        str.upper,
        lambda s: s[0].upper() + s[1:] if s[0].isalpha() else s.upper(),
        lambda s: f" {s}",
        lambda s: f"{s} ",
        lambda s: f"{s}\n",
        lambda s: "0x" + s,
    ],
    ids=["upper case", "one letter upper", "leading space", "trailing space", "newline", "0x"],
)
def test_count_refuses_other_spellings_of_a_signature(count_client: Any, respell: Any) -> None:
    event = _signed()
    signature = event["headers"]["x-signature"]
    assert _count_code(with_headers(event, x_signature=respell(signature))) == "INVALID_SIGNATURE"
    assert _count_code(event) == 201  # the signer's spelling, still unused


@pytest.mark.parametrize("spelling", white_space_and_case(CLIENT)[:3], ids=repr)
def test_count_function_refuses_a_client_id_spelled_otherwise(
    count_client: Any, spelling: str
) -> None:
    event = with_headers(_signed(), x_client_id=spelling)
    assert _count_code(event) == "UNKNOWN_CLIENT"


# --- xclade: the JWT's signature segment --------------------------------------------------------


def _xclade(token: str) -> str:
    event = with_headers(load("xclade", "authorizer-valid-token"), Authorization=f"Bearer {token}")
    try:
        return str(xclade_authorizer(event, CONTEXT)["policyDocument"]["Statement"][0]["Effect"])
    except Unauthorized:
        return "Unauthorized"


def test_xclade_takes_the_signed_token(aws: Any) -> None:
    xclade.install_secret()
    assert _xclade(xclade.token()) == "Allow"


def test_xclade_refuses_other_spellings_of_a_jwt_signature(aws: Any) -> None:
    # Medusa's verification (jsonwebtoken) refuses these; each would be its own cache entry.
    xclade.install_secret()
    header, payload, signature = xclade.token().split(".")
    answers = {twin: _xclade(f"{header}.{payload}.{twin}") for twin in base64url_twins(signature)}
    assert set(answers.values()) == {"Unauthorized"}, answers
