"""Generated: whatever headers a client sends, every API's authorizer answers with a policy or
its refusal (API Gateway's 401/403), never with an exception, which API Gateway turns into 500.

Headers of any name, letter case and value (huge, every Unicode category with lone surrogates,
`Bearer` with garbage, JWT-shaped strings, and JWTs signed with a fixture's real key whose
claims are arbitrary JSON: NaN, huge numbers, wrong types, deep nesting). Properties: the answer
is Unauthorized or a well-formed policy, and what each API allows is what its own authorizer
tests say it allows (`check_generated` in tests/unit/test_<api>_authorizer.py).

Each API's credential headers, its fixtures' credentials and how a client presents them are its
declared facts (ops/<api>/__init__.py FACTS).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import os
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from customer_core.http.authorizer import Unauthorized
from customer_core.store import secrets as secret_store
from hypothesis import example, given
from hypothesis import strategies as st

from ops import apis, facts
from ops.apis import Api
from tests.support.events import EVENTS, load
from tests.support.generated import api_ids, record
from tests.support.hostile import any_text, extra_headers, json_trees, write_json

FIXTURE_CREDENTIALS = sorted(
    {value for api in apis.names() for value in facts.of(api).fixture_credentials.values()}
)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@st.composite
def jwt_like(draw: st.DrawFn) -> str:
    """A JWT signed with a fixture's real key over arbitrary JSON claims (or a broken one)."""
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
    key = draw(st.sampled_from(FIXTURE_CREDENTIALS))
    mac = hmac.new(key.encode(), signing_input.encode(), hashlib.sha256)
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
    st.sampled_from(["cli_" + "0" * 200, "cli_\ud800"]),
    # Other spellings of the real credentials (issue 21): never allowed, never VALID.
    st.sampled_from(FIXTURE_CREDENTIALS).flatmap(
        lambda c: st.sampled_from(
            [f" {c}", c.upper(), f"{c}\n", f"BEARER {c}", f"Bearer\t{c}", f"Bearer {c}\u00a0"]
        )
    ),
    # The real credentials, spelled as clients do: some examples must be allowed.
    st.sampled_from(FIXTURE_CREDENTIALS).flatmap(
        lambda c: st.sampled_from([c, f"Bearer {c}", f"bearer {c}", f" bearer  {c} "])
    ),
    st.sampled_from(apis.names())
    .map(lambda api: st.sampled_from(list(facts.of(api).fixture_headers().values())))
    .flatmap(lambda values: values),
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
    """The fixtures' credentials where the authorizer looks for them (moto)."""
    facts.of(api.name).seed_fixture_credentials()
    for variable, value in facts.of(api.name).fixture_secrets.items():
        boto3.client("secretsmanager", region_name="us-east-1").create_secret(
            Name=os.environ[variable], SecretString=value
        )
    secret_store.forget()


def _oracle(api: Api) -> Callable[[dict[str, Any], dict[str, str]], None]:
    """What the API's own authorizer tests say a policy may be for these headers."""
    module = importlib.import_module(f"tests.unit.test_{api.name}_authorizer")
    check: Callable[[dict[str, Any], dict[str, str]], None] = module.check_generated
    return check


@pytest.mark.parametrize("api", api_ids(), ids=str)
def test_any_headers_get_a_policy_or_a_refusal(api: Api, aws: Any, lambda_context: Any) -> None:
    _prepare(api)
    authorize = _authorizer(api)
    check = _oracle(api)
    base = _valid_event(api)

    @given(
        credentials=st.fixed_dictionaries(
            {},
            optional={name: credential_values for name in facts.of(api.name).credential_headers},
        ),
        extras=extra_headers,
        keep_fixture=st.booleans(),
    )
    @example(credentials=facts.of(api.name).fixture_headers(), extras=[], keep_fixture=True)
    def one_request(
        credentials: dict[str, str], extras: list[tuple[str, str]], keep_fixture: bool
    ) -> None:
        headers = dict(base["headers"]) if keep_fixture else {}
        for name in facts.of(api.name).credential_headers:
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
        check(result, headers)

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
