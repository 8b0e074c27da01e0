"""xclade (Medusa v2 Admin) over real HTTP: the JWT authorizer, its usage plans, the gateway
responses in Medusa's shape, Lambda and DynamoDB as deployed from template.yaml locally."""

from __future__ import annotations

import re
import urllib.parse
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from ops.xclade.tokens import claims_for
from tests.e2e.conftest import api_entry, assert_throttled_burst, fresh_email, run_ops_json
from tests.support import events
from tests.support.http import (
    Expected,
    Response,
    assert_answer,
    burst_until_throttled,
    post_json,
    send,
)

UNAUTHORIZED = Expected(401, b"Unauthorized", content_type="text/plain")
THROTTLED = Expected(
    429, {"type": "too_many_requests", "message": "Too many requests. Please retry later."}
)
NOT_FOUND = Expected(404, {"type": "not_found", "message": "The requested resource was not found."})
# The document's default selection (CONTRACTS.md); `id` is always returned.
DEFAULT_FIELDS = {
    "id",
    "company_name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "metadata",
    "has_account",
    "created_by",
    "created_at",
    "updated_at",
    "deleted_at",
}
CUSTOMER_ID = re.compile(r"cus_[0-9A-HJKMNP-TV-Z]{26}")


@pytest.fixture(scope="module")
def xclade(local_stack: dict[str, Any]) -> dict[str, Any]:
    return api_entry(local_stack, "xclade")


def valid_body(email: str) -> dict[str, Any]:
    """The valid fixture's body (the document's starred fields), with a fresh email."""
    return {**events.body_of(events.load("xclade", "create-customer-valid")), "email": email}


def create(xclade: dict[str, Any], *, query: str = "", email: str | None = None) -> Response:
    url = f"{xclade['url']}?{query}" if query else xclade["url"]
    return post_json(url, xclade["headers"], valid_body(email or fresh_email()))


def with_token(xclade: dict[str, Any], token: str | None) -> dict[str, str]:
    """The entry's headers (x-api-key included) with another Authorization, or none."""
    headers = {k: v for k, v in xclade["headers"].items() if k != "Authorization"}
    return headers if token is None else {**headers, "Authorization": f"Bearer {token}"}


def test_valid_body_is_created_with_the_default_fields(xclade: dict[str, Any]) -> None:
    email = fresh_email()

    response = create(xclade, email=email)

    assert response.status == 200, response
    assert (response.header("content-type") or "").startswith("application/json")
    customer = response.json()["customer"]
    assert set(customer) == DEFAULT_FIELDS
    assert CUSTOMER_ID.fullmatch(customer["id"]), customer["id"]
    sent = valid_body(email)
    for field in ("email", "company_name", "first_name", "last_name", "phone", "metadata"):
        assert customer[field] == sent[field]
    assert customer["has_account"] is False
    assert customer["created_by"] == xclade["actorId"]
    assert customer["deleted_at"] is None
    assert customer["created_at"] == customer["updated_at"]


def test_duplicate_email_is_409_duplicate_error_in_any_letter_case(
    xclade: dict[str, Any],
) -> None:
    email = fresh_email()
    assert create(xclade, email=email).status == 200

    for again in (email, email.upper()):
        response = create(xclade, email=again)

        message = f"Customer with email: {again}, has_account: false, already exists."
        assert_answer(
            response,
            Expected(
                409,
                {"code": "invalid_request_error", "type": "duplicate_error", "message": message},
            ),
        )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # `+` encoded: the adding prefix as Medusa's clients send it.
        ("%2Baddresses,%2Bgroups", DEFAULT_FIELDS | {"addresses", "groups"}),
        # A literal `+` (a query string may decode it to a space) and a space both add.
        ("+addresses", DEFAULT_FIELDS | {"addresses"}),
        ("%20groups", DEFAULT_FIELDS | {"groups"}),
        ("-metadata,-phone", DEFAULT_FIELDS - {"metadata", "phone"}),
        # No prefix: the selection replaces the defaults (`id` always stays).
        ("email,first_name", {"id", "email", "first_name"}),
    ],
)
def test_fields_query_selects_the_response(
    xclade: dict[str, Any], fields: str, expected: set[str]
) -> None:
    response = create(xclade, query=f"fields={fields}")

    assert response.status == 200, response
    customer = response.json()["customer"]
    assert set(customer) == expected
    for relation in {"addresses", "groups"} & expected:
        assert customer[relation] == []


def test_fields_outside_the_allowed_set_are_400(xclade: dict[str, Any]) -> None:
    response = create(xclade, query=urllib.parse.urlencode({"fields": "password"}))

    assert_answer(
        response,
        Expected(
            400, {"type": "invalid_data", "message": "Requested fields [password] are not valid"}
        ),
    )


def invalid_data(message: str) -> Expected:
    return Expected(400, {"type": "invalid_data", "message": message})


REQUIRED_THREE = (
    "Invalid request: Field 'email' is required; Field 'company_name' is required; "
    "Field 'first_name' is required"
)


def test_fields_without_a_prefix_replace_and_drop_every_prefix(xclade: dict[str, Any]) -> None:
    # Medusa's get-query-config: `first_name,-email` selects first_name and email.
    response = create(xclade, query=urllib.parse.urlencode({"fields": "first_name,-email"}))

    assert response.status == 200, response
    assert set(response.json()["customer"]) == {"id", "first_name", "email"}


@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        ("+default_billing_address_id", "default_billing_address_id"),
        ("*addresses.country", "addresses.country"),
    ],
)
def test_fields_medusas_query_config_refuses(
    xclade: dict[str, Any], fields: str, refused: str
) -> None:
    response = create(xclade, query=urllib.parse.urlencode({"fields": fields}))

    assert_answer(response, invalid_data(f"Requested fields [{refused}] are not valid"))


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        (
            "application/json",
            b'[{"email": "a@example.com"}]',
            invalid_data("Invalid request: Expected type: 'object' for field '', got: 'array'"),
        ),
        (
            "text/plain",
            b"email=a@example.com",
            invalid_data("Invalid request: Expected type: 'object' for field '', got: 'string'"),
        ),
        ("application/json", None, invalid_data(REQUIRED_THREE)),
    ],
    ids=["JSON array", "text/plain", "empty body"],
)
def test_body_shapes_are_answered_in_zods_words(
    xclade: dict[str, Any], content_type: str, body: bytes | None, expected: Expected
) -> None:
    headers = {**xclade["headers"], "Content-Type": content_type}

    response = send("POST", xclade["url"], headers=headers, body=body)

    assert_answer(response, expected)


def test_fields_as_an_array_is_refused_as_medusa_parses_query_keys(
    xclade: dict[str, Any],
) -> None:
    response = create(xclade, query="fields[]=id")

    assert_answer(
        response,
        invalid_data("Invalid request: Expected type: 'string' for field 'fields', got: 'array'"),
    )


def test_missing_token_is_401_plain_text(xclade: dict[str, Any]) -> None:
    response = post_json(xclade["url"], with_token(xclade, None), valid_body(fresh_email()))

    assert_answer(response, UNAUTHORIZED)


def sign(claims: dict[str, Any], secret: str) -> str:
    return jwt.encode(claims, secret, algorithm="HS256")


def _claims(*, issued: datetime, ttl: timedelta, **changed: Any) -> dict[str, Any]:
    return {**claims_for("user_e2e", issued=issued, ttl=ttl), **changed}


@pytest.mark.parametrize(
    "case", ["wrong signature", "expired", "not a user", "not a JWT", "not Bearer"]
)
def test_bad_token_is_401_plain_text_from_the_gateway(xclade: dict[str, Any], case: str) -> None:
    now = datetime.now(UTC)
    hour = timedelta(hours=1)
    secret = xclade["jwtSecret"]
    token = {
        "wrong signature": sign(_claims(issued=now, ttl=hour), secret + "-not-the-key"),
        # Issued two hours ago, expired an hour ago: well past the 30 s allowed for clock skew.
        "expired": sign(_claims(issued=now - 2 * hour, ttl=hour), secret),
        "not a user": sign(_claims(issued=now, ttl=hour, actor_type="customer"), secret),
        "not a JWT": "not-a-jwt",
    }.get(case)
    headers = with_token(xclade, token)
    if case == "not Bearer":
        headers["Authorization"] = xclade["headers"]["Authorization"].replace("Bearer", "Basic")

    response = post_json(xclade["url"], headers, valid_body(fresh_email()))

    assert_answer(response, UNAUTHORIZED)


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/admin/no-such-route"), ("GET", "/admin/customers"), ("DELETE", "/")],
)
def test_unknown_route_is_404_in_xclade_shape(
    xclade: dict[str, Any], method: str, path: str
) -> None:
    url = xclade["url"].removesuffix("/admin/customers") + path

    response = send(method, url, headers=xclade["headers"])

    assert_answer(response, NOT_FOUND)


def test_burst_past_the_limit_is_429_in_xclade_shape(xclade: dict[str, Any]) -> None:
    # An actor with a usage-plan key of its own: the other tests share the demo actor's plan.
    minted = run_ops_json(
        "xclade", "token", "--actor-id", f"user_e2e_{uuid.uuid4().hex[:12]}", "--own-usage-key"
    )
    headers = {"Authorization": f"Bearer {minted['token']}", "x-api-key": minted["apiKeyValue"]}

    # An empty object is refused with 400 by the function: nothing is written.
    def call() -> Response:
        return post_json(xclade["url"], headers, {})

    outcome = burst_until_throttled(call)

    assert_throttled_burst(outcome, xclade["throttle"], served_status=400, throttled=THROTTLED)
