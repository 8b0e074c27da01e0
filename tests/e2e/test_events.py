"""customer.created on the local stack, end to end: concurrent requests to the three APIs (new
customers, duplicates in another letter case, Idempotency-Key retries, bad bodies) through API
Gateway, the functions and DynamoDB; the table's stream through the event source mapping and its
filter to the publisher; PutEvents onto the bus; the bus's rule into the tap queue, read back.
Exactly one event per stored customer and none for anything else; every event is held to its
API's published JSON Schema (openapi/events/). Prints the tally and one event per API."""

from __future__ import annotations

import json
import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import jsonschema
import pytest

from ops.count.clients import signed_headers
from ops.openapi import events as event_schemas
from tests.e2e.conftest import api_entry, local_client
from tests.support.count_requests import unique_now_millis
from tests.support.event_tally import Tally, collect, compact, drain
from tests.support.http import Response, send

NEW_PER_API = 6
DUPLICATES_PER_API = 2  # the same mailbox again, upper case: 409
KEYED_PER_API = 2  # each sent 3 times with one Idempotency-Key: one customer, replays
KEYED_COPIES = 3
BAD_PER_API = 2
CONCURRENCY = 6
EVENTS_TIMEOUT_S = 180
SETTLE_S = 10


@dataclass(frozen=True)
class Call:
    api: str
    kind: str  # new, duplicate, keyed, bad
    email: str
    send: Callable[[], Response]


def _json(headers: dict[str, str]) -> dict[str, str]:
    return {"Content-Type": "application/json", **headers}


def axim_call(entry: dict[str, Any], kind: str, email: str, key: str | None = None) -> Call:
    body: Any = {"firstName": "Event", "lastName": "Tally", "email": email, "status": "active"}
    if kind == "bad":
        body = {**body, "status": "sleeping"}
    headers = _json(entry["headers"]) | ({"Idempotency-Key": key} if key else {})
    return Call("axim", kind, email, lambda: send("POST", entry["url"], headers=headers, body=body))


def xclade_call(entry: dict[str, Any], kind: str, email: str, key: str | None = None) -> Call:
    body: Any = {
        "email": email,
        "company_name": "Tally Inc.",
        "first_name": "Event",
        "last_name": "Tally",
        "phone": "+1 555 0100",
        "metadata": {"run": "e2e"},
    }
    if kind == "bad":
        body = {**body, "metadata": "not an object"}
    # A `fields` selection: the answer has two fields, the event the whole customer.
    url = entry["url"] + "?fields=id,email"
    headers = _json(entry["headers"]) | ({"Idempotency-Key": key} if key else {})
    return Call("xclade", kind, email, lambda: send("POST", url, headers=headers, body=body))


def count_call(entry: dict[str, Any], kind: str, email: str, key: str | None = None) -> Call:
    document: Any = {"customer": "Tally GmbH", "email": email}
    if kind == "bad":
        document = {**document, "status": "sleeping"}
    body = json.dumps(document).encode()

    def call() -> Response:
        # Signed when sent: a signature is single-use (each keyed copy is signed anew).
        signed = signed_headers(
            client_id=entry["clientId"],
            secret=entry["clientSecret"],
            method="POST",
            path="/",
            body=body,
            timestamp=unique_now_millis(),
            token=entry["headers"]["Authorization"].removeprefix("Bearer "),
        )
        headers = _json({"x-api-key": entry["headers"]["x-api-key"], **signed})
        if key:
            headers["Idempotency-Key"] = key
        return send("POST", entry["url"], headers=headers, body=body)

    return Call("count", kind, email, call)


BUILDERS = {"axim": axim_call, "xclade": xclade_call, "count": count_call}
CREATED_STATUS = {"axim": 201, "xclade": 200, "count": 201}


def customer_of(api: str, response: Response) -> dict[str, Any]:
    body = response.json()
    found: dict[str, Any] = body["customer"] if api == "xclade" else body["data"]
    return found


def calls(described: dict[str, Any]) -> list[Call]:
    planned = []
    for api, build in BUILDERS.items():
        entry = api_entry(described, api)
        run = uuid.uuid4().hex[:10]
        new = [f"Events.{api}.{run}.{n}@Example.com" for n in range(NEW_PER_API)]
        planned += [build(entry, "new", email) for email in new]
        planned += [build(entry, "duplicate", e.upper()) for e in new[:DUPLICATES_PER_API]]
        for n in range(KEYED_PER_API):
            email, key = f"Keyed.{api}.{run}.{n}@Example.com", f"tally-{run}-{n}"
            planned += [build(entry, "keyed", email, key) for _ in range(KEYED_COPIES)]
        planned += [
            build(entry, "bad", f"Bad.{api}.{run}.{n}@Example.com") for n in range(BAD_PER_API)
        ]
    random.shuffle(planned)
    return planned


@pytest.fixture(scope="module")
def tap(local_stack: dict[str, Any]) -> tuple[str, Any]:
    if "events" not in local_stack:
        pytest.fail(f".local/stack.json has no `events` entry: {sorted(local_stack)}")
    sqs = local_client(local_stack, "sqs")
    url: str = local_stack["events"]["queueUrl"]
    drain(url, sqs, idle_seconds=5)  # events of customers created before this test
    return url, sqs


def test_one_event_per_stored_customer_none_for_the_rest(local_stack, tap):
    url, sqs = tap
    planned = calls(local_stack)
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        answered = list(pool.map(lambda call: (call, call.send()), planned))

    # What was stored, from the answers: per mailbox at most one customer id.
    stored: dict[str, tuple[str, dict[str, Any]]] = {}
    by_mailbox: dict[tuple[str, str], set[str]] = defaultdict(set)
    for call, response in answered:
        if call.kind == "bad":
            assert response.status == 400, (call, str(response))
            continue
        if response.status == CREATED_STATUS[call.api]:
            customer = customer_of(call.api, response)
            stored[customer["id"]] = (call.api, customer)
            by_mailbox[(call.api, call.email.lower())].add(customer["id"])
        else:
            # A duplicate (either spelling may win the race) or a keyed copy still in flight.
            assert response.status == 409, (call, str(response))
    assert all(len(ids) == 1 for ids in by_mailbox.values()), by_mailbox
    expected = NEW_PER_API + KEYED_PER_API
    for api in BUILDERS:
        assert sum(1 for a, _ in stored.values() if a == api) == expected, api
    _assert_in_the_table(local_stack, stored)

    tally = collect(url, sqs, stored, timeout_s=EVENTS_TIMEOUT_S, settle_s=SETTLE_S)

    statuses = Counter((call.api, response.status) for call, response in answered)
    print(
        f"\nrequests {len(answered)}: "
        + ", ".join(f"{a} {s}: {n}" for (a, s), n in sorted(statuses.items()))
    )
    print(f"event tally: {tally.line()}")
    per_api = _hold_to_the_schemas(tally, stored)
    for api, event in per_api.items():
        print(f"one {api} event as received from the tap queue:\n{compact(event)}")
    assert not tally.missing, f"no event for {sorted(tally.missing)}"
    assert tally.extra == 0, tally.line()
    assert len(tally.events) == len(stored)


def _assert_in_the_table(described: dict[str, Any], stored: dict[str, Any]) -> None:
    dynamodb = local_client(described, "dynamodb")
    outputs = local_client(described, "cloudformation").describe_stacks(
        StackName=described["stack"]
    )["Stacks"][0]["Outputs"]
    table = next(o["OutputValue"] for o in outputs if o["OutputKey"] == "CustomerTableName")
    found = set()
    for page in dynamodb.get_paginator("scan").paginate(TableName=table):
        for item in page["Items"]:
            if item["pk"]["S"].startswith("CUSTOMER#") and item["id"]["S"] in stored:
                found.add(item["id"]["S"])
    assert found == set(stored)


def _hold_to_the_schemas(tally: Tally, stored: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every event against its API's published schema, and its customer against the answer."""
    schemas = event_schemas.documents()
    first: dict[str, dict[str, Any]] = {}
    for event in tally.events:
        api = event["detail"]["api"]
        jsonschema.validate(event, schemas[api])
        first.setdefault(api, event)
        if event["detail"]["id"] not in stored:
            continue
        _, answered = stored[event["detail"]["id"]]
        customer = event["detail"]["customer"]
        assert {name: customer[name] for name in answered} == answered
        if api == "xclade":
            assert set(answered) == {"id", "email"} < set(customer)  # the whole customer
    return first
