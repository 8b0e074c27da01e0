"""Axim over real HTTP: API Gateway, authorizer, usage plan, gateway responses, Lambda and
DynamoDB as deployed from template.yaml on the local stack."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import (
    api_entry,
    assert_throttled_burst,
    fresh_email,
    run_ops_json,
)
from tests.support import events
from tests.support.http import (
    Expected,
    Response,
    assert_answer,
    burst_until_throttled,
    post_json,
    send,
)

BAD_TOKEN = Expected(401, {"success": False, "message": "The access token is invalid or missing."})
THROTTLED = Expected(429, {"success": False, "message": "Too many requests. Please retry later."})
NOT_FOUND = Expected(404, {"success": False, "message": "The requested resource was not found."})
DOMAIN = "AximCommerce.com"


@pytest.fixture(scope="module")
def axim(local_stack: dict[str, Any]) -> dict[str, Any]:
    return api_entry(local_stack, "axim")


def sample_body(email: str) -> dict[str, Any]:
    """The document's sample request body, with an email no earlier run has used."""
    body = events.body_of(events.load("axim", "create-customer-sample"))
    return {**body, "email": email}


def test_document_sample_body_is_created(axim: dict[str, Any]) -> None:
    email = fresh_email(DOMAIN)
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
    email = fresh_email(DOMAIN)
    first = post_json(axim["url"], axim["headers"], sample_body(email))
    assert first.status == 201, first

    # The same address in other case is the same customer.
    again = post_json(axim["url"], axim["headers"], sample_body(email.lower()))

    assert_answer(
        again,
        Expected(409, {"success": False, "message": "A customer with this email already exists."}),
    )


def test_missing_token_is_401_in_axim_shape(axim: dict[str, Any]) -> None:
    headers = {k: v for k, v in axim["headers"].items() if k != "accessToken"}

    response = post_json(axim["url"], headers, sample_body(fresh_email(DOMAIN)))

    assert_answer(response, BAD_TOKEN)


def test_wrong_token_is_401_in_axim_shape(axim: dict[str, Any]) -> None:
    headers = {**axim["headers"], "accessToken": "Bearer not-a-token-we-issued"}

    response = post_json(axim["url"], headers, sample_body(fresh_email(DOMAIN)))

    assert_answer(response, BAD_TOKEN)


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/no-such-route"), ("GET", "/customers"), ("DELETE", "/")]
)
def test_unknown_route_is_404_in_axim_shape(axim: dict[str, Any], method: str, path: str) -> None:
    url = axim["url"].removesuffix("/customers") + path

    response = send(method, url, headers=axim["headers"])

    assert_answer(response, NOT_FOUND)


def test_burst_past_the_limit_is_429_in_axim_shape(local_stack: dict[str, Any]) -> None:
    # A client of its own: draining the shared demo client's bucket would throttle other tests.
    issued = run_ops_json("axim", "issue-token", "--name", "e2e burst client")
    headers = {"accessToken": issued["accessToken"], "x-api-key": issued["apiKeyValue"]}
    axim = api_entry(local_stack, "axim")

    # An empty object is refused with 400 by the function: nothing is written.
    def call() -> Response:
        return post_json(axim["url"], headers, {})

    outcome = burst_until_throttled(call)

    assert_throttled_burst(outcome, axim["throttle"], served_status=400, throttled=THROTTLED)
