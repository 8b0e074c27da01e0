"""The only place that creates AWS clients (timeouts, retries and parameter validation are set
here, once), and the conversion between plain values and DynamoDB attribute values.

Clients come from boto3's documented client API (`boto3.client`, one shared default session), one
per service and process, made while Lambda initialises the function (`clients_at_init`, called by
each handler module): init is what provisioned concurrency and SnapStart run ahead of any request,
and on an on-demand cold start it costs the same as making them at the first request
(docs/performance.md). The layer ships the pinned boto3 and botocore, so the SDK a test runs is
the one deployed (layers/core/requirements.txt).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, cast

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from customer_core.domain.errors import StoreUnavailable

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient

# A store call is one small item: tens of milliseconds on DynamoDB, so these limits only cut
# off a broken connection. Worst case of one call: 3 attempts x (0.5 s connect + 1.5 s read),
# plus standard-mode backoff of at most 1 + 2 s = 9 s. Each function's Timeout in template.yaml is
# its number of store calls x 9 s + 1 s (10 s for one call, 19 s for two: COUNT's create when it
# reads the client secret before the customer write), all under API Gateway's 29 s.
# tests/integration/test_store_faults.py computes this bound from this client and counts the
# calls of every path with botocore's hooks.
CONNECT_TIMEOUT_SECONDS = 0.5
READ_TIMEOUT_SECONDS = 1.5
MAX_ATTEMPTS = 3

_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()


@cache
def service_client(service: str) -> Any:
    """The one client per AWS service and process, all with the same bounded timeouts and retries.

    The stubs type each service's client; callers cast to the one they asked for.
    """
    # boto3-stubs type a client per literal service name; this accessor serves any of them.
    return boto3.client(service, config=client_config())  # type: ignore[call-overload]


def client_config() -> Config:
    """The timeouts, retries and parameter validation of every client."""
    return Config(
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
        tcp_keepalive=True,
        # Off: every request is built here from typed values and validated again by the service
        # (a malformed one is a ClientError, answered as StoreUnavailable like any store failure,
        # as botocore's ParamValidationError would be); botocore's own pass over the parameters
        # costs ~25-65 µs of CPU per store call, measured with the store answered at the wire.
        parameter_validation=False,
    )


def clients_at_init(*services: str) -> None:
    """Make the function's clients now, during Lambda's init (no network: a client connects on
    its first call)."""
    for service in services:
        service_client(service)


def client() -> DynamoDBClient:
    return cast("DynamoDBClient", service_client("dynamodb"))


def to_item(values: dict[str, Any]) -> dict[str, Any]:
    """Plain Python values to DynamoDB attribute values by boto3's TypeSerializer, None values
    left out (an absent attribute, where the serializer would store NULL). Floats are refused
    (inexact), as the serializer refuses them."""
    return {key: _SERIALIZER.serialize(value) for key, value in values.items() if value is not None}


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB attribute values to Python values by boto3's TypeDeserializer (numbers as
    Decimal)."""
    return {key: _DESERIALIZER.deserialize(value) for key, value in item.items()}


def error_code(error: Exception) -> str | None:
    """The AWS error code of a botocore ClientError, else None."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code else None
    return None


def unavailable(error: Exception) -> StoreUnavailable:
    """The store failure a client error stands for, naming its AWS error code (or, for a
    connection or timeout failure, the client exception's class) as the cause for the logs."""
    return StoreUnavailable(error_code(error) or type(error).__name__)


@contextmanager
def failures_as_unavailable() -> Iterator[None]:
    """Any AWS client failure inside the block becomes StoreUnavailable."""
    try:
        yield
    except (ClientError, BotoCoreError) as error:
        raise unavailable(error) from error


def get_item(table: str, key: str, *, projection: str | None = None) -> dict[str, Any] | None:
    """The item under `pk = key` as plain values, None when there is none."""
    request: dict[str, Any] = {"TableName": table, "Key": {"pk": {"S": key}}}
    if projection is not None:
        request["ProjectionExpression"] = projection
    with failures_as_unavailable():
        result = client().get_item(**request)
    return from_item(result["Item"]) if "Item" in result else None
