"""Store faults between the real handler and DynamoDB Local: the answer is the documented one in
the API's shape, nothing is half-written, and retries are bounded inside the function timeout.

Faults come from botocore's event hooks on the functions' real client, or from endpoints that
fail at the socket level; our own code is never patched. The hooks here target the customer
write (the CustomerTable): a signed API's read of the client secret (AuthTable) before it goes
through. Faults on that read, and that API's calls per path, are in test_auth_store_faults.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from customer_core.store import aws as dynamo

from ops import facts
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


def put(tables: Any) -> tuple[str, str]:
    return ("PutItem", tables.customer_table)


def transaction(tables: Any) -> tuple[str, str]:
    return ("TransactWriteItems", tables.customer_table)


CREDENTIAL_KINDS = {"client", "secret", "token"}


def assert_nothing_written(tables: Any) -> None:
    """No customer, no idempotency record, and nothing in the AuthTable but the credentials the
    test seeded (a signed API keeps no record of a signed request apart from its customer)."""
    assert tables.items() == []
    assert {item["kind"]["S"] for item in tables.auth_items()} <= CREDENTIAL_KINDS


# --- the plain create: one conditional PutItem -------------------------------------------------


@pytest.mark.parametrize("fault", RETRIED.values(), ids=RETRIED.keys())
def test_store_failure_on_put_is_500_after_bounded_retries(api, tables, fault: Fault):
    with watched(dynamo.client(), {put(tables): fault}) as attempts:
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.STORE_FAILURE
    assert attempts.of(*put(tables)) == configured_attempts()
    assert_nothing_written(tables)


def test_transaction_conflict_on_put_is_a_conflict_not_retried(api, tables):
    # A PutItem meets an item another request's transaction is writing (DynamoDB answers
    # TransactionConflictException): the client is told to retry, nothing is written.
    with watched(dynamo.client(), {put(tables): TRANSACTION_CONFLICT}) as attempts:
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.CONFLICT
    assert attempts.of(*put(tables)) == 1
    assert_nothing_written(tables)


def test_throttled_once_then_written_once(api, tables):
    with watched(dynamo.client(), {put(tables): THROTTLED}, failing_attempts=1) as attempts:
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.CREATED
    assert attempts.of(*put(tables)) == 2
    (record,) = tables.items()
    assert record["pk"]["S"] == api.customer_key(EMAIL)
    assert record["id"]["S"] == api.created_id(response)


def test_put_applied_but_answer_lost_is_its_own_201_without_idempotency_key(api, tables):
    # The client library's retry meets the item its own first attempt wrote: the failed
    # condition brings that item back, and its id (new per request) says it is this write's own.
    # The customer exists exactly once and the client is told it was created (found by
    # tests/e2e/test_load.py on a loaded machine: 409s whose customers were stored).
    with watched(dynamo.client(), {put(tables): applied_but_response_lost}, failing_attempts=1):
        response = api.invoke(api.event_for(EMAIL))

    (record,) = tables.items()
    assert record["pk"]["S"] == api.customer_key(EMAIL)
    assert api.classify(response) is Outcome.CREATED
    assert record["id"]["S"] == api.created_id(response)


# --- the idempotent create: one TransactWriteItems (customer + response) ------------------------


@pytest.mark.parametrize(
    "fault",
    [THROTTLED, INTERNAL_ERROR, raising(read_timeout)],
    ids=["ProvisionedThroughputExceeded", "InternalServerError", "read timeout"],
)
def test_store_failure_on_transaction_is_500_after_bounded_retries(api, tables, fault: Fault):
    with watched(dynamo.client(), {transaction(tables): fault}) as attempts:
        response = api.invoke(idempotent(api))

    assert api.classify(response) is Outcome.STORE_FAILURE
    assert attempts.of(*transaction(tables)) == configured_attempts()
    assert_nothing_written(tables)


@pytest.mark.parametrize(
    "fault",
    [CANCELLED_BY_CONFLICT, TRANSACTION_CONFLICT],
    ids=["TransactionCanceled(TransactionConflict)", "TransactionConflictException"],
)
def test_conflicting_transaction_is_a_conflict(api, tables, fault: Fault):
    with watched(dynamo.client(), {transaction(tables): fault}) as attempts:
        response = api.invoke(idempotent(api))

    assert api.classify(response) is Outcome.CONFLICT
    assert attempts.of(*transaction(tables)) == 1
    assert_nothing_written(tables)


def test_a_retry_is_replayed_from_the_cancelled_transaction_alone(api, tables):
    first = api.invoke(idempotent(api))
    assert api.classify(first) is Outcome.CREATED

    with watched(dynamo.client()) as attempts:
        retry = api.invoke(idempotent(api))

    # ReturnValuesOnConditionCheckFailure=ALL_OLD: the stored response comes back with the
    # cancellation reason, so the customer table sees one call and no read.
    assert (retry["statusCode"], retry["body"]) == (first["statusCode"], first["body"])
    on_customers = [c for c in attempts.calls if c.table == tables.customer_table]
    assert [c.operation for c in on_customers] == ["TransactWriteItems"]
    assert len(tables.items_with_prefix(api.customer_prefix)) == 1
    assert len(tables.items_with_prefix(api.idempotency_prefix)) == 1


def test_a_failing_retry_is_500_and_keeps_the_one_write(api, tables):
    first = api.invoke(idempotent(api))
    assert api.classify(first) is Outcome.CREATED

    with watched(dynamo.client(), {transaction(tables): THROTTLED}) as attempts:
        retry = api.invoke(idempotent(api))

    assert api.classify(retry) is Outcome.STORE_FAILURE
    assert attempts.of(*transaction(tables)) == configured_attempts()
    assert len(tables.items_with_prefix(api.customer_prefix)) == 1
    assert len(tables.items_with_prefix(api.idempotency_prefix)) == 1


def test_transaction_applied_but_answer_lost_replays_the_first_response(api, tables):
    with watched(
        dynamo.client(), {transaction(tables): applied_but_response_lost}, failing_attempts=1
    ) as attempts:
        response = api.invoke(idempotent(api))

    # The retry's transaction is cancelled by the first attempt's own items; the stored
    # response comes back with the cancellation and is replayed.
    assert api.classify(response) is Outcome.CREATED
    assert attempts.of(*transaction(tables)) == 2
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

    # The first store call fails (a signed API's is the secret read, which a fresh environment
    # makes): no further call is made.
    assert api.classify(response) is Outcome.STORE_FAILURE
    assert endpoint.connections == configured_attempts()  # one connection per attempt
    assert_nothing_written(tables)


def test_endpoint_refusing_connections_is_500(api, tables, monkeypatch):
    _use_endpoint(monkeypatch, closed_port_url())
    with watched(dynamo.client()) as attempts:
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.STORE_FAILURE
    (first_call,) = attempts.calls
    assert attempts.of(first_call.operation) == configured_attempts() == len(attempts.sent)
    assert_nothing_written(tables)


# --- the bound: the worst case of the longest request path fits in the function timeout -------

# API Gateway's integration timeout (REST APIs, default): a function answering later is not heard.
API_GATEWAY_LIMIT_SECONDS = 29
# The function's own work on a request besides waiting for the store: parsing, validation, and
# the import of boto3 at the first store call (0.5-0.6 s measured by `make bench`).
OWN_WORK_SECONDS = 1.0


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


def store_calls_per_path(api: ApiAdapter) -> dict[str, int]:
    """The store calls our code makes on each path a create can take, counted by the hooks, the
    first in a fresh execution environment (a signed API then reads the client secret; its other
    paths, a replay and a rotated secret included, are counted in test_auth_store_faults.py)."""
    paths = {
        "create": (lambda: api.event_for(EMAIL), Outcome.CREATED),
        "duplicate": (lambda: api.event_for(EMAIL), Outcome.DUPLICATE),
        "idempotent create": (lambda: api.with_idempotency_key(api.event_for("i@x.io"), "k"), None),
        "idempotent retry": (lambda: api.with_idempotency_key(api.event_for("i@x.io"), "k"), None),
    }
    counted = {}
    for path, (event, expected) in paths.items():
        with watched(dynamo.client()) as attempts:
            outcome = api.classify(api.invoke(event()))
        assert outcome is (expected or Outcome.CREATED), path
        counted[path] = len(attempts.calls)
    return counted


def test_worst_case_of_the_longest_path_fits_in_the_function_timeout(api, tables):
    calls = store_calls_per_path(api)
    longest = max(calls.values())
    worst_case = longest * worst_case_store_call_seconds() + OWN_WORK_SECONDS
    timeout = function_timeout_seconds(api.function_logical_id)

    assert worst_case <= timeout <= API_GATEWAY_LIMIT_SECONDS, (
        f"{calls}: {longest} store calls x {worst_case_store_call_seconds()} s "
        f"+ {OWN_WORK_SECONDS} s = {worst_case} s; timeout {timeout} s"
    )
    # Each API's longest path, as it declares it (ops/<api>/__init__.py FACTS) and the README and
    # template.yaml state it.
    assert longest == facts.of(api.name).store_calls, calls
