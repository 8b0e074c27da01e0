"""COUNT POST / and POST /partners/customers through the real handler, on moto DynamoDB.

Every request is re-signed at the current time with the operator signing helper
(tests/support/count_requests.py); nothing about our own code is mocked.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from typing import Any

import pytest
from count_api import handler as handler_module
from count_api.handler import lambda_handler
from customer_core.domain.clock import utc_now
from customer_core.store.clients import ClientStore, forget_secrets
from customer_core.store.replays import request_mark

from tests.support.cfn import resource
from tests.support.count_requests import (
    FIXTURE_CLIENT_ID,
    FIXTURE_TEAM,
    FIXTURE_TIMESTAMP,
    OTHER_CLIENT_ID,
    as_team,
    fixture,
    seed_client,
    signed_now,
)
from tests.support.events import body_of, load, with_body, with_body_fields, with_headers
from tests.unit.conftest import all_items

ISO_MILLIS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
DATA_FIELDS = {
    "id", "customer", "email", "mainPhone", "website", "status", "billingAddress",
    "shippingAddress", "contacts", "createdAt", "updatedAt",
}  # fmt: skip


@pytest.fixture
def client(aws):
    """The fixture client, registered with its secret (the authorizer's verdict is in events)."""
    seed_client()
    return aws


def call(event: dict[str, Any], context: Any) -> tuple[int, dict[str, Any], dict[str, str]]:
    response = lambda_handler(event, context)
    return response["statusCode"], json.loads(response["body"]), response["headers"]


def with_fields(**fields: Any) -> dict[str, Any]:
    """The sample with body fields changed (`...` removes one), signed now."""
    return signed_now(with_body_fields(load("count", "create-customer-sample"), **fields))


def errors_by_field(body: dict[str, Any]) -> dict[str, str]:
    return {error["field"]: error["message"] for error in body["errors"]}


def customers(aws) -> list[dict[str, Any]]:
    return [
        item
        for item in all_items(aws, "CUSTOMER_TABLE_NAME")
        if item["pk"]["S"].startswith("CUSTOMER#")
    ]


# --- 201 -----------------------------------------------------------------------------------------


def test_sample_request_creates_customer_with_every_field(client, lambda_context):
    status, body, headers = call(fixture("create-customer-sample"), lambda_context)

    assert status == 201
    assert headers["Content-Type"] == "application/json"
    assert body["status"] == "success"
    assert body["message"] == "Customer created successfully"
    data = body["data"]
    assert set(data) == DATA_FIELDS
    sent = body_of(load("count", "create-customer-sample"))
    assert uuid.UUID(data["id"]).version == 4
    for name in ("customer", "email", "mainPhone", "website", "status"):
        assert data[name] == sent[name]
    assert data["billingAddress"] == sent["billingAddress"]
    assert data["shippingAddress"] == sent["shippingAddress"]
    assert [{k: v for k, v in c.items() if k != "id"} for c in data["contacts"]] == sent["contacts"]
    contact_ids = [contact["id"] for contact in data["contacts"]]
    assert all(uuid.UUID(contact_id).version == 4 for contact_id in contact_ids)
    assert len({data["id"], *contact_ids}) == 3
    assert ISO_MILLIS.match(data["createdAt"])
    assert data["updatedAt"] == data["createdAt"]
    stored = customers(client)
    assert [item["pk"]["S"] for item in stored] == [
        f"CUSTOMER#count#{FIXTURE_TEAM}#billing@acme.example.com"
    ]
    assert stored[0]["id"]["S"] == data["id"]
    assert json.loads(stored[0]["doc"]["S"]) == data


def test_minimal_body_gets_defaults(client, lambda_context):
    status, body, _ = call(fixture("create-customer-minimal"), lambda_context)

    assert status == 201
    data = body["data"]
    assert set(data) == DATA_FIELDS
    assert data["status"] == "active"
    assert data["contacts"] == []
    for name in ("mainPhone", "website", "billingAddress", "shippingAddress"):
        assert data[name] is None


def test_alias_path_is_signed_without_the_partners_prefix(client, lambda_context):
    event = fixture("create-customer-alias-path")
    assert event["path"] == "/partners/customers"

    status, body, _ = call(event, lambda_context)

    assert status == 201
    assert body["data"]["email"] == "billing@acme.example.com"


def test_alias_path_signed_with_its_prefix_is_refused(client, lambda_context):
    from ops.count.clients import signed_headers

    event = load("count", "create-customer-alias-path")
    headers = signed_headers(
        client_id=event["headers"]["x-client-id"],
        secret="count-fixture-secret-3b9f1c7d5e2a4f6b8c0d",
        method="POST",
        path="/partners/partners/customers",  # signs "/partners/customers", not "/customers"
        body=event["body"].encode(),
    )
    status, body, _ = call(with_headers(event, **headers), lambda_context)
    assert status == 401
    assert body["code"] == "INVALID_SIGNATURE"


def test_timestamp_in_milliseconds_is_accepted(client, lambda_context):
    millis = str(int(utc_now().timestamp() * 1000))
    event = signed_now(load("count", "create-customer-sample"), timestamp=millis)
    assert call(event, lambda_context)[0] == 201


# --- 401: one code per failure -------------------------------------------------------------------


def assert_refused(client, status: int, body: dict[str, Any], code: str) -> None:
    assert status == 401
    assert body["status"] == "error"
    assert body["code"] == code
    assert isinstance(body["message"], str)
    assert body["message"]
    assert "errors" not in body
    assert customers(client) == []


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("create-customer-invalid-token", "INVALID_TOKEN"),
        ("create-customer-revoked-token", "TOKEN_REVOKED"),
        ("create-customer-other-client-token", "TOKEN_CLIENT_MISMATCH"),
        ("create-customer-invalid-timestamp", "INVALID_TIMESTAMP"),
        ("create-customer-stale-timestamp", "TIMESTAMP_OUT_OF_RANGE"),
        ("create-customer-missing-signature", "MISSING_CREDENTIALS"),
    ],
)
def test_each_auth_failure_fixture_has_its_own_code(client, lambda_context, name, code):
    # As recorded: these fixtures fail before their (fixed) timestamp would matter.
    status, body, _ = call(fixture(name, sign=False), lambda_context)
    assert_refused(client, status, body, code)


def test_bad_signature_fixture_is_refused_when_signed_now_with_the_same_wrong_secret(
    client, lambda_context
):
    recorded = load("count", "create-customer-bad-signature")
    event = signed_now(recorded, secret="not-the-client-secret")
    # The fixture's own signature is the one the wrong secret gives at its timestamp.
    assert (
        signed_now(recorded, secret="not-the-client-secret", timestamp=FIXTURE_TIMESTAMP)[
            "headers"
        ]["x-signature"]
        == recorded["headers"]["x-signature"]
    )

    status, body, _ = call(event, lambda_context)

    assert_refused(client, status, body, "INVALID_SIGNATURE")


@pytest.mark.parametrize("header", ["x-client-id", "x-timestamp", "x-signature", "Authorization"])
def test_any_missing_header_is_missing_credentials(client, lambda_context, header):
    event = with_headers(fixture("create-customer-sample"), **{header: None})

    status, body, _ = call(event, lambda_context)

    assert_refused(client, status, body, "MISSING_CREDENTIALS")
    assert body["details"] == {"missingHeaders": [header]}


@pytest.mark.parametrize("seconds_away", [-301, 301, -3600, 86_400])
def test_timestamp_more_than_300_seconds_away_is_refused(client, lambda_context, seconds_away):
    timestamp = str(int(utc_now().timestamp()) + seconds_away)
    event = signed_now(load("count", "create-customer-sample"), timestamp=timestamp)

    status, body, _ = call(event, lambda_context)

    assert_refused(client, status, body, "TIMESTAMP_OUT_OF_RANGE")
    assert body["details"]["toleranceSeconds"] == 300
    assert abs(body["details"]["serverTime"] - utc_now().timestamp()) < 60


@pytest.mark.parametrize("seconds_away", [-290, 290])
def test_timestamp_within_300_seconds_is_accepted(client, lambda_context, seconds_away):
    timestamp = str(int(utc_now().timestamp()) + seconds_away)
    event = signed_now(load("count", "create-customer-sample"), timestamp=timestamp)
    assert call(event, lambda_context)[0] == 201


@pytest.mark.parametrize("timestamp", ["-1795440404", "1795440404.5", "17954e5", "0x6b", " "])
def test_timestamp_that_is_not_an_epoch_integer_is_refused(client, lambda_context, timestamp):
    event = signed_now(load("count", "create-customer-sample"), timestamp=timestamp)
    status, body, _ = call(event, lambda_context)
    expected = "MISSING_CREDENTIALS" if not timestamp.strip() else "INVALID_TIMESTAMP"
    assert_refused(client, status, body, expected)


def auth_items(aws) -> list[dict[str, Any]]:
    return all_items(aws, "AUTH_TABLE_NAME")


def test_replayed_request_is_refused_although_its_signature_is_valid(client, lambda_context):
    event = fixture("create-customer-sample")
    assert call(event, lambda_context)[0] == 201
    credentials = auth_items(client)
    # The same headers over another body: the signature does not fit it.
    other_body = with_body(event, {"customer": "Other", "email": "other@acme.example.com"})

    status, body, _ = call(event, lambda_context)

    assert status == 401
    assert body["code"] == "REPLAYED_REQUEST"
    # The replay is told by the mark the first request left on its customer: nothing else is
    # stored for it, and the copy changed nothing.
    (customer,) = customers(client)
    signature = event["headers"]["x-signature"]
    assert customer["sig"] == {"B": request_mark("cli_fixture00000000000000001", signature)}
    assert auth_items(client) == credentials
    assert call(other_body, lambda_context)[1]["code"] == "INVALID_SIGNATURE"


def test_replay_of_a_refused_request_is_refused_again_and_writes_nothing(client, lambda_context):
    # A request that wrote nothing leaves no mark: its copy gets the same answer (the body and
    # the team are the same), and writes nothing either.
    invalid = with_fields(email="not-an-email")
    assert call(invalid, lambda_context)[1]["code"] == "VALIDATION_ERROR"
    assert call(invalid, lambda_context)[1]["code"] == "VALIDATION_ERROR"
    assert customers(client) == []

    assert call(with_fields(), lambda_context)[0] == 201
    duplicate = with_fields()  # signed anew: another request for the same email
    assert call(duplicate, lambda_context)[1]["code"] == "EMAIL_ALREADY_EXISTS"
    stored = customers(client)
    assert call(duplicate, lambda_context)[1]["code"] == "EMAIL_ALREADY_EXISTS"
    assert customers(client) == stored


def test_the_signature_in_upper_case_is_another_spelling_and_refused(client, lambda_context):
    # One spelling per signature (issue 21): the signer's lower-case hex only, so an upper-case
    # copy is neither a second request nor a replay of the first: it is not a signature.
    event = fixture("create-customer-sample")
    upper = with_headers(event, x_signature=event["headers"]["x-signature"].upper())
    assert call(upper, lambda_context)[1]["code"] == "INVALID_SIGNATURE"
    assert call(event, lambda_context)[0] == 201
    assert call(upper, lambda_context)[1]["code"] == "INVALID_SIGNATURE"


def test_replay_of_an_idempotent_create_is_refused_not_answered_again(client, lambda_context):
    first = with_headers(with_fields(), idempotency_key="order-9")
    assert call(first, lambda_context)[0] == 201
    stored = all_items(client, "CUSTOMER_TABLE_NAME")

    status, body, _ = call(first, lambda_context)

    assert (status, body["code"]) == (401, "REPLAYED_REQUEST")
    assert all_items(client, "CUSTOMER_TABLE_NAME") == stored


def test_replay_of_an_idempotent_retry_gets_the_stored_answer_again(client, lambda_context):
    # The retry created nothing (its transaction was cancelled by the first request's record),
    # so its copy is answered as the retry was: the first 201, and nothing is written.
    first = with_headers(with_fields(), idempotency_key="order-10")
    retry = signed_now(first)
    first_body = lambda_handler(first, lambda_context)["body"]
    assert lambda_handler(retry, lambda_context)["body"] == first_body
    stored = all_items(client, "CUSTOMER_TABLE_NAME")

    again = lambda_handler(retry, lambda_context)

    assert (again["statusCode"], again["body"]) == (201, first_body)
    assert all_items(client, "CUSTOMER_TABLE_NAME") == stored


def test_a_rotated_secret_works_at_once_and_the_old_one_only_while_kept(client, lambda_context):
    assert call(with_fields(email="a@x.com"), lambda_context)[0] == 201  # the secret is kept
    ClientStore(os.environ["AUTH_TABLE_NAME"]).replace_secret(
        "count", FIXTURE_CLIENT_ID, "rotated-secret"
    )

    new = signed_now(
        with_body_fields(load("count", "create-customer-sample"), email="b@x.com"),
        secret="rotated-secret",
    )
    assert call(new, lambda_context)[0] == 201
    # Re-read for the new one: the old secret is no longer kept in this environment.
    assert call(with_fields(email="c@x.com"), lambda_context)[1]["code"] == "INVALID_SIGNATURE"


def test_an_old_secret_still_kept_is_accepted_within_the_bound(client, lambda_context):
    assert call(with_fields(email="a@x.com"), lambda_context)[0] == 201  # the secret is kept
    ClientStore(os.environ["AUTH_TABLE_NAME"]).replace_secret(
        "count", FIXTURE_CLIENT_ID, "rotated-secret"
    )
    # Within COUNT_SECRET_MAX_AGE_SECONDS (the authorizer cache TTL) the kept secret answers.
    assert call(with_fields(email="b@x.com"), lambda_context)[0] == 201
    forget_secrets()  # what the bound's passing does
    assert call(with_fields(email="c@x.com"), lambda_context)[1]["code"] == "INVALID_SIGNATURE"


def test_a_secret_is_kept_no_longer_than_the_authorizer_caches_a_verdict():
    variables = resource("CountCreateCustomerFunction")["Properties"]["Environment"]["Variables"]
    assert variables["COUNT_SECRET_MAX_AGE_SECONDS"] == {"Ref": "CountAuthorizerCacheTtl"}
    authorizer = resource("CountApi")["Properties"]["Auth"]["Authorizers"]["CountClientAuthorizer"]
    assert authorizer["Identity"]["ReauthorizeEvery"] == {"Ref": "CountAuthorizerCacheTtl"}
    assert handler_module.client_secrets.max_age == float(
        os.environ["COUNT_SECRET_MAX_AGE_SECONDS"]
    )


def test_request_signed_over_a_different_body_is_refused(client, lambda_context):
    signed = fixture("create-customer-sample")
    tampered = body_of(signed)
    tampered["email"] = "attacker@evil.example.com"
    event = with_body(signed, tampered)  # headers keep the signature of the original body

    status, body, _ = call(event, lambda_context)

    assert_refused(client, status, body, "INVALID_SIGNATURE")


def test_signature_covers_the_raw_body_byte_for_byte(client, lambda_context):
    signed = fixture("create-customer-minimal")
    # The same JSON value, other bytes: compact instead of indented.
    compact = with_body(signed, json.dumps(body_of(signed), separators=(",", ":")))
    assert call(compact, lambda_context)[1]["code"] == "INVALID_SIGNATURE"


def test_signature_by_another_secret_is_refused(client, lambda_context):
    event = signed_now(load("count", "create-customer-sample"), secret="someone-elses-secret")
    status, body, _ = call(event, lambda_context)
    assert_refused(client, status, body, "INVALID_SIGNATURE")


@pytest.mark.parametrize("signature", ["not-hex", "", "ab" * 31])
def test_malformed_signature_is_refused(client, lambda_context, signature):
    event = with_headers(fixture("create-customer-sample"), x_signature=signature or None)
    status, body, _ = call(event, lambda_context)
    expected = "INVALID_SIGNATURE" if signature else "MISSING_CREDENTIALS"
    assert_refused(client, status, body, expected)


def test_signature_of_another_method_is_refused(client, lambda_context):
    event = load("count", "create-customer-sample")
    event["httpMethod"] = "GET"
    signed_for_get = signed_now(event)
    signed_for_get["httpMethod"] = "POST"
    assert call(signed_for_get, lambda_context)[1]["code"] == "INVALID_SIGNATURE"


def test_request_without_the_authorizer_context_is_unknown_client(client, lambda_context):
    event = fixture("create-customer-sample")
    event["requestContext"].pop("authorizer")
    status, body, _ = call(event, lambda_context)
    assert_refused(client, status, body, "UNKNOWN_CLIENT")


def test_header_client_must_be_the_client_the_authorizer_vouched_for(client, lambda_context):
    event = signed_now(with_headers(load("count", "create-customer-sample"), x_client_id="cli_x"))
    status, body, _ = call(event, lambda_context)
    assert_refused(client, status, body, "UNKNOWN_CLIENT")


def test_client_without_a_stored_secret_is_unknown_client(aws, lambda_context):
    status, body, _ = call(fixture("create-customer-sample"), lambda_context)
    assert_refused(aws, status, body, "UNKNOWN_CLIENT")


def test_unknown_token_verdict_is_treated_as_an_invalid_token(client, lambda_context):
    event = fixture("create-customer-sample")
    event["requestContext"]["authorizer"]["tokenStatus"] = "SOMETHING_NEW"
    status, body, _ = call(event, lambda_context)
    assert_refused(client, status, body, "INVALID_TOKEN")


def test_failed_authentication_writes_nothing(client, lambda_context):
    credentials = auth_items(client)
    call(fixture("create-customer-invalid-token", sign=False), lambda_context)
    call(fixture("create-customer-bad-signature", sign=False), lambda_context)
    assert auth_items(client) == credentials
    assert all_items(client, "CUSTOMER_TABLE_NAME") == []


def test_auth_is_checked_before_the_content_type_and_body(client, lambda_context):
    event = with_headers(fixture("create-customer-invalid-body"), content_type="text/plain")
    event["requestContext"]["authorizer"]["tokenStatus"] = "INVALID_TOKEN"
    assert call(event, lambda_context)[1]["code"] == "INVALID_TOKEN"


# --- uniqueness within the team ------------------------------------------------------------------


def test_two_teams_can_each_create_the_same_email_but_one_team_cannot_twice(client, lambda_context):
    seed_client(OTHER_CLIENT_ID, team_id="team_beta", secret="beta-secret")
    team_alpha = with_fields(email="a@x.com")
    team_beta = signed_now(
        as_team(with_fields(email="a@x.com"), "team_beta", OTHER_CLIENT_ID), secret="beta-secret"
    )

    assert call(team_alpha, lambda_context)[0] == 201
    assert call(team_beta, lambda_context)[0] == 201

    for email in ("a@x.com", "A@X.com", " a@x.COM".strip()):
        status, body, _ = call(with_fields(email=email), lambda_context)
        assert status == 409, email
        assert body == {
            "status": "error",
            "message": "A customer with this email already exists in this team.",
            "code": "EMAIL_ALREADY_EXISTS",
            "details": {"field": "email"},
        }
    assert sorted(item["pk"]["S"] for item in customers(client)) == [
        "CUSTOMER#count#team_alpha#a@x.com",
        "CUSTOMER#count#team_beta#a@x.com",
    ]


def test_email_is_returned_as_sent(client, lambda_context):
    status, body, _ = call(with_fields(email="Mixed.Case@Example.COM"), lambda_context)
    assert status == 201
    assert body["data"]["email"] == "Mixed.Case@Example.COM"
    assert customers(client)[0]["pk"]["S"].endswith("#mixed.case@example.com")


# --- 400 -----------------------------------------------------------------------------------------


def test_invalid_body_fixture_names_every_failing_field(client, lambda_context):
    status, body, _ = call(fixture("create-customer-invalid-body"), lambda_context)

    assert status == 400
    assert body["status"] == "error"
    assert body["code"] == "VALIDATION_ERROR"
    assert body["message"] == "Validation failed"
    assert errors_by_field(body) == {
        "customer": "customer must not be blank.",
        "email": "email must be a valid email address.",
        "mainPhone": "mainPhone must be at most 50 characters long.",
        "website": "website must be an http or https URL.",
        "status": "status must be one of: 'active' or 'inactive'.",
        "billingAddress.zipCode": "billingAddress.zipCode must be a string.",
        "billingAddress.county": "billingAddress.county is not an allowed field.",
        "contacts[0].email": "contacts[0].email must be a valid email address.",
        "notes": "notes is not an allowed field.",
    }
    assert customers(client) == []


@pytest.mark.parametrize("field", ["customer", "email"])
def test_required_fields(client, lambda_context, field):
    status, body, _ = call(with_fields(**{field: ...}), lambda_context)
    assert status == 400
    assert errors_by_field(body) == {field: f"{field} is required."}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("customer", "", "customer must not be blank."),
        ("customer", "x" * 256, "customer must be at most 255 characters long."),
        # No address over 254 characters is valid, so the length rule never shows on its own.
        (
            "email",
            "a" * 60 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + ".com",
            "email must be a valid email address.",
        ),
        ("website", "w" * 250 + "https://", "website must be at most 255 characters long."),
        ("website", "acme.example.com", "website must be an http or https URL."),
        ("website", "https://", "website must be an http or https URL."),
        ("website", "javascript:alert(1)", "website must be an http or https URL."),
        ("status", "ACTIVE", "status must be one of: 'active' or 'inactive'."),
        ("billingAddress", "100 Main St", "billingAddress must be an object."),
        ("shippingAddress", [], "shippingAddress must be an object."),
        ("contacts", {"firstName": "A"}, "contacts must be an array."),
        ("customer", 12, "customer must be a string."),
        ("mainPhone", 5550100, "mainPhone must be a string."),
        ("status", True, "status must be one of: 'active' or 'inactive'."),
    ],
)
def test_field_rules(client, lambda_context, field, value, message):
    status, body, _ = call(with_fields(**{field: value}), lambda_context)
    assert status == 400
    assert errors_by_field(body) == {field: message}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("customer", "x" * 255),
        ("mainPhone", "1" * 50),
        ("website", "http://" + "w" * 248),
        ("website", "HTTPS://ACME.EXAMPLE.COM/path?q=1"),
        ("status", "inactive"),
    ],
)
def test_limits_are_inclusive_and_values_returned(client, lambda_context, field, value):
    status, body, _ = call(with_fields(**{field: value}), lambda_context)
    assert status == 201
    assert body["data"][field] == value


def test_nullable_fields_accept_null(client, lambda_context):
    status, body, _ = call(
        with_fields(mainPhone=None, website=None, billingAddress=None, shippingAddress=None),
        lambda_context,
    )
    assert status == 201
    assert body["data"]["billingAddress"] is None
    assert body["data"]["mainPhone"] is None


def test_absent_status_and_contacts_take_their_defaults(client, lambda_context):
    status, body, _ = call(with_fields(status=..., contacts=...), lambda_context)
    assert status == 201
    assert body["data"]["status"] == "active"
    assert body["data"]["contacts"] == []


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("status", "status must be one of: 'active' or 'inactive'."),
        ("contacts", "contacts must be an array."),
    ],
)
def test_null_is_refused_where_the_document_does_not_say_nullable(
    client, lambda_context, field, message
):
    status, body, _ = call(with_fields(**{field: None}), lambda_context)
    assert status == 400
    assert body["code"] == "VALIDATION_ERROR"
    assert errors_by_field(body) == {field: message}


def test_partial_address_is_returned_with_every_address_field(client, lambda_context):
    status, body, _ = call(with_fields(billingAddress={"city": "Springfield"}), lambda_context)
    assert status == 201
    assert body["data"]["billingAddress"] == {
        "street": None,
        "city": "Springfield",
        "state": None,
        "zipCode": None,
        "country": None,
    }


def test_contact_rules(client, lambda_context):
    contacts = [
        {"firstName": "A", "isPrimary": "yes"},
        {"email": "b@example.com", "phone": "1" * 51},
        {"phone": "+1-555-0199"},
        {"firstName": "D", "nickname": "Dee"},
        "E",
    ]
    status, body, _ = call(with_fields(contacts=contacts), lambda_context)
    assert status == 400
    assert errors_by_field(body) == {
        "contacts[0].isPrimary": "contacts[0].isPrimary must be a boolean.",
        "contacts[1].phone": "contacts[1].phone must be at most 50 characters long.",
        "contacts[2]": "contacts[2]: a contact needs a firstName, lastName or email.",
        "contacts[3].nickname": "contacts[3].nickname is not an allowed field.",
        "contacts[4]": "contacts[4] must be an object.",
    }


def test_contacts_without_is_primary_are_not_primary(client, lambda_context):
    status, body, _ = call(with_fields(contacts=[{"email": "x@example.com"}]), lambda_context)
    assert status == 201
    (contact,) = body["data"]["contacts"]
    assert contact["isPrimary"] is False
    assert contact["email"] == "x@example.com"
    assert contact["firstName"] is None


def test_one_primary_contact_is_fine_two_are_not(client, lambda_context):
    one = [{"firstName": "A", "isPrimary": True}, {"firstName": "B", "isPrimary": False}]
    assert call(with_fields(contacts=one), lambda_context)[0] == 201
    two = [{"firstName": "A", "isPrimary": True}, {"firstName": "B", "isPrimary": True}]
    status, body, _ = call(with_fields(contacts=two, email="two@example.com"), lambda_context)
    assert status == 400
    assert list(errors_by_field(body)) == ["contacts"]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("{not json", "body_not_json"),
        ('["a"]', "body_not_object"),
        ("", "body_missing"),
        ('{"customer": NaN}', "body_not_json"),
    ],
)
def test_body_that_is_not_a_json_object_is_400(client, lambda_context, raw, reason):
    status, body, _ = call(
        signed_now(with_body(load("count", "create-customer-sample"), raw)), lambda_context
    )
    assert status == 400
    assert body["code"] == "BAD_REQUEST"
    assert body["details"] == {"reason": reason}
    assert "errors" not in body


def test_body_over_64_kib_is_400(client, lambda_context):
    status, body, _ = call(with_fields(customer="x" * (64 * 1024)), lambda_context)
    assert status == 400
    assert body["details"] == {"reason": "body_too_large"}


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/xml"])
def test_content_type_must_be_json(client, lambda_context, content_type):
    event = with_headers(fixture("create-customer-sample"), content_type=content_type)
    status, body, _ = call(event, lambda_context)
    assert status == 400
    assert body["details"] == {"reason": "unsupported_content_type"}


# --- idempotency and failures --------------------------------------------------------------------


def test_idempotency_key_replays_the_first_response_for_a_re_signed_retry(client, lambda_context):
    first = with_headers(with_fields(), idempotency_key="order-1")
    retry = signed_now(first)  # a retry is signed again: the first signature is spent

    first_response = lambda_handler(first, lambda_context)
    retry_response = lambda_handler(retry, lambda_context)

    assert first_response["statusCode"] == 201
    assert retry_response["body"] == first_response["body"]
    assert len(customers(client)) == 1


def test_idempotency_key_with_another_body_is_409(client, lambda_context):
    lambda_handler(with_headers(with_fields(), idempotency_key="order-1"), lambda_context)
    other = with_headers(with_fields(email="other@example.com"), idempotency_key="order-1")

    status, body, _ = call(signed_now(other), lambda_context)

    assert status == 409
    assert body["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_store_failure_is_a_clean_500(client, lambda_context):
    client.delete_table(TableName="customers-test")
    status, body, _ = call(fixture("create-customer-sample"), lambda_context)
    assert status == 500
    assert body == {"status": "error", "message": "Internal server error", "code": "INTERNAL_ERROR"}


def test_auth_store_failure_is_a_clean_500(client, lambda_context):
    client.delete_table(TableName="auth-test")
    status, body, _ = call(fixture("create-customer-sample"), lambda_context)
    assert status == 500
    assert body["code"] == "INTERNAL_ERROR"


def test_logs_carry_no_secret_token_email_or_phone(client, lambda_context):
    import io

    buffer = io.StringIO()
    logger = handler_module.obs.logger
    previous = logger.registered_handler.setStream(buffer)  # type: ignore[attr-defined]
    handler_module.obs.logger.setLevel("DEBUG")  # successes log at DEBUG (http/frame.py)
    try:
        event = fixture("create-customer-sample")
        call(event, lambda_context)
        call(event, lambda_context)  # the replay path logs too
        call(fixture("create-customer-invalid-body"), lambda_context)
    finally:
        logger.registered_handler.setStream(previous)  # type: ignore[attr-defined]
        handler_module.obs.logger.setLevel("INFO")

    logged = buffer.getvalue()
    assert "customer created" in logged
    assert "request refused" in logged
    for private in ("count-fixture-secret", "count-fixture-token", "acme.example.com", "555-0100"):
        assert private not in logged
