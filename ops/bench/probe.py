"""One Lambda execution environment for `make bench`, run by ops/bench as a script in a fresh
`python -I -S -B` (no site-packages, no bytecode written): only the folders the spec names are on
sys.path, as in Lambda (function code, then the layer, which ships boto3 and botocore).

Standard library only at the top: everything else is imported inside the timed window, as
Lambda's init imports it. The spec (a JSON file, argv[1]) says which handler to load, which
request to serve and how:

- cold: import the handler and serve one request; print init and first-request milliseconds.
- warm / stub: the same, then serve blocks of requests on command (`run N` on stdin), each
  block's per-request microseconds printed as one JSON line. In stub mode every AWS call is
  answered at the wire (botocore's before-send event, before any socket is used) from the
  spec's items, so the times are the handler's own work.
- wcu: serve a create and then the same email again; print each DynamoDB call's parameters and
  what the store answered (consumed capacity, error code).

Handlers log to stdout (as on Lambda); results go to a duplicate of the original stdout.
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import sys
import time
from typing import Any


class LambdaContext:
    function_name = "bench-function"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench-function"
    aws_request_id = "00000000-0000-4000-8000-000000000000"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


class Requests:
    """The spec's request, varied so that every create is a new customer (and every COUNT
    request a newly signed one)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.event: dict[str, Any] = spec["event"]
        self.vary_email = bool(spec.get("vary_email"))
        self.signing: dict[str, str] | None = spec.get("sign")
        self.tag = str(spec["tag"])
        self.count = 0
        self.last_millis = 0

    def next(self, *, same_email_as_last: bool = False) -> dict[str, Any]:
        event = copy.deepcopy(self.event)
        if self.vary_email:
            if not same_email_as_last:
                self.count += 1
            body = json.loads(event["body"])
            body["email"] = f"bench.{self.tag}.{self.count}@example.com"
            event["body"] = json.dumps(body)
        if self.signing is not None:
            self._sign(event)
        return event

    def _sign(self, event: dict[str, Any]) -> None:
        assert self.signing is not None  # nosec B101 - set by the caller
        sign = importlib.import_module(self.signing["module"]).sign
        self.last_millis = max(int(time.time() * 1000), self.last_millis + 1)
        timestamp = str(self.last_millis)
        body = (event.get("body") or "").encode()
        signature = sign(
            self.signing["secret"], event["httpMethod"], event["path"], timestamp, body
        )
        event["headers"]["x-timestamp"] = timestamp
        event["headers"]["x-signature"] = signature


def install_wire_stub(items: dict[str, Any], secret: str | None) -> None:
    """Every client made from now on answers from `items` without opening a connection."""
    from botocore.awsrequest import AWSResponse, HTTPHeaders

    class Raw:
        def __init__(self, body: bytes) -> None:
            self.body = body

        def stream(self, **_: Any) -> Any:
            yield self.body

    def answer(request: Any, **_: Any) -> Any:
        target = request.headers.get("X-Amz-Target", b"")
        target = target.decode() if isinstance(target, bytes) else str(target)
        operation = target.rpartition(".")[2]
        params = json.loads(request.body or b"{}")
        status, body = 200, {}
        if operation == "GetItem":
            item = items.get(params["Key"]["pk"]["S"])
            body = {"Item": item} if item is not None else {}
        elif operation == "TransactGetItems":
            found = [items.get(get["Get"]["Key"]["pk"]["S"]) for get in params["TransactItems"]]
            body = {"Responses": [{} if item is None else {"Item": item} for item in found]}
        elif operation in {"PutItem", "TransactWriteItems"} and "ReturnConsumedCapacity" in params:
            body = {"ConsumedCapacity": {"TableName": "stub", "CapacityUnits": 1.0}}
        elif operation == "GetSecretValue":  # xclade's keys as the stack generates them
            value = json.dumps({"key": secret})
            body = {"ARN": params["SecretId"], "Name": "stub", "SecretString": value}
        headers = HTTPHeaders()
        headers["Content-Type"] = "application/x-amz-json-1.0"
        return AWSResponse(request.url, status, headers, Raw(json.dumps(body).encode()))

    _for_every_session("before-send", answer)


def record_store_calls(calls: list[dict[str, Any]]) -> None:
    """Every DynamoDB call's parameters and the store's answer, for write-cost accounting."""

    def asked(params: dict[str, Any], model: Any, **_: Any) -> None:
        calls.append({"operation": model.name, "params": copy.deepcopy(params)})
        if model.name in {"PutItem", "TransactWriteItems"}:  # the store does not ask for it
            params["ReturnConsumedCapacity"] = "TOTAL"

    def answered(parsed: dict[str, Any], model: Any, **_: Any) -> None:
        calls[-1]["consumed"] = parsed.get("ConsumedCapacity")
        calls[-1]["error"] = (parsed.get("Error") or {}).get("Code")

    _for_every_session("provide-client-params.dynamodb", asked)
    _for_every_session("after-call.dynamodb", answered)


def _bytes_as_text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _for_every_session(event: str, hook: Any) -> None:
    """Every botocore session made from now on (boto3's or a plain one) registers `hook`."""
    from botocore import handlers

    handlers.BUILTIN_HANDLERS.append((event, hook))


def main() -> None:
    with open(sys.argv[1]) as handle:
        spec = json.load(handle)
    results = os.fdopen(os.dup(1), "w")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # handlers' logs and metrics
    sys.path[:0] = spec["path"]
    mode = spec["mode"]
    requests = Requests(spec)
    context = LambdaContext()
    calls: list[dict[str, Any]] = []
    if mode == "stub":
        install_wire_stub(spec.get("stub_items") or {}, spec.get("stub_secret"))
    elif mode == "wcu":
        record_store_calls(calls)
    first = requests.next()
    if mode == "breakdown":
        _breakdown(spec["stages"], results)
        return

    started, started_cpu = time.perf_counter(), time.process_time()
    module = importlib.import_module(spec["module"])
    handler = module.lambda_handler
    initialised, initialised_cpu = time.perf_counter(), time.process_time()
    response = _invoke(handler, first, context)
    served, served_cpu = time.perf_counter(), time.process_time()

    if mode == "wcu":
        first_calls = len(calls)
        duplicate = _invoke(handler, requests.next(same_email_as_last=True), context)
        outcome = {
            "calls": calls,
            "first_calls": first_calls,
            "statuses": [_status(response), _status(duplicate)],
        }
        # Binary attributes (COUNT's request mark) as one character per byte: sized alike.
        print(json.dumps(outcome, default=_bytes_as_text), file=results, flush=True)
        return
    print(
        json.dumps(
            {
                "init_ms": (initialised - started) * 1000,
                "first_ms": (served - initialised) * 1000,
                # CPU time of this process: what other load on the machine does not inflate.
                "init_cpu_ms": (initialised_cpu - started_cpu) * 1000,
                "first_cpu_ms": (served_cpu - initialised_cpu) * 1000,
                "status": _status(response),
            }
        ),
        file=results,
        flush=True,
    )
    if mode == "cold":
        return
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command != "run":
            break
        events = [requests.next() for _ in range(int(argument))]
        micros, cpu_micros = [], []
        statuses: dict[str, int] = {}
        for event in events:
            began, began_cpu = time.perf_counter(), time.process_time()
            answer = _invoke(handler, event, context)
            micros.append((time.perf_counter() - began) * 1_000_000)
            cpu_micros.append((time.process_time() - began_cpu) * 1_000_000)
            status = str(_status(answer))
            statuses[status] = statuses.get(status, 0) + 1
        block = {"micros": micros, "cpu_micros": cpu_micros, "statuses": statuses}
        print(json.dumps(block), file=results, flush=True)


def _breakdown(stages: list[list[str]], results: Any) -> None:
    """Milliseconds (wall, CPU) of each stage of an import, in order: what each adds on top of
    the stages before it."""
    times = []
    for label, statement in stages:
        began, began_cpu = time.perf_counter(), time.process_time()
        exec(statement, {})  # noqa: S102 - the bench's own statements  # nosec B102
        times.append(
            [label, (time.perf_counter() - began) * 1000, (time.process_time() - began_cpu) * 1000]
        )
    print(json.dumps(times), file=results, flush=True)


def _invoke(handler: Any, event: dict[str, Any], context: Any) -> Any:
    try:
        return handler(event, context)
    except Exception as error:  # an authorizer's "Unauthorized" is an answer, not a crash
        return {"raised": repr(error)}


def _status(response: Any) -> Any:
    if isinstance(response, dict):
        if "statusCode" in response:
            return response["statusCode"]
        if "policyDocument" in response:
            return response["policyDocument"]["Statement"][0]["Effect"]
        return response.get("raised")
    return None


if __name__ == "__main__":
    main()
