"""Store faults injected between our code and DynamoDB, never by patching our own functions.

Two ways in:
- botocore's own event hooks on the real client (`before-send.dynamodb.<Operation>`): a hook
  sees every attempt (retries included) and may answer it with an error response as DynamoDB
  would send it, or raise the exception the HTTP layer would raise;
- failing endpoints: local sockets that accept and never answer, or close at once.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders
from botocore.exceptions import (
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

# What a hook does with one attempt: answer it (AWSResponse), raise, or let it through (None).
Fault = Callable[[AWSPreparedRequest], AWSResponse | None]

_ERROR_TYPE_PREFIX = "com.amazonaws.dynamodb.v20120810#"


class _RawBody:
    """The `raw` object AWSResponse reads its content from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def error_response(status: int, code: str, message: str, **fields: Any) -> Fault:
    """DynamoDB's JSON error response (`__type`, `message`, modelled fields) for every attempt."""
    body = json.dumps({"__type": _ERROR_TYPE_PREFIX + code, "message": message, **fields})

    def answer(request: AWSPreparedRequest) -> AWSResponse:
        headers = HTTPHeaders()
        headers["Content-Type"] = "application/x-amz-json-1.0"
        headers["x-amzn-RequestId"] = "INJECTED0000000000000000000000000000000000000000000"
        return AWSResponse(request.url, status, headers, _RawBody(body.encode()))

    return answer


def raising(error: Callable[[str], Exception]) -> Fault:
    """Raise what the HTTP layer raises (read/connect timeout, no connection) for an attempt."""

    def fail(request: AWSPreparedRequest) -> AWSResponse | None:
        raise error(request.url)

    return fail


def read_timeout(url: str) -> Exception:
    return ReadTimeoutError(endpoint_url=url)


def connect_timeout(url: str) -> Exception:
    return ConnectTimeoutError(endpoint_url=url)


def no_connection(url: str) -> Exception:
    return EndpointConnectionError(endpoint_url=url)


def applied_but_response_lost(request: AWSPreparedRequest) -> AWSResponse | None:
    """The request reaches DynamoDB and is applied, but its answer never arrives (read timeout)."""
    from botocore.httpsession import URLLib3Session

    session = URLLib3Session()
    try:
        session.send(request)
    finally:
        session.close()
    raise ReadTimeoutError(endpoint_url=request.url)


THROTTLED = error_response(
    400,
    "ProvisionedThroughputExceededException",
    "The level of configured provisioned throughput for the table was exceeded.",
)
THROTTLING = error_response(400, "ThrottlingException", "Rate of requests exceeds the allowed.")
INTERNAL_ERROR = error_response(500, "InternalServerError", "Internal server error")
TRANSACTION_CONFLICT = error_response(
    400,
    "TransactionConflictException",
    "Transaction is ongoing for the item",
)
CANCELLED_BY_CONFLICT = error_response(
    400,
    "TransactionCanceledException",
    "Transaction cancelled, please refer cancellation reasons for specific reasons "
    "[None, TransactionConflict]",
    CancellationReasons=[
        {"Code": "None"},
        {"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"},
    ],
)


# Where a fault applies: an operation on any table ("PutItem"), or on one table only
# (("PutItem", "<table name>")) — a signed API writes to two tables on one request.
Target = str | tuple[str, str]


@dataclass(frozen=True)
class StoreCall:
    operation: str
    table: str | None  # for TransactWriteItems, the table of its first item


@dataclass
class Attempts:
    """What the client did: API calls made by our code, and attempts sent (retries included)."""

    calls: list[StoreCall] = field(default_factory=list)
    sent: list[StoreCall] = field(default_factory=list)

    def of(self, operation: str, table: str | None = None) -> int:
        """Attempts sent of `operation` (on `table` only, if given)."""
        return sum(
            1
            for attempt in self.sent
            if attempt.operation == operation and table in (None, attempt.table)
        )

    @property
    def operations(self) -> list[str]:
        return [attempt.operation for attempt in self.sent]


def _table_of(params: dict[str, Any]) -> str | None:
    if "TableName" in params:
        return str(params["TableName"])
    for item in params.get("TransactItems", []):
        for action in item.values():
            return str(action["TableName"])
    return None


def _matches(target: Target, call: StoreCall) -> bool:
    if isinstance(target, str):
        return target == call.operation
    return target == (call.operation, call.table)


@contextmanager
def watched(
    client: Any, faults: dict[Target, Fault] | None = None, *, failing_attempts: int | None = None
) -> Iterator[Attempts]:
    """Count the client's calls and attempts; answer those of each fault's target with it.

    With `failing_attempts`, only the first N attempts of each faulty target fail and the rest
    reach DynamoDB.
    """
    faults = faults or {}
    attempts = Attempts()
    failed: dict[Target, int] = {}
    lock = threading.Lock()

    def on_call(event_name: str, params: dict[str, Any], **_: Any) -> None:
        with lock:
            attempts.calls.append(StoreCall(event_name.rsplit(".", 1)[-1], _table_of(params)))

    def on_send(request: AWSPreparedRequest, event_name: str, **_: Any) -> AWSResponse | None:
        body = request.body if isinstance(request.body, bytes | str) and request.body else "{}"
        call = StoreCall(event_name.rsplit(".", 1)[-1], _table_of(json.loads(body)))
        with lock:
            attempts.sent.append(call)
            target = next((t for t in faults if _matches(t, call)), None)
            if target is None:
                return None
            failed[target] = failed.get(target, 0) + 1
            if failing_attempts is not None and failed[target] > failing_attempts:
                return None
        return faults[target](request)

    events = client.meta.events
    events.register("before-parameter-build.dynamodb", on_call)
    events.register("before-send.dynamodb", on_send)
    try:
        yield attempts
    finally:
        events.unregister("before-send.dynamodb", on_send)
        events.unregister("before-parameter-build.dynamodb", on_call)


@dataclass
class FailingEndpoint:
    """A local TCP endpoint that accepts connections and then never answers, or closes them."""

    url: str
    accepted: list[socket.socket]

    @property
    def connections(self) -> int:
        return len(self.accepted)


@contextmanager
def failing_endpoint(*, close_at_once: bool) -> Iterator[FailingEndpoint]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    endpoint = FailingEndpoint(f"http://127.0.0.1:{listener.getsockname()[1]}", [])
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            endpoint.accepted.append(connection)
            if close_at_once:
                connection.close()

    thread = threading.Thread(target=serve, name="failing-endpoint", daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in endpoint.accepted:
            connection.close()
        listener.close()


def closed_port_url() -> str:
    """A loopback URL where nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
