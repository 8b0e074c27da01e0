"""`python -m ops --stack NAME smoke`: after a deploy, one customer through a deployed endpoint:
the first API whose facts declare a `smoke_client` (ops/facts.py). A credential is issued for
this run, the sample customer (with an email of this run) is
created (201), created again (409: the uniqueness write refuses it), and everything the run made
goes away: the credential is revoked (its usage-plan key deleted), the customer's item deleted.

Against a local stack (--endpoint-url), the request goes to MiniStack's form of the stage URL and
carries the usage-plan key as x-api-key (MiniStack ignores ApiKeySourceType AUTHORIZER; AWS
ignores the header).
"""

from __future__ import annotations

import argparse
import importlib
import json
import secrets
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from customer_core.store import aws
from customer_core.store.customers import customer_key

from ops import apis, facts
from ops.redeploy import STAGE
from ops.stack import outputs


def smoke_api() -> apis.Api:
    """The API the smoke test goes through."""
    return next(api for api in apis.apis() if facts.of(api.name).smoke_client is not None)


TIMEOUT_S = 30
# A key just added to a usage plan can take a few seconds to be honoured; 403 and 5xx wrote
# nothing, so the first request is sent again until this deadline.
SETTLE_S = 60


class SmokeFailed(Exception):
    pass


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


def endpoint_url(stack_outputs: dict[str, str], local_endpoint: str | None) -> str:
    """The deployed create route: the stack's output on AWS, MiniStack's path form locally."""
    if local_endpoint:
        api = smoke_api()
        api_id = stack_outputs[api.output("ApiId")]
        route = api.routes[0]
        return f"{local_endpoint.rstrip('/')}/restapis/{api_id}/{STAGE}/_user_request_{route}"
    return stack_outputs[smoke_api().output("Endpoint")]


def smoke_body(run_id: str) -> dict[str, Any]:
    """The sample event's customer with an email no one else uses."""
    api = smoke_api()
    event = json.loads((api.events_dir / f"{facts.of(api.name).sample}.json").read_text())
    body: dict[str, Any] = json.loads(event["body"])
    body["email"] = f"smoke-{run_id}@example.com"
    return body


def post(url: str, headers: dict[str, str], body: dict[str, Any]) -> Answer:
    request = urllib.request.Request(  # noqa: S310 - the stack's own https (or local http) URL
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:  # noqa: S310 - the stack's URL  # nosec B310
            return Answer(int(answer.status), answer.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(int(error.code), error.read().decode())


def expect(step: str, answer: Answer, status: int) -> None:
    print(f"{step}: {answer.status} {answer.body[:300]}", file=sys.stderr)
    if answer.status != status:
        raise SmokeFailed(f"{step}: expected {status}, got {answer.status}: {answer.body[:500]}")


def run_smoke(stack: str, *, local_endpoint: str | None) -> None:
    stack_outputs = outputs(stack)
    url = endpoint_url(stack_outputs, local_endpoint)
    run_id = secrets.token_hex(6)
    api = smoke_api()
    smoke_client = facts.of(api.name).smoke_client
    assert smoke_client is not None  # nosec B101 - smoke_api() chose it for this
    headers, revoke = smoke_client(stack, run_id)
    created = facts.of(api.name).created
    body = smoke_body(run_id)
    print(f"smoke: POST {url} as {body['email']}", file=sys.stderr)
    try:
        deadline = time.monotonic() + SETTLE_S
        while (first := post(url, headers, body)).status in {403, 429} or first.status >= 500:
            if time.monotonic() > deadline:
                break
            time.sleep(2)
        expect("create", first, created)
        expect("create again", post(url, headers, body), 409)
    finally:
        revoke()
        _delete_customer(api, stack_outputs["CustomerTableName"], body["email"])
        print("smoke: credential revoked, its key and the customer deleted", file=sys.stderr)


def _delete_customer(api: apis.Api, table: str, email: str) -> None:
    scope = importlib.import_module(api.package).SCOPE
    key = customer_key(api.name, scope, email)
    aws.client().delete_item(TableName=table, Key={"pk": {"S": key}})


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "smoke", help="after a deploy: create a customer through an API (created, then 409)"
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    try:
        run_smoke(args.stack, local_endpoint=args.endpoint_url)
    except SmokeFailed as failure:
        print(f"smoke test failed: {failure}", file=sys.stderr)
        return 1
    print("smoke test passed", file=sys.stderr)
    return 0
