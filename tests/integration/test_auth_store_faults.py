"""COUNT's create on DynamoDB Local: the store calls of each path (the longest bounds its
Timeout, test_store_faults.py), and faults on the read of the client secret.

The function reads the client secret only when it keeps none (a fresh environment, or after
COUNT_SECRET_MAX_AGE_SECONDS) or to check a request that a kept secret does not verify; the
customer write itself refuses a replay. Faults target only the call under test. The
authorizer's calls: test_count_authorizer_store.py.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from customer_core.store import aws as dynamo
from customer_core.store.clients import ClientStore

from tests.integration.adapters import ADAPTERS, ApiAdapter, Outcome
from tests.integration.test_store_faults import (
    RETRIED,
    configured_attempts,
)
from tests.support import count_requests
from tests.support.store_faults import Fault, watched

EMAIL = "auth.fault@example.com"


@pytest.fixture(params=[a for a in ADAPTERS if a.signed], ids=str)
def api(request: pytest.FixtureRequest) -> ApiAdapter:
    adapter: ApiAdapter = request.param
    return adapter


def calls_of(api: ApiAdapter, tables: Any, event: dict[str, Any]) -> tuple[Any, list[tuple]]:
    with watched(dynamo.client()) as attempts:
        response = api.invoke(event)
    names = {tables.auth_table: "auth", tables.customer_table: "customers"}
    return response, [(call.operation, names[call.table]) for call in attempts.calls]


def code_of(response: dict[str, Any]) -> tuple[int, str | None]:
    return response["statusCode"], json.loads(response["body"]).get("code")


def test_a_warm_create_is_one_store_call_and_a_cold_one_two(api, tables):
    cold, cold_calls = calls_of(api, tables, api.event_for("cold@example.com"))
    warm, warm_calls = calls_of(api, tables, api.event_for("warm@example.com"))

    assert api.classify(cold) is api.classify(warm) is Outcome.CREATED
    assert cold_calls == [("GetItem", "auth"), ("PutItem", "customers")]
    assert warm_calls == [("PutItem", "customers")]


def test_a_copy_of_a_served_request_is_refused_by_the_write_alone(api, tables):
    event = api.event_for(EMAIL)
    assert api.classify(api.invoke(event)) is Outcome.CREATED
    stored = tables.items()

    copy, copy_calls = calls_of(api, tables, event)

    assert code_of(copy) == (401, "REPLAYED_REQUEST")
    assert copy_calls == [("PutItem", "customers")]
    assert tables.items() == stored


def test_a_request_signed_with_a_rotated_secret_reads_it_once(api, tables):
    assert api.classify(api.invoke(api.event_for("kept@example.com"))) is Outcome.CREATED
    ClientStore(os.environ["AUTH_TABLE_NAME"]).replace_secret(
        "count", count_requests.FIXTURE_CLIENT_ID, "rotated-secret"
    )
    event = api.sample_event()
    event = count_requests.signed_now(event, secret="rotated-secret")

    response, calls = calls_of(api, tables, event)

    assert api.classify(response) is Outcome.CREATED
    assert calls == [("GetItem", "auth"), ("PutItem", "customers")]


@pytest.mark.parametrize("fault", RETRIED.values(), ids=RETRIED.keys())
def test_failing_secret_read_is_500_and_nothing_is_written(api, tables, fault: Fault):
    with watched(dynamo.client(), {("GetItem", tables.auth_table): fault}) as attempts:
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.STORE_FAILURE
    assert attempts.of("GetItem", tables.auth_table) == configured_attempts()
    assert len(attempts.sent) == configured_attempts()  # nothing after the failed call
    assert tables.items() == []
