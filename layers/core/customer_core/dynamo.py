"""The only place that creates AWS clients: timeouts and retries are set here, once.

boto3 is imported on first use, not at import time, so a cold start pays for it only when the
first request reaches the store.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient

# A store call is one small item: tens of milliseconds on DynamoDB, so these limits only cut
# off a broken connection. Worst case of one call: 3 attempts x (0.5 s connect + 1.5 s read),
# plus standard-mode backoff of at most 1 + 2 s = 9 s. The longest request path makes 3 calls
# (COUNT: client secret, replay record, customer write; an idempotent retry is answered by the
# cancelled transaction itself, so Axim and xclade make 1): 27 s, plus the function's own work,
# inside the function timeout (template.yaml Globals: 28 s) and API Gateway's 29 s.
# tests/integration/test_store_faults.py computes this bound from this client and counts the
# calls of every path with botocore's hooks.
CONNECT_TIMEOUT_SECONDS = 0.5
READ_TIMEOUT_SECONDS = 1.5
MAX_ATTEMPTS = 3


@cache
def service_client(service: str) -> Any:
    """The one client per AWS service and process, all with the same bounded timeouts and retries.

    The stubs type each service's client; callers cast to the one they asked for.
    """
    import boto3
    from botocore.config import Config

    config = Config(
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
        tcp_keepalive=True,
    )
    make_client: Any = boto3.client
    return make_client(service, config=config)


def client() -> DynamoDBClient:
    return cast("DynamoDBClient", service_client("dynamodb"))


def table_name(variable: str) -> str:
    name = os.environ.get(variable)
    if not name:
        raise RuntimeError(f"environment variable {variable} is not set")
    return name


def to_item(values: dict[str, Any]) -> dict[str, Any]:
    """Plain Python values to DynamoDB attribute values (None values are left out)."""
    from boto3.dynamodb.types import TypeSerializer

    serializer = TypeSerializer()
    return {key: serializer.serialize(value) for key, value in values.items() if value is not None}


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    from boto3.dynamodb.types import TypeDeserializer

    deserializer = TypeDeserializer()
    return {key: deserializer.deserialize(value) for key, value in item.items()}


def error_code(error: Exception) -> str | None:
    """The AWS error code of a botocore ClientError, else None."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code else None
    return None
