"""The only place that creates AWS clients (timeouts and retries are set here, once), and the
conversion between plain values and DynamoDB attribute values.

Each function makes its clients while Lambda initialises it (`clients_at_init`, called by the
handler modules), not at its first request. Measured by `make bench` (docs/performance.md): an
on-demand cold start pays the same either way, but init is what provisioned concurrency and
SnapStart run before any request, so there the first request no longer pays boto3's ~200 ms.
`STORE_CLIENTS_AT=first-request` restores the other placement (the bench measures both).

Clients come from botocore itself, not boto3: boto3's package (its resource layer, s3transfer
and multiprocessing with it) adds ~25 ms of CPU to every cold start and gives us nothing a
client does not, so attribute values are converted here too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from customer_core.domain.errors import StoreUnavailable

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient

# A store call is one small item: tens of milliseconds on DynamoDB, so these limits only cut
# off a broken connection. Worst case of one call: 3 attempts x (0.5 s connect + 1.5 s read),
# plus standard-mode backoff of at most 1 + 2 s = 9 s. Each function's Timeout in template.yaml is
# its number of store calls x 9 s + 1 s (10 s for one call, 19 s for two, 28 s for COUNT's create
# with three: client secret, replay record, customer write), all under API Gateway's 29 s.
# tests/integration/test_store_faults.py computes this bound from this client and counts the
# calls of every path with botocore's hooks.
CONNECT_TIMEOUT_SECONDS = 0.5
READ_TIMEOUT_SECONDS = 1.5
MAX_ATTEMPTS = 3
# The AWS operations called through these clients, by the functions and by the operator commands
# (python -m ops), per service. The botocore data the clients are made from (botocore_data/,
# written from this mapping by `python -m ops botocore-data`) holds only these operations:
# tests/unit/test_store_operations.py fails when the code calls an operation not listed here.
OPERATIONS: Mapping[str, tuple[str, ...]] = {
    "dynamodb": ("GetItem", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems"),
    "secretsmanager": ("GetSecretValue",),
    # The customer-events publisher (customer_core.store.bus).
    "events": ("PutEvents",),
}
BOTOCORE_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "botocore_data")
# Not a setting that template.yaml gives: an override for measuring the other placement (and for
# an operator who wants it), read where the clients are made.
CLIENTS_AT_VARIABLE = "STORE_CLIENTS_AT"


@cache
def service_client(service: str) -> Any:
    """The one client per AWS service and process, all with the same bounded timeouts and retries.

    The stubs type each service's client; callers cast to the one they asked for.
    """
    return _session().create_client(service, config=client_config())


def client_config() -> Any:
    """The timeouts and retries of every client (a botocore Config)."""
    from botocore.config import Config

    return Config(
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
        tcp_keepalive=True,
        # Every request is built here from typed values and validated again by the service
        # (a malformed one is a ClientError, answered as StoreUnavailable like any store
        # failure); botocore's own pass over the parameters cost ~35 µs of each store call
        # (`make bench`, docs/performance.md).
        parameter_validation=False,
    )


@cache
def _session() -> Any:
    """One botocore session for every client: the second client of a function (xclade's
    authorizer has two) reuses what the first loaded (endpoints, partitions, defaults), ~6 ms
    instead of ~75 ms of its cold start (`make bench`).

    Its clients are made from botocore_data/, botocore's own data cut to OPERATIONS (~40 ms of
    CPU less per cold start); a client that data cannot make (another botocore version in
    Lambda's runtime, a service we do not ship) comes from botocore's full data instead
    (customer_core/store/session.py says what is cut, why it is safe, and the fallback)."""
    return trimmed_session()


def trimmed_session(data_path: str = BOTOCORE_DATA) -> Any:
    """A new session like the one the clients are made from (tests compare it with botocore's)."""
    from customer_core.store.session import TrimmedSession

    return TrimmedSession(data_path, OPERATIONS)


def clients_at_init(*services: str) -> None:
    """Make the function's clients now, during Lambda's init (no network: a client connects on
    its first call), unless STORE_CLIENTS_AT=first-request."""
    if os.environ.get(CLIENTS_AT_VARIABLE, "init") == "first-request":
        return
    for service in services:
        service_client(service)
    # The rest of what the first store call imports.
    import botocore.exceptions  # noqa: F401


def client() -> DynamoDBClient:
    return cast("DynamoDBClient", service_client("dynamodb"))


def to_item(values: dict[str, Any]) -> dict[str, Any]:
    """Plain Python values to DynamoDB attribute values (None values are left out)."""
    return {key: to_value(value) for key, value in values.items() if value is not None}


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB attribute values to Python values (numbers as Decimal, as boto3 gives them)."""
    return {key: from_value(value) for key, value in item.items()}


def to_value(value: Any) -> dict[str, Any]:
    """The types our items hold; floats are refused (inexact), as boto3 refuses them."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            raise TypeError(f"{value} cannot be stored in DynamoDB")
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, bytes):
        return {"B": value}
    if isinstance(value, Mapping):
        return {"M": {str(key): to_value(item) for key, item in value.items()}}
    if isinstance(value, list | tuple):
        return {"L": [to_value(item) for item in value]}
    raise TypeError(f"{type(value).__name__} cannot be stored in DynamoDB")


def from_value(value: Mapping[str, Any]) -> Any:
    ((kind, content),) = value.items()
    if kind in {"S", "B", "BOOL"}:
        return content
    if kind == "N":
        return Decimal(content)
    if kind == "NULL":
        return None
    if kind == "M":
        return {key: from_value(item) for key, item in content.items()}
    if kind == "L":
        return [from_value(item) for item in content]
    if kind == "SS" or kind == "BS":
        return set(content)
    if kind == "NS":
        return {Decimal(number) for number in content}
    raise TypeError(f"unknown DynamoDB attribute type {kind}")


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
    from botocore.exceptions import BotoCoreError, ClientError

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
