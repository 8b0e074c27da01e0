"""COUNT's authorizer on DynamoDB Local: one store call per authorization (the bound of its
Timeout), failures raised (the gateway answers 500), and a revoke or a disable seen at once.

It reads the client and its token in one TransactGetItems and keeps nothing in memory, so a
verdict is as fresh as API Gateway's authorizer cache lets it be (CountAuthorizerCacheTtl).
"""

from __future__ import annotations

from typing import Any

import pytest
from customer_core.auth.tokens import token_hash
from customer_core.domain.errors import StoreUnavailable
from customer_core.store import aws as dynamo
from customer_core.store.clients import ClientStore
from customer_core.store.credentials import token_key

from tests.integration.adapters import ADAPTERS, ApiAdapter
from tests.integration.test_store_faults import (
    OWN_WORK_SECONDS,
    RETRIED,
    configured_attempts,
    function_timeout_seconds,
    worst_case_store_call_seconds,
)
from tests.support import count_requests
from tests.support.events import load, with_headers
from tests.support.lambda_context import LambdaContextStub
from tests.support.store_faults import CANCELLED_BY_CONFLICT, Fault, watched


@pytest.fixture(params=[a for a in ADAPTERS if a.signed], ids=str)
def api(request: pytest.FixtureRequest) -> ApiAdapter:
    """COUNT's adapter: its tables hold the fixture client and token the authorizer reads."""
    adapter: ApiAdapter = request.param
    return adapter


def authorize(**headers: Any) -> dict[str, Any]:
    from count_api.authorizer import lambda_handler

    event = with_headers(load("count", "authorizer-valid"), **headers)
    context: Any = LambdaContextStub()
    result: dict[str, Any] = lambda_handler(event, context)
    return result


def verdict(result: dict[str, Any]) -> str:
    if result["policyDocument"]["Statement"][0]["Effect"] == "Deny":
        return "DENY"
    return str(result["context"]["tokenStatus"])


AUTHORIZER_PATHS = {
    "valid token": ({}, "VALID", ["TransactGetItems"]),
    "unknown token": ({"Authorization": "Bearer unknown"}, "INVALID_TOKEN", ["TransactGetItems"]),
    "unknown client": ({"x-client-id": "cli_unknown"}, "DENY", ["TransactGetItems"]),
    "no Bearer scheme": ({"Authorization": "Basic x"}, "INVALID_TOKEN", ["GetItem"]),
    "not a client id": ({"x-client-id": "no such/id"}, "DENY", []),
}


def test_each_authorizer_path_is_at_most_one_store_call_within_its_timeout(api, tables):
    calls = {}
    for path, (headers, expected, operations) in AUTHORIZER_PATHS.items():
        with watched(dynamo.client()) as attempts:
            assert verdict(authorize(**headers)) == expected, path
        assert [call.operation for call in attempts.calls] == operations, path
        calls[path] = len(attempts.calls)

    worst_case = max(calls.values()) * worst_case_store_call_seconds() + OWN_WORK_SECONDS
    assert worst_case <= function_timeout_seconds("CountAuthorizerFunction") == 10, calls


@pytest.mark.parametrize(
    "fault",
    [*RETRIED.values(), CANCELLED_BY_CONFLICT],
    ids=[*RETRIED.keys(), "TransactionCanceled(TransactionConflict)"],
)
def test_failing_authorizer_read_raises_after_bounded_attempts(api, tables, fault: Fault):
    # Raised, the gateway answers 500: a store failure is never taken for a verdict.
    with (
        watched(dynamo.client(), {"TransactGetItems": fault}) as attempts,
        pytest.raises(StoreUnavailable),
    ):
        authorize()
    retried = fault is not CANCELLED_BY_CONFLICT
    assert attempts.of("TransactGetItems") == (configured_attempts() if retried else 1)


def test_a_revoke_or_a_disable_is_seen_by_the_next_authorization(api, tables):
    # Nothing is kept in the authorizer's memory and the read is strongly consistent: the next
    # verdict API Gateway asks for (at the latest when its cache TTL ends) sees the change.
    assert verdict(authorize()) == "VALID"
    tables.admin.update_item(
        TableName=tables.auth_table,
        Key={"pk": {"S": token_key("count", token_hash(count_requests.FIXTURE_TOKEN))}},
        UpdateExpression="SET revoked = :yes",
        ExpressionAttributeValues={":yes": {"BOOL": True}},
    )
    assert verdict(authorize()) == "TOKEN_REVOKED"

    ClientStore(tables.auth_table).set_disabled(
        "count", count_requests.FIXTURE_CLIENT_ID, disabled=True
    )
    assert verdict(authorize()) == "CLIENT_NOT_ENABLED"
