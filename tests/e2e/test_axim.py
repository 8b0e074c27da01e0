"""Axim over real HTTP: API Gateway, authorizer, usage plan, gateway responses, Lambda and
DynamoDB as deployed from template.yaml on the local stack."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

import pytest

from tests.e2e.conftest import api_entry, run_ops
from tests.support import events
from tests.support.http import Response, burst, post_json, send

BAD_TOKEN = {"success": False, "message": "The access token is invalid or missing."}
THROTTLED = {"success": False, "message": "Too many requests. Please retry later."}
NOT_FOUND = {"success": False, "message": "The requested resource was not found."}
CONCURRENCY = 4
MAX_BURST = 200


@pytest.fixture(scope="module")
def axim(local_stack: dict[str, Any]) -> dict[str, Any]:
    return api_entry(local_stack, "axim")


def sample_body(email: str) -> dict[str, Any]:
    """The document's sample request body, with an email no earlier run has used."""
    body = events.body_of(events.load("axim", "create-customer-sample"))
    return {**body, "email": email}


def fresh_email() -> str:
    return f"E2E.{uuid.uuid4().hex}@AximCommerce.com"


def assert_axim_error(response: Response, status: int, body: dict[str, Any]) -> None:
    """Status, JSON content type and the exact body: a gateway response that lost Axim's shape
    (the emulator's or AWS's default) fails here."""
    assert response.status == status, response
    assert (response.header("content-type") or "").startswith("application/json"), response
    assert response.json() == body, response


def test_document_sample_body_is_created(axim: dict[str, Any]) -> None:
    email = fresh_email()
    body = sample_body(email)

    response = post_json(axim["url"], axim["headers"], body)

    assert response.status == 201, response
    created = response.json()
    assert created["success"] is True
    assert created["message"] == "Customer created successfully"
    data = created["data"]
    assert re.fullmatch(r"[0-9a-f]{24}", data["id"])
    assert data["email"] == email  # returned as sent
    for field in ("firstName", "lastName", "phoneNumber", "status", "company", "notes"):
        assert data[field] == body[field]
    assert data["address"] == body["address"]
    assert data["metaFields"] == body["metaFields"]
    assert data["isB2B"] is True
    assert data["createdBy"]["id"] == axim["principalId"]
    assert data["createdAt"] == data["updatedAt"]


def test_duplicate_email_is_409(axim: dict[str, Any]) -> None:
    email = fresh_email()
    first = post_json(axim["url"], axim["headers"], sample_body(email))
    assert first.status == 201, first

    # The same address in other case is the same customer.
    again = post_json(axim["url"], axim["headers"], sample_body(email.lower()))

    assert_axim_error(
        again, 409, {"success": False, "message": "A customer with this email already exists."}
    )


def test_missing_token_is_401_in_axim_shape(axim: dict[str, Any]) -> None:
    headers = {k: v for k, v in axim["headers"].items() if k != "accessToken"}

    response = post_json(axim["url"], headers, sample_body(fresh_email()))

    assert_axim_error(response, 401, BAD_TOKEN)


def test_wrong_token_is_401_in_axim_shape(axim: dict[str, Any]) -> None:
    headers = {**axim["headers"], "accessToken": "Bearer not-a-token-we-issued"}

    response = post_json(axim["url"], headers, sample_body(fresh_email()))

    assert_axim_error(response, 401, BAD_TOKEN)


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/no-such-route"), ("GET", "/customers"), ("DELETE", "/")]
)
def test_unknown_route_is_404_in_axim_shape(axim: dict[str, Any], method: str, path: str) -> None:
    url = axim["url"].removesuffix("/customers") + path

    response = send(method, url, headers=axim["headers"])

    assert_axim_error(response, 404, NOT_FOUND)


def test_burst_past_the_limit_is_429_in_axim_shape(local_stack: dict[str, Any]) -> None:
    # A client of its own: draining the shared demo client's bucket would throttle other tests.
    issued = json.loads(run_ops("issue-token", "--api", "axim", "--name", "e2e burst client"))
    headers = {"accessToken": issued["accessToken"], "x-api-key": issued["apiKeyValue"]}
    url = api_entry(local_stack, "axim")["url"]
    limits = local_stack["throttle"]

    # An empty object is refused with 400 by the function: nothing is written.
    def call() -> Response:
        return post_json(url, headers, {})

    # First one request per worker-to-be: the emulator starts a worker for each request in
    # flight (seconds each on a busy machine), and a slow burst would never pass the limit.
    warm_up = burst(call, count=CONCURRENCY, concurrency=CONCURRENCY)
    assert {r.status for r in warm_up} <= {400, 429}, [str(r) for r in warm_up]
    started = time.monotonic()
    responses: list[Response] = []
    # Waves until the first 429, at most MAX_BURST requests: a slow machine refills the bucket
    # while it sends, so how many it takes varies; the bound below holds either way.
    while len(responses) < MAX_BURST and not any(r.status == 429 for r in responses):
        responses += burst(call, count=40, concurrency=CONCURRENCY)
    elapsed = time.monotonic() - started

    throttled = [r for r in responses if r.status == 429]
    served = [r for r in responses if r.status != 429]
    assert throttled, f"no 429 in {len(responses)} requests over {elapsed:.1f} s"
    for response in throttled:
        assert_axim_error(response, 429, THROTTLED)
        assert response.header("retry-after") == "1"
    assert {r.status for r in served} == {400}, [str(r) for r in served if r.status != 400]
    # The deployed limits are the ones stack.json reports (a token bucket, one of slack).
    assert len(served) <= limits["burstLimit"] + limits["rateLimit"] * elapsed + 1
