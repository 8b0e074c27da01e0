"""Generated: whatever headers a client sends, every API's authorizer answers with a policy or
its refusal (API Gateway's 401/403), never with an exception, which API Gateway turns into 500.

Headers of any name, letter case and value (huge, every Unicode category with lone surrogates,
`Bearer` with garbage, JWT-shaped strings, and for xclade JWTs signed with the real key whose
claims are arbitrary JSON: NaN, huge numbers, wrong types, deep nesting). Properties: the answer
is Unauthorized or a well-formed policy; Allow only for the real credential (Axim, xclade) or,
for COUNT, for a known client whose usage-plan key is named only when its token checks out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import os
from collections.abc import Callable
from typing import Any

import pytest
from customer_core.auth.jwt_hs256 import InvalidToken, verify
from customer_core.http.authorizer import Unauthorized
from hypothesis import example, given
from hypothesis import strategies as st

from ops.apis import Api
from tests.support import count_requests, xclade
from tests.support.events import EVENTS, load
from tests.support.generated import api_ids, record
from tests.support.hostile import any_text, extra_headers, json_trees, write_json
from tests.unit.test_axim_authorizer import FIXTURE_TOKEN as AXIM_TOKEN
from tests.unit.test_axim_authorizer import seed as seed_axim_token

CREDENTIAL_HEADERS = {
    "axim": ["accessToken"],
    "xclade": ["Authorization"],
    "count": ["x-client-id", "Authorization"],
}


# The real credential of each API: always one example of the run (with the fixture's headers).
VALID_CREDENTIALS: dict[str, Callable[[], dict[str, str]]] = {
    "axim": lambda: {"accessToken": AXIM_TOKEN},
    "xclade": lambda: {"Authorization": f"Bearer {xclade.token()}"},
    "count": lambda: {
        "x-client-id": count_requests.FIXTURE_CLIENT_ID,
        "Authorization": f"Bearer {count_requests.FIXTURE_TOKEN}",
    },
}


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@st.composite
def jwt_like(draw: st.DrawFn) -> str:
    """A JWT signed with xclade's real key over arbitrary JSON claims (or a broken one)."""
    header = draw(st.sampled_from(['{"alg":"HS256","typ":"JWT"}', '{"alg":"none"}', "[1]"]))
    payload = draw(
        st.one_of(
            json_trees.map(write_json),
            st.fixed_dictionaries(
                {"actor_id": st.one_of(any_text, json_trees), "actor_type": st.just("user")},
                optional={"exp": json_trees, "iat": json_trees, "nbf": json_trees},
            ).map(lambda c: write_json(_pairs(c))),
            st.just("[" * 3000 + "]" * 3000),
        )
    )
    signing_input = f"{_b64(header.encode())}.{_b64(payload.encode('utf-8', 'surrogatepass'))}"
    mac = hmac.new(xclade.FIXTURE_SECRET.encode(), signing_input.encode(), hashlib.sha256)
    return f"{signing_input}.{_b64(mac.digest())}"


def _pairs(claims: dict[str, Any]) -> Any:
    from tests.support.hostile import Pairs

    return Pairs(list(claims.items()))


credential_values = st.one_of(
    any_text,
    st.sampled_from(["", " ", "Bearer", "Bearer ", "bearer  x", "Basic abc", "x" * 20_000]),
    any_text.map(lambda t: f"Bearer {t}"),
    st.tuples(any_text, any_text, any_text).map(lambda p: "Bearer " + ".".join(p)),
    jwt_like().map(lambda t: f"Bearer {t}"),
    st.sampled_from([count_requests.FIXTURE_CLIENT_ID, "cli_" + "0" * 200, "cli_\ud800"]),
    # Other spellings of the real credentials (issue 21): never allowed, never VALID.
    st.sampled_from(
        [
            f" {count_requests.FIXTURE_CLIENT_ID}",
            count_requests.FIXTURE_CLIENT_ID.upper(),
            f"{AXIM_TOKEN}\n",
            f"BEARER {AXIM_TOKEN}",
            f"Bearer\t{count_requests.FIXTURE_TOKEN}",
            f"Bearer {count_requests.FIXTURE_TOKEN}\u00a0",
        ]
    ),
    # The real credentials, spelled as clients do: some examples must be allowed.
    st.sampled_from([AXIM_TOKEN, f"Bearer {AXIM_TOKEN}", f" bearer  {AXIM_TOKEN} "]),
    st.sampled_from(
        [f"Bearer {count_requests.FIXTURE_TOKEN}", f"bearer {count_requests.FIXTURE_TOKEN}"]
    ),
    st.builds(lambda: f"Bearer {xclade.token()}"),
)


def _authorizer(api: Api) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    handler: Callable[[dict[str, Any], Any], dict[str, Any]] = importlib.import_module(
        api.authorizer_function.module
    ).lambda_handler
    return handler


def _valid_event(api: Api) -> dict[str, Any]:
    name = next(path.stem for path in sorted((EVENTS / api.name).glob("authorizer-valid*.json")))
    return load(api.name, name)


def _prepare(api: Api) -> None:
    if api.name == "axim":
        seed_axim_token()
    elif api.name == "xclade":
        xclade.install_secret()
    else:
        count_requests.seed_client()
        count_requests.seed_token()


def _real_credential(api: Api, headers: dict[str, str]) -> bool:
    lowered = {k.lower(): v for k, v in headers.items()}
    if api.name == "axim":
        # Its two spellings (issue 21): the token as issued, or exactly `Bearer <token>`.
        return lowered.get("accesstoken") in (AXIM_TOKEN, f"Bearer {AXIM_TOKEN}")
    value = lowered.get("authorization", "").strip()
    scheme, _, token = value.partition(" ")
    try:
        verify(token.strip(), xclade.FIXTURE_SECRET)
    except InvalidToken:
        return False
    return scheme.lower() == "bearer"


@pytest.mark.parametrize("api", api_ids(), ids=str)
def test_any_headers_get_a_policy_or_a_refusal(api: Api, aws: Any, lambda_context: Any) -> None:
    _prepare(api)
    authorize = _authorizer(api)
    base = _valid_event(api)

    @given(
        credentials=st.fixed_dictionaries(
            {},
            optional={name: credential_values for name in CREDENTIAL_HEADERS[api.name]},
        ),
        extras=extra_headers,
        keep_fixture=st.booleans(),
    )
    @example(credentials=VALID_CREDENTIALS[api.name](), extras=[], keep_fixture=True)
    def one_request(
        credentials: dict[str, str], extras: list[tuple[str, str]], keep_fixture: bool
    ) -> None:
        headers = dict(base["headers"]) if keep_fixture else {}
        for name in CREDENTIAL_HEADERS[api.name]:
            for key in [k for k in headers if k.lower() == name.lower()]:
                del headers[key]
        headers.update(credentials)
        headers.update(extras)
        event = {
            **base,
            "headers": headers,
            "multiValueHeaders": {k: [v] for k, v in headers.items()},
        }
        try:
            result = authorize(event, lambda_context)
        except Unauthorized:
            record(f"{api.name} authorizer", 401, schema_ok=True)
            return
        problems = _policy_problems(result)
        effect = result["policyDocument"]["Statement"][0]["Effect"] if not problems else None
        record(f"{api.name} authorizer", 200 if effect == "Allow" else 403, schema_ok=not problems)
        assert problems == [], result
        if api.name == "count":
            _check_count(result, headers)
        elif effect == "Allow":
            assert _real_credential(api, headers), headers

    one_request()


def _policy_problems(result: Any) -> list[str]:
    problems = []
    if not isinstance(result, dict) or not isinstance(result.get("principalId"), str):
        return ["no principalId"]
    statements = result.get("policyDocument", {}).get("Statement", [])
    if len(statements) != 1 or statements[0].get("Effect") not in ("Allow", "Deny"):
        problems.append(f"statement: {statements}")
    for value in (result.get("context") or {}).values():
        if not isinstance(value, str | int | float | bool):
            problems.append(f"context value {value!r} is not a primitive")
    key = result.get("usageIdentifierKey")
    if key is not None and not isinstance(key, str):
        problems.append("usageIdentifierKey is not a string")
    return problems


def _check_count(result: dict[str, Any], headers: dict[str, str]) -> None:
    if result["policyDocument"]["Statement"][0]["Effect"] == "Deny":
        assert "usageIdentifierKey" not in result
        return
    verdict = result["context"]["tokenStatus"]
    lowered = {k.lower(): v for k, v in headers.items()}
    assert lowered["x-client-id"] == count_requests.FIXTURE_CLIENT_ID  # as issued, untrimmed
    if verdict == "VALID":
        assert lowered["authorization"] == f"Bearer {count_requests.FIXTURE_TOKEN}"
        assert result["usageIdentifierKey"] == count_requests.FIXTURE_USAGE_KEY
    else:
        assert result["usageIdentifierKey"] == os.environ["COUNT_REFUSED_USAGE_KEY"]
