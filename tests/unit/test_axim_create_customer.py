"""Axim POST /customers through the real handler, on moto DynamoDB."""

from __future__ import annotations

import base64
import io
import json
import re
from typing import Any

import pytest
from axim_api import handler as handler_module
from axim_api.handler import lambda_handler

from tests.support.events import body_of, load, with_body, with_body_fields, with_headers
from tests.unit.conftest import all_items

ISO_MILLIS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
DATA_FIELDS = {
    "id", "email", "firstName", "lastName", "phoneNumber", "role", "company", "status",
    "verifiedEmail", "newsletter", "isB2B", "metaFields", "createdBy", "createdAt", "updatedAt",
    "address", "notes",
}  # fmt: skip


def call(event: dict[str, Any], context: Any) -> tuple[int, dict[str, Any], dict[str, str]]:
    response = lambda_handler(event, context)
    return response["statusCode"], json.loads(response["body"]), response["headers"]


def sample() -> dict[str, Any]:
    return load("axim", "create-customer-sample")


def with_fields(**fields: Any) -> dict[str, Any]:
    return with_body_fields(sample(), **fields)


def errors_by_field(body: dict[str, Any]) -> dict[str, str]:
    return {error["field"]: error["message"] for error in body["errors"]}


def test_sample_request_creates_customer_with_every_documented_field(aws, lambda_context):
    status, body, headers = call(sample(), lambda_context)

    assert status == 201
    assert headers["Content-Type"] == "application/json"
    assert body["success"] is True
    assert body["message"] == "Customer created successfully"
    data = body["data"]
    assert set(data) == DATA_FIELDS
    sent = body_of(sample())
    assert re.fullmatch(r"[0-9a-f]{24}", data["id"])
    assert data["email"] == "John@aximcommerce.com"  # as sent, not normalised
    for name in ("firstName", "lastName", "phoneNumber", "status", "company", "notes"):
        assert data[name] == sent[name]
    assert data["address"] == sent["address"]
    assert data["metaFields"] == sent["metaFields"]
    assert data["role"] == "64b7f0c2a1d3e4f5a6b7c8d9"
    assert data["verifiedEmail"] is False
    assert data["newsletter"] is False
    assert data["isB2B"] is True
    assert data["createdBy"] == {
        "id": "usr_axim_demo",
        "name": "Demo Integration",
        "type": "api_client",
    }
    assert ISO_MILLIS.match(data["createdAt"])
    assert data["updatedAt"] == data["createdAt"]
    items = all_items(aws, "CUSTOMER_TABLE_NAME")
    assert len(items) == 1
    assert items[0]["pk"]["S"] == "CUSTOMER#axim#store#john@aximcommerce.com"
    assert items[0]["id"]["S"] == data["id"]


def test_minimal_body_gets_documented_defaults(aws, lambda_context):
    status, body, _ = call(load("axim", "create-customer-minimal"), lambda_context)

    assert status == 201
    data = body["data"]
    assert set(data) == DATA_FIELDS
    assert data["isB2B"] is False
    assert data["company"] is None
    assert data["phoneNumber"] is None
    assert data["notes"] is None
    assert data["address"] == []
    assert data["metaFields"] == []


def test_ids_are_distinct_and_time_ordered(aws, lambda_context):
    ids = []
    for index in range(5):
        _, body, _ = call(with_fields(email=f"order{index}@example.com"), lambda_context)
        ids.append(body["data"]["id"])
    assert len(set(ids)) == 5
    assert ids == sorted(ids)


@pytest.mark.parametrize(
    "email", ["John@aximcommerce.com", "john@AXIMCOMMERCE.com", "JOHN@aximcommerce.com"]
)
def test_duplicate_email_in_any_letter_case_is_409(aws, lambda_context, email):
    assert call(sample(), lambda_context)[0] == 201

    status, body, _ = call(with_fields(email=email), lambda_context)

    assert status == 409
    assert body == {"success": False, "message": "A customer with this email already exists."}
    assert len(all_items(aws, "CUSTOMER_TABLE_NAME")) == 1


def test_request_without_authorizer_principal_is_401(aws, lambda_context):
    status, body, _ = call(load("axim", "create-customer-missing-token"), lambda_context)

    assert status == 401
    assert body == {"success": False, "message": "The access token is invalid or missing."}
    assert all_items(aws, "CUSTOMER_TABLE_NAME") == []


def test_wrong_content_type_is_400(aws, lambda_context):
    status, body, _ = call(load("axim", "create-customer-wrong-content-type"), lambda_context)

    assert status == 400
    assert body == {"success": False, "message": "Content-Type must be application/json."}


@pytest.mark.parametrize("header", [None, "text/plain", "application/jsonp", "application/xml"])
def test_other_or_missing_content_types_are_400(aws, lambda_context, header):
    status, body, _ = call(with_headers(sample(), content_type=header), lambda_context)
    assert status == 400
    assert body["success"] is False
    assert "errors" not in body


@pytest.mark.parametrize("header", ["application/json; charset=utf-8", "Application/JSON"])
def test_json_content_type_with_parameters_is_accepted(aws, lambda_context, header):
    status, _, _ = call(with_headers(sample(), content_type=header), lambda_context)
    assert status == 201


def test_invalid_body_fixture_names_every_failing_field(aws, lambda_context):
    status, body, _ = call(load("axim", "create-customer-invalid-body"), lambda_context)

    assert status == 400
    assert body["success"] is False
    assert body["message"] == (
        "The request body contains invalid data or is missing required fields."
    )
    assert errors_by_field(body) == {
        "firstName": "firstName must not be empty.",
        "lastName": "lastName must be a string.",
        "email": "email must be a valid email address.",
        "status": "status must be one of: 'active', 'inactive' or 'pending'.",
        "company": "company must be a 24-character hexadecimal id.",
        "metaFields": "metaFields: metaFields codes must be unique.",
        "nickname": "nickname is not an allowed field.",
    }
    assert all_items(aws, "CUSTOMER_TABLE_NAME") == []


@pytest.mark.parametrize("field", ["firstName", "lastName", "email", "status"])
def test_each_required_field_is_required(aws, lambda_context, field):
    status, body, _ = call(with_fields(**{field: ...}), lambda_context)

    assert status == 400
    assert errors_by_field(body) == {field: f"{field} is required."}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("firstName", 123),
        ("lastName", True),
        ("email", 5),
        ("phoneNumber", 65161861),
        ("status", 1),
        ("company", 637),
        ("notes", ["a"]),
    ],
)
def test_strings_are_not_coerced(aws, lambda_context, field, value):
    status, body, _ = call(with_fields(**{field: value}), lambda_context)

    assert status == 400
    assert field in errors_by_field(body)


@pytest.mark.parametrize("field", ["firstName", "lastName"])
def test_blank_names_are_refused(aws, lambda_context, field):
    status, body, _ = call(with_fields(**{field: "   "}), lambda_context)
    assert status == 400
    assert errors_by_field(body) == {field: f"{field} must not be empty."}


@pytest.mark.parametrize(
    "email", ["plainaddress", "a@b", "john@", "@example.com", "a b@example.com"]
)
def test_invalid_emails_are_refused(aws, lambda_context, email):
    status, body, _ = call(with_fields(email=email), lambda_context)
    assert status == 400
    assert errors_by_field(body) == {"email": "email must be a valid email address."}


@pytest.mark.parametrize("status_value", ["active", "inactive", "pending"])
def test_documented_statuses_are_accepted(aws, lambda_context, status_value):
    status, body, _ = call(with_fields(status=status_value), lambda_context)
    assert status == 201
    assert body["data"]["status"] == status_value


@pytest.mark.parametrize("company", ["637e18fc741020de0693227", "637e18fc741020de0693227az", "xyz"])
def test_company_must_be_a_24_hex_id(aws, lambda_context, company):
    status, body, _ = call(with_fields(company=company), lambda_context)
    assert status == 400
    assert "company" in errors_by_field(body)


def test_optional_fields_accept_null(aws, lambda_context):
    status, body, _ = call(
        with_fields(phoneNumber=None, company=None, notes=None, address=None, metaFields=None),
        lambda_context,
    )
    assert status == 201
    assert body["data"]["isB2B"] is False
    assert body["data"]["address"] == []


def test_address_objects_accept_only_documented_fields(aws, lambda_context):
    address = {**body_of(sample())["address"][0], "county": "Union"}
    status, body, _ = call(with_fields(address=[address]), lambda_context)
    assert status == 400
    assert errors_by_field(body) == {
        "address[0].county": "address[0].county is not an allowed field."
    }


def test_address_field_types_are_checked(aws, lambda_context):
    status, body, _ = call(
        with_fields(address=[{"zipcode": 7202, "isDefaultAddress": "yes"}]), lambda_context
    )
    assert status == 400
    assert errors_by_field(body) == {
        "address[0].zipcode": "address[0].zipcode must be a string.",
        "address[0].isDefaultAddress": "address[0].isDefaultAddress must be a boolean.",
    }


def test_address_must_be_an_array_of_objects(aws, lambda_context):
    assert call(with_fields(address={"city": "x"}), lambda_context)[0] == 400
    assert call(with_fields(address=["x"]), lambda_context)[0] == 400


def test_at_most_one_default_address(aws, lambda_context):
    two_defaults = [
        {"city": "A", "isDefaultAddress": True},
        {"city": "B", "isDefaultAddress": True},
    ]
    status, body, _ = call(with_fields(address=two_defaults), lambda_context)
    assert status == 400
    assert list(errors_by_field(body)) == ["address"]

    one_default = [
        {"city": "A", "isDefaultAddress": True},
        {"city": "B", "isDefaultAddress": False},
    ]
    assert call(with_fields(address=one_default), lambda_context)[0] == 201


@pytest.mark.parametrize(
    "meta_fields",
    [
        [{"value": 1}],
        [{"code": "", "value": 1}],
        [{"code": 12, "value": 1}],
        [{"code": "a", "x": 1}],
    ],
)
def test_meta_field_items_need_a_nonempty_code_and_nothing_else(aws, lambda_context, meta_fields):
    status, body, _ = call(with_fields(metaFields=meta_fields), lambda_context)
    assert status == 400
    assert all(name.startswith("metaFields[0]") for name in errors_by_field(body))


def test_meta_field_values_may_be_any_json(aws, lambda_context):
    values = [1254, 1.5, "text", True, None, [1, "a"], {"nested": {"deep": [1]}}]
    meta_fields = [{"code": f"c{index}", "value": value} for index, value in enumerate(values)]
    status, body, _ = call(with_fields(metaFields=meta_fields), lambda_context)
    assert status == 201
    assert body["data"]["metaFields"] == meta_fields


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "The request body is not valid JSON."),
        ('["a", "b"]', "The request body must be a JSON object."),
        ('"text"', "The request body must be a JSON object."),
        ("", "The request body must be a JSON object."),
        ('{"firstName": NaN}', "The request body is not valid JSON."),
    ],
)
def test_body_that_is_not_a_json_object_is_400(aws, lambda_context, raw, message):
    status, body, _ = call(with_body(sample(), raw), lambda_context)
    assert status == 400
    assert body == {"success": False, "message": message}


def test_missing_body_is_400(aws, lambda_context):
    status, body, _ = call(with_body(sample(), None), lambda_context)
    assert status == 400
    assert body["success"] is False


def test_body_over_64_kib_is_400(aws, lambda_context):
    status, body, _ = call(with_fields(notes="x" * (64 * 1024)), lambda_context)
    assert status == 400
    assert body == {"success": False, "message": "The request body must not exceed 64 KiB."}
    assert all_items(aws, "CUSTOMER_TABLE_NAME") == []


def test_base64_encoded_body_is_decoded(aws, lambda_context):
    event = sample()
    event["body"] = base64.b64encode(event["body"].encode()).decode()
    event["isBase64Encoded"] = True
    assert call(event, lambda_context)[0] == 201


def test_store_failure_is_a_clean_500_with_nothing_written(aws, lambda_context):
    aws.delete_table(TableName="customers-test")

    status, body, _ = call(sample(), lambda_context)

    assert status == 500
    assert body == {"success": False, "message": "Internal server error"}


def test_unexpected_failure_is_a_clean_500(aws, lambda_context, unexpected_failure):

    status, body, _ = call(sample(), lambda_context)

    assert status == 500
    assert body == {"success": False, "message": "Internal server error"}
    assert all_items(aws, "CUSTOMER_TABLE_NAME") == []


def test_at_info_a_success_logs_nothing_and_a_refusal_one_line(aws, lambda_context):
    """customer_core.http.frame: successes log at DEBUG (their metric and the access log record
    them), refusals at INFO."""
    buffer = io.StringIO()
    previous = handler_module.obs.logger.registered_handler.setStream(buffer)  # type: ignore[attr-defined]
    try:
        assert call(sample(), lambda_context)[0] == 201
        after_success = buffer.getvalue()
        assert call(sample(), lambda_context)[0] == 409
    finally:
        handler_module.obs.logger.registered_handler.setStream(previous)  # type: ignore[attr-defined]
    assert after_success == ""
    (refusal,) = [json.loads(line) for line in buffer.getvalue()[len(after_success) :].splitlines()]
    assert (refusal["level"], refusal["outcome"]) == ("INFO", "DuplicateEmail")


def test_logs_carry_no_email_or_phone(aws, lambda_context):
    buffer = io.StringIO()
    previous = handler_module.obs.logger.registered_handler.setStream(buffer)  # type: ignore[attr-defined]
    handler_module.obs.logger.setLevel("DEBUG")  # successes log at DEBUG (http/frame.py)
    try:
        call(sample(), lambda_context)
        call(sample(), lambda_context)  # the duplicate path logs too
    finally:
        handler_module.obs.logger.registered_handler.setStream(previous)  # type: ignore[attr-defined]
        handler_module.obs.logger.setLevel("INFO")

    logged = buffer.getvalue()
    assert "customer created" in logged
    assert "request refused" in logged
    assert "c6af9ac6-7b61-11e6-9a41-93e8deadbeef" in logged  # correlation id
    assert "aximcommerce" not in logged.lower()
    assert "65161861" not in logged


class TestIdempotencyKey:
    def test_same_key_and_body_replays_first_response_without_second_write(
        self, aws, lambda_context
    ):
        event = with_headers(sample(), idempotency_key="order-7731")
        first = lambda_handler(event, lambda_context)
        second = lambda_handler(event, lambda_context)

        assert first["statusCode"] == 201
        assert second["statusCode"] == 201
        assert second["body"] == first["body"]
        customers = [
            i for i in all_items(aws, "CUSTOMER_TABLE_NAME") if i["pk"]["S"].startswith("CUSTOMER#")
        ]
        assert len(customers) == 1

    def test_same_key_with_another_body_is_refused(self, aws, lambda_context):
        lambda_handler(with_headers(sample(), idempotency_key="order-7731"), lambda_context)
        other = with_headers(with_fields(email="other@example.com"), idempotency_key="order-7731")

        status, body, _ = call(other, lambda_context)

        assert status == 409
        assert body["success"] is False
        assert "Idempotency-Key" in body["message"]
        customers = [
            i for i in all_items(aws, "CUSTOMER_TABLE_NAME") if i["pk"]["S"].startswith("CUSTOMER#")
        ]
        assert len(customers) == 1

    def test_keys_are_scoped_to_the_principal(self, aws, lambda_context):
        lambda_handler(with_headers(sample(), idempotency_key="k1"), lambda_context)
        other_principal = with_headers(
            with_fields(email="second@example.com"), idempotency_key="k1"
        )
        other_principal["requestContext"]["authorizer"]["principalId"] = "usr_other"

        assert call(other_principal, lambda_context)[0] == 201

    def test_a_duplicate_under_a_new_key_is_still_409(self, aws, lambda_context):
        call(sample(), lambda_context)
        status, _, _ = call(with_headers(sample(), idempotency_key="fresh"), lambda_context)
        assert status == 409

    @pytest.mark.parametrize("key", ["", "   ", "k" * 256, "tab\tkey"])
    def test_malformed_keys_are_400(self, aws, lambda_context, key):
        status, body, _ = call(with_headers(sample(), idempotency_key=key), lambda_context)
        assert status == 400
        assert "Idempotency-Key" in body["message"]
