"""Store faults between the real handler and DynamoDB Local: the answer is the documented one in
the API's shape, nothing is half-written, and retries are bounded inside the function timeout.

Faults come from botocore's event hooks on the functions' real client, or from endpoints that
fail at the socket level; our own code is never patched.
"""

from __future__ import annotations

from typing import Any

import pytest
from customer_core import dynamo

from tests.integration.adapters import ApiAdapter, Outcome
from tests.support.cfn import resource, template
from tests.support.store_faults import (
    CANCELLED_BY_CONFLICT,
    INTERNAL_ERROR,
    THROTTLED,
    THROTTLING,
    TRANSACTION_CONFLICT,
    Fault,
    applied_but_response_lost,
    closed_port_url,
    connect_timeout,
    failing_endpoint,
    no_connection,
    raising,
    read_timeout,
    watched,
)

EMAIL = "fault.case@example.com"
IDEMPOTENCY_KEY = "fault-key-0001"

# botocore's standard retry mode sleeps rand(0, 1) x min(2 ** i, 20) s before retry i + 1.
STANDARD_MODE_BACKOFF_BASE = 2
STANDARD_MODE_MAX_BACKOFF_SECONDS = 20

RETRIED = {
    "ProvisionedThroughputExceeded": THROTTLED,
    "ThrottlingException": THROTTLING,
    "InternalServerError": INTERNAL_ERROR,
    "read timeout": raising(read_timeout),
    "connect timeout": raising(connect_timeout),
    "no connection": raising(no_connection),
}


def configured_attempts() -> int:
    config: Any = dynamo.client().meta.config
    retries = config.retries
    assert retries["mode"] == "standard"
    attempts: int = retries["total_max_attempts"]
    return attempts


def idempotent(api: ApiAdapter) -> dict[str, Any]:
    return api.with_idempotency_key(api.event_for(EMAIL), IDEMPOTENCY_KEY)


def assert_nothing_written(tables: Any) -> None:
    assert tables.items() == []


# --- the plain create: one conditional PutItem -------------------------------------------------


@pytest.mark.parametrize("fault", RETRIED.values(), ids=RETRIED.keys())
def test_store_failure_on_put_is_500_after_bounded_retries(api, tables, fault: Fault):
    with watched(dynamo.client(), {"PutItem": fault}) as attempts:
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.STORE_FAILURE
    assert attempts.of("PutItem") == configured_attempts()
    assert_nothing_written(tables)


def test_transaction_conflict_on_put_is_a_conflict_not_retried(api, tables):
    # A PutItem meets an item another request's transaction is writing (DynamoDB answers
    # TransactionConflictException): the client is told to retry, nothing is written.
    with watched(dynamo.client(), {"PutItem": TRANSACTION_CONFLICT}) as attempts:
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.CONFLICT
    assert attempts.of("PutItem") == 1
    assert_nothing_written(tables)


def test_throttled_once_then_written_once(api, tables):
    with watched(dynamo.client(), {"PutItem": THROTTLED}, failing_attempts=1) as attempts:
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.CREATED
    assert attempts.of("PutItem") == 2
    (record,) = tables.items()
    assert record["pk"]["S"] == api.customer_key(EMAIL)
    assert record["id"]["S"] == api.created_id(response)


def test_put_applied_but_answer_lost_is_reported_as_duplicate_without_idempotency_key(api, tables):
    # The documented limit of a create without Idempotency-Key: the retry meets the item its own
    # first attempt wrote. The customer exists exactly once; the client is told it exists.
    with watched(dynamo.client(), {"PutItem": applied_but_response_lost}, failing_attempts=1):
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.DUPLICATE
    (record,) = tables.items()
    assert record["pk"]["S"] == api.customer_key(EMAIL)


# --- the idempotent create: TransactWriteItems (customer + response), then maybe a GetItem ------


@pytest.mark.parametrize(
    "fault",
    [THROTTLED, INTERNAL_ERROR, raising(read_timeout)],
    ids=["ProvisionedThroughputExceeded", "InternalServerError", "read timeout"],
)
def test_store_failure_on_transaction_is_500_after_bounded_retries(api, tables, fault: Fault):
    with watched(dynamo.client(), {"TransactWriteItems": fault}) as attempts:
        response = api.invoke(idempotent(api))

    assert api.classify(response) is Outcome.STORE_FAILURE
    assert attempts.of("TransactWriteItems") == configured_attempts()
    assert_nothing_written(tables)


@pytest.mark.parametrize(
    "fault",
    [CANCELLED_BY_CONFLICT, TRANSACTION_CONFLICT],
    ids=["TransactionCanceled(TransactionConflict)", "TransactionConflictException"],
)
def test_conflicting_transaction_is_a_conflict(api, tables, fault: Fault):
    with watched(dynamo.client(), {"TransactWriteItems": fault}) as attempts:
        response = api.invoke(idempotent(api))

    assert api.classify(response) is Outcome.CONFLICT
    assert attempts.of("TransactWriteItems") == 1
    assert_nothing_written(tables)


def test_replay_read_failure_is_500_and_keeps_the_one_write(api, tables):
    first = api.invoke(idempotent(api))
    assert api.classify(first) is Outcome.CREATED

    with watched(dynamo.client(), {"GetItem": THROTTLED}) as attempts:
        retry = api.invoke(idempotent(api))

    assert api.classify(retry) is Outcome.STORE_FAILURE
    assert attempts.of("GetItem") == configured_attempts()
    assert len(tables.items_with_prefix(api.customer_prefix)) == 1
    assert len(tables.items_with_prefix(api.idempotency_prefix)) == 1


def test_transaction_applied_but_answer_lost_replays_the_first_response(api, tables):
    with watched(
        dynamo.client(), {"TransactWriteItems": applied_but_response_lost}, failing_attempts=1
    ) as attempts:
        response = api.invoke(idempotent(api))

    # The retry's transaction is cancelled by the first attempt's own items; the stored
    # response is read back and replayed.
    assert api.classify(response) is Outcome.CREATED
    assert attempts.of("TransactWriteItems") == 2
    (customer,) = tables.items_with_prefix(api.customer_prefix)
    assert customer["id"]["S"] == api.created_id(response)
    (stored,) = tables.items_with_prefix(api.idempotency_prefix)
    assert stored["body"]["S"] == response["body"]


# --- endpoints that fail at the socket --------------------------------------------------------


def _use_endpoint(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", url)
    dynamo.service_client.cache_clear()


@pytest.mark.parametrize(
    "close_at_once", [False, True], ids=["never answers (read timeout)", "closes at once"]
)
def test_failing_endpoint_is_500_after_bounded_attempts(api, tables, monkeypatch, close_at_once):
    with failing_endpoint(close_at_once=close_at_once) as endpoint:
        _use_endpoint(monkeypatch, endpoint.url)
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.STORE_FAILURE
    assert endpoint.connections == configured_attempts()  # one connection per attempt
    assert_nothing_written(tables)


def test_endpoint_refusing_connections_is_500(api, tables, monkeypatch):
    _use_endpoint(monkeypatch, closed_port_url())
    with watched(dynamo.client()) as attempts:
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.STORE_FAILURE
    assert attempts.of("PutItem") == configured_attempts()
    assert_nothing_written(tables)


# --- the bound: the worst case of the longest request path fits in the function timeout -------


def function_timeout_seconds(logical_id: str) -> float:
    properties = resource(logical_id)["Properties"]
    timeout = properties.get("Timeout", template()["Globals"]["Function"]["Timeout"])
    return float(timeout)


def worst_case_store_call_seconds() -> float:
    """Every attempt waits out its connect and read timeouts, every backoff is its maximum."""
    config: Any = dynamo.client().meta.config
    attempts = configured_attempts()
    per_attempt = config.connect_timeout + config.read_timeout
    backoff = sum(
        min(STANDARD_MODE_BACKOFF_BASE**retry, STANDARD_MODE_MAX_BACKOFF_SECONDS)
        for retry in range(attempts - 1)
    )
    return float(attempts * per_attempt + backoff)


def test_worst_case_of_the_longest_path_fits_in_the_function_timeout(api, tables):
    # The longest path: an idempotent retry (a cancelled transaction, then the stored response
    # read back). Its store calls are counted, not assumed.
    assert api.classify(api.invoke(idempotent(api))) is Outcome.CREATED
    with watched(dynamo.client()) as attempts:
        assert api.classify(api.invoke(idempotent(api))) is Outcome.CREATED
    store_calls = len(attempts.calls)

    worst_case = store_calls * worst_case_store_call_seconds()

    assert worst_case < function_timeout_seconds(api.function_logical_id), (
        f"{store_calls} store calls x {worst_case_store_call_seconds()} s = {worst_case} s"
    )
