"""`python -m ops --stack NAME smoke`: after a deploy, one customer through the deployed Axim
endpoint. A token is issued for this run, the sample customer (with an email of this run) is
created (201), created again (409: the uniqueness write refuses it), and everything the run made
goes away: the token is revoked, its usage-plan key deleted, the customer's item deleted.

Against a local stack (--endpoint-url), the request goes to MiniStack's form of the stage URL and
carries the usage-plan key as x-api-key (MiniStack ignores ApiKeySourceType AUTHORIZER; AWS
ignores the header).
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

import boto3
from axim_api import API, SCOPE
from customer_core.store import aws
from customer_core.store.customers import customer_key

from ops import apis, credentials
from ops.redeploy import STAGE
from ops.stack import outputs

SAMPLE_EVENT = "create-customer-sample.json"
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
        api = apis.api(API)
        api_id = stack_outputs[api.output("ApiId")]
        route = api.routes[0]
        return f"{local_endpoint.rstrip('/')}/restapis/{api_id}/{STAGE}/_user_request_{route}"
    return stack_outputs[apis.api(API).output("Endpoint")]


def smoke_body(run_id: str) -> dict[str, Any]:
    """The sample event's customer with an email no one else uses."""
    event = json.loads((apis.api(API).events_dir / SAMPLE_EVENT).read_text())
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
    issued = credentials.issue_token(
        stack=stack,
        api=API,
        name=f"Smoke test {run_id}",
        principal_id=f"smoke_{run_id}",
        principal_type="api_client",
    )
    headers = {"accessToken": issued.token, "x-api-key": issued.api_key_value}
    body = smoke_body(run_id)
    print(f"smoke: POST {url} as {body['email']}", file=sys.stderr)
    try:
        deadline = time.monotonic() + SETTLE_S
        while (first := post(url, headers, body)).status in {403, 429} or first.status >= 500:
            if time.monotonic() > deadline:
                break
            time.sleep(2)
        expect("create", first, 201)
        expect("create again", post(url, headers, body), 409)
    finally:
        credentials.revoke_token(stack=stack, api=API, token=issued.token)
        boto3.client("apigateway").delete_api_key(apiKey=issued.api_key_id)
        _delete_customer(stack_outputs["CustomerTableName"], body["email"])
        print("smoke: token revoked, its key and the customer deleted", file=sys.stderr)


def _delete_customer(table: str, email: str) -> None:
    aws.client().delete_item(TableName=table, Key={"pk": {"S": customer_key(API, SCOPE, email)}})


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "smoke", help="after a deploy: create a customer through Axim (201, then 409)"
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
