"""`python -m ops --stack NAME smoke`: after a deploy, one customer through each deployed API
(Axim, xclade, COUNT). For each: credentials made for this run, the API's sample customer (with
an email of this run) created (201; xclade 200, as Medusa), created again (409: the uniqueness
write refuses it), and everything the run made deleted, then checked gone: the customer's item,
the access token's item and its usage-plan key (Axim), the client's items, token and key
(COUNT). xclade's JWT is signed with the stack's key and stored nowhere.

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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import boto3
from customer_core.auth.tokens import token_hash
from customer_core.store import aws
from customer_core.store.clients import client_key, secret_key
from customer_core.store.credentials import token_key
from customer_core.store.customers import customer_key

from ops import apis, credentials
from ops.failures import AWS_REFUSED, OperatorError
from ops.redeploy import STAGE
from ops.stack import outputs

SAMPLE_EVENT = "create-customer-sample.json"
TIMEOUT_S = 30
# A key just added to a usage plan can take a few seconds to be honoured; 403 and 5xx wrote
# nothing, so the first request is sent again until this deadline.
SETTLE_S = 60
SCOPES = {"axim": "store", "xclade": "guest"}  # COUNT's scope is the client's team
# Each contract's answer to a create (Medusa answers 200); a duplicate is 409 in all three.
CREATED = {"axim": 201, "xclade": 200, "count": 201}


class SmokeFailed(OperatorError):
    def __init__(self, message: str) -> None:
        super().__init__(f"smoke test failed: {message}", AWS_REFUSED)


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


@dataclass
class Probe:
    """One API's smoke request: its headers (a function of the body, for COUNT's signature),
    the customer item it writes, and what to delete afterwards."""

    api: str
    headers: Callable[[bytes], dict[str, str]]
    scope: str
    auth_items: list[str] = field(default_factory=list)
    api_keys: list[str] = field(default_factory=list)


def endpoint_url(stack_outputs: dict[str, str], api_name: str, local_endpoint: str | None) -> str:
    """The deployed create route: the stack's output on AWS, MiniStack's path form locally."""
    api = apis.api(api_name)
    if local_endpoint:
        api_id = stack_outputs[api.output("ApiId")]
        route = api.routes[0]
        return f"{local_endpoint.rstrip('/')}/restapis/{api_id}/{STAGE}/_user_request_{route}"
    return stack_outputs[api.output("Endpoint")]


def smoke_body(api_name: str, run_id: str) -> dict[str, Any]:
    """The API's sample event's customer with an email no one else uses."""
    event = json.loads((apis.api(api_name).events_dir / SAMPLE_EVENT).read_text())
    body: dict[str, Any] = json.loads(event["body"])
    body["email"] = f"smoke-{run_id}@example.com"
    return body


def post(url: str, headers: dict[str, str], data: bytes) -> Answer:
    request = urllib.request.Request(  # noqa: S310 - the stack's own https (or local http) URL
        url, data=data, method="POST", headers={"Content-Type": "application/json", **headers}
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


def _axim(stack: str, run_id: str) -> Probe:
    issued = credentials.issue_token(
        stack=stack,
        api="axim",
        name=f"Smoke test {run_id}",
        principal_id=f"smoke_{run_id}",
        principal_type="api_client",
    )
    headers = {"accessToken": issued.token, "x-api-key": issued.api_key_value}
    return Probe(
        "axim",
        lambda _body: headers,
        SCOPES["axim"],
        auth_items=[token_key("axim", token_hash(issued.token))],
        api_keys=[issued.api_key_id],
    )


def _xclade(stack: str, run_id: str) -> Probe:
    from ops.xclade import tokens

    minted = tokens.mint(
        stack=stack,
        actor_id=f"smoke_{run_id}",
        ttl=timedelta(minutes=10),
        secret=None,
        own_key=False,  # the shared plan's key: nothing to delete
    )
    headers = {"Authorization": f"Bearer {minted.token}", "x-api-key": minted.apiKeyValue or ""}
    return Probe("xclade", lambda _body: headers, SCOPES["xclade"])


def _count(stack: str, run_id: str, probe_path: str) -> Probe:
    from ops.count import clients

    team = f"smoke-{run_id}"
    client = clients.register_client(stack=stack, team_id=team, name=f"Smoke test {run_id}")
    # Made before anything can fail below, so the cleanup knows every item of this run.
    probe = Probe(
        "count",
        lambda _body: {},
        team,
        auth_items=[client_key("count", client.client_id), secret_key("count", client.client_id)],
        api_keys=[client.api_key_id],
    )
    issued = clients.issue_token(stack=stack, client_id=client.client_id)
    probe.auth_items.append(token_key("count", token_hash(issued.token)))

    def headers(body: bytes) -> dict[str, str]:
        signed = clients.signed_headers(
            client_id=client.client_id,
            secret=client.client_secret,
            method="POST",
            path=probe_path,
            body=body,
            token=issued.token,
        )
        return {**signed, "x-api-key": client.api_key_value}

    probe.headers = headers
    return probe


def _cleanup(probe: Probe, stack_outputs: dict[str, str], email: str) -> None:
    """Delete what the run made, then check that none of it is left."""
    auth_table, customer_table = stack_outputs["AuthTableName"], stack_outputs["CustomerTableName"]
    apigateway: Any = boto3.client("apigateway")
    customer = customer_key(probe.api, probe.scope, email)
    for table, key in [(customer_table, customer), *((auth_table, k) for k in probe.auth_items)]:
        aws.client().delete_item(TableName=table, Key={"pk": {"S": key}})
        if aws.client().get_item(TableName=table, Key={"pk": {"S": key}}).get("Item"):
            raise SmokeFailed(f"{probe.api}: item {key.split('#')[0]}#… still in {table}")
    for key_id in probe.api_keys:
        apigateway.delete_api_key(apiKey=key_id)


def smoke_api(stack: str, api_name: str, *, local_endpoint: str | None) -> None:
    stack_outputs = outputs(stack)
    url = endpoint_url(stack_outputs, api_name, local_endpoint)
    run_id = secrets.token_hex(6)
    body = smoke_body(api_name, run_id)
    data = json.dumps(body).encode()
    route = apis.api(api_name).routes[0]
    probe: Probe | None = None
    print(f"smoke {api_name}: POST {url} as {body['email']}", file=sys.stderr)
    try:
        if api_name == "axim":
            probe = _axim(stack, run_id)
        elif api_name == "xclade":
            probe = _xclade(stack, run_id)
        else:
            probe = _count(stack, run_id, route)
        deadline = time.monotonic() + SETTLE_S
        while (first := post(url, probe.headers(data), data)).status in {403, 429} or (
            first.status >= 500
        ):
            if time.monotonic() > deadline:
                break
            time.sleep(2)
        expect(f"{api_name} create", first, CREATED[api_name])
        expect(f"{api_name} create again", post(url, probe.headers(data), data), 409)
    finally:
        if probe is not None:
            _cleanup(probe, stack_outputs, body["email"])
            print(f"smoke {api_name}: nothing of the run left behind", file=sys.stderr)


def run_smoke(stack: str, *, local_endpoint: str | None, only: list[str] | None = None) -> None:
    for api_name in only or apis.names():
        smoke_api(stack, api_name, local_endpoint=local_endpoint)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "smoke",
        help="after a deploy: a customer through each API (201, the same email 409), cleaned up",
    )
    parser.add_argument(
        "--api",
        action="append",
        choices=apis.names(),
        help="only this API (repeatable; default: every API)",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    run_smoke(args.stack, local_endpoint=args.endpoint_url, only=args.api)
    print("smoke test passed", file=sys.stderr)
    return 0
