"""xclade POST /admin/customers through the real handler, on moto DynamoDB: Medusa's contract,
messages and error vocabulary."""

from __future__ import annotations

import copy
import io
import json
import re
from typing import Any

import pytest
from xclade_api import handler as handler_module
from xclade_api.handler import lambda_handler

from tests.support.events import body_of, load, with_body, with_body_fields, with_headers
from tests.support.xclade import FIXTURE_ACTOR
from tests.unit.conftest import all_items

ISO_MILLIS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
CUSTOMER_ID = re.compile(r"^cus_[0-9A-HJKMNP-TV-Z]{26}$")
DEFAULT_FIELDS = [
    "id", "company_name", "first_name", "last_name", "email", "phone", "metadata", "has_account",
    "created_by", "created_at", "updated_at", "deleted_at",
]  # fmt: skip


def call(event: dict[str, Any], context: Any) -> tuple[int, Any, dict[str, str]]:
    response = lambda_handler(event, context)
    body = response["body"]
    if response["headers"]["Content-Type"] == "application/json":
        body = json.loads(body)
    return response["statusCode"], body, response["headers"]


def valid() -> dict[str, Any]:
    return load("xclade", "create-customer-valid")


def with_fields(**fields: Any) -> dict[str, Any]:
    return with_body_fields(valid(), **fields)


def with_query(event: dict[str, Any], **query: str | list[str]) -> dict[str, Any]:
    varied = copy.deepcopy(event)
    varied["multiValueQueryStringParameters"] = {
        k: v if isinstance(v, list) else [v] for k, v in query.items()
    }
    varied["queryStringParameters"] = {
        k: v[-1] if isinstance(v, list) else v for k, v in query.items()
    }
    return varied


def invalid_data(message: str) -> dict[str, str]:
    return {"type": "invalid_data", "message": message}


def customers(aws) -> list[dict[str, Any]]:
    return [i for i in all_items(aws, "CUSTOMER_TABLE_NAME") if i["pk"]["S"].startswith("CUSTOMER")]


def test_valid_request_creates_a_guest_customer_with_the_default_fields(aws, lambda_context):
    status, body, headers = call(valid(), lambda_context)

    assert status == 200
    assert headers["Content-Type"] == "application/json"
    customer = body["customer"]
    assert list(body) == ["customer"]
    assert list(customer) == DEFAULT_FIELDS
    sent = body_of(valid())
    assert CUSTOMER_ID.match(customer["id"])
    for name in ("email", "company_name", "first_name", "last_name", "phone", "metadata"):
        assert customer[name] == sent[name]
    assert customer["email"] == "Jane.Doe@example.com"  # as sent, not normalised
    assert customer["has_account"] is False
    assert customer["created_by"] == FIXTURE_ACTOR
    assert customer["deleted_at"] is None
    assert ISO_MILLIS.match(customer["created_at"])
    assert customer["updated_at"] == customer["created_at"]
    items = customers(aws)
    assert len(items) == 1
    assert items[0]["pk"]["S"] == "CUSTOMER#xclade#guest#jane.doe@example.com"
    assert items[0]["id"]["S"] == customer["id"]
    stored = json.loads(items[0]["doc"]["S"])
    assert {k: stored[k] for k in DEFAULT_FIELDS} == customer
    assert stored["addresses"] == []
    assert stored["groups"] == []


def test_ids_are_distinct_and_time_ordered(aws, lambda_context):
    ids = []
    for index in range(5):
        _, body, _ = call(with_fields(email=f"order{index}@example.com"), lambda_context)
        ids.append(body["customer"]["id"])
    assert len(set(ids)) == 5
    assert ids == sorted(ids)


# --- The exact Medusa messages -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, "Invalid request: Invalid email"),
        (
            {"first_name": 123},
            "Invalid request: Expected type: 'string' for field 'first_name', got: 'number'",
        ),
        ({"foo": 1, "bar": "x"}, "Invalid request: Unrecognized fields: 'foo, bar'"),
        ({"email": ...}, "Invalid request: Field 'email' is required"),
    ],
    ids=["invalid-email", "first-name-number", "two-unknown-fields", "missing-email"],
)
def test_medusa_validation_messages(aws, lambda_context, fields, message):
    status, body, _ = call(with_fields(**fields), lambda_context)

    assert status == 400
    assert body == invalid_data(message)
    assert customers(aws) == []


def test_fields_password_is_refused_in_medusas_words(aws, lambda_context):
    status, body, _ = call(load("xclade", "create-customer-fields-invalid"), lambda_context)

    assert status == 400
    assert body == invalid_data("Requested fields [password] are not valid")
    assert customers(aws) == []


def test_invalid_body_fixture_reports_the_first_three_issues(aws, lambda_context):
    status, body, _ = call(load("xclade", "create-customer-invalid-body"), lambda_context)

    assert status == 400
    assert body == invalid_data(
        "Invalid request: Invalid email; Field 'company_name' is required; "
        "Expected type: 'string' for field 'first_name', got: 'number'"
    )


def test_unknown_fields_come_after_field_issues_and_count_as_one(aws, lambda_context):
    status, body, _ = call(with_fields(phone=5, foo=1, bar=2), lambda_context)
    assert status == 400
    assert body == invalid_data(
        "Invalid request: Expected type: 'string' for field 'phone', got: 'number'; "
        "Unrecognized fields: 'foo, bar'"
    )


@pytest.mark.parametrize(
    "field", ["email", "company_name", "first_name", "last_name", "phone", "metadata"]
)
def test_each_starred_field_is_required(aws, lambda_context, field):
    status, body, _ = call(with_fields(**{field: ...}), lambda_context)
    assert status == 400
    assert body == invalid_data(f"Invalid request: Field '{field}' is required")


@pytest.mark.parametrize(
    ("field", "value", "expected", "received"),
    [
        ("email", 5, "string", "number"),
        ("company_name", True, "string", "boolean"),
        ("first_name", None, "string", "null"),
        ("last_name", ["Doe"], "string", "array"),
        ("phone", 5550100, "string", "number"),
        ("phone", 1.5, "string", "number"),
        ("last_name", {"a": 1}, "string", "object"),
        ("metadata", "x", "object", "string"),
        ("metadata", [], "object", "array"),
        ("metadata", None, "object", "null"),
        ("additional_data", "x", "object", "string"),
    ],
)
def test_types_are_checked_and_never_coerced(aws, lambda_context, field, value, expected, received):
    status, body, _ = call(with_fields(**{field: value}), lambda_context)
    assert status == 400
    assert body == invalid_data(
        f"Invalid request: Expected type: '{expected}' for field '{field}', got: '{received}'"
    )


def test_at_most_three_issues_are_reported(aws, lambda_context):
    event = with_body(valid(), {"foo": 1})
    status, body, _ = call(event, lambda_context)
    assert status == 400
    assert body == invalid_data(
        "Invalid request: Field 'email' is required; Field 'company_name' is required; "
        "Field 'first_name' is required"
    )


@pytest.mark.parametrize("email", ["plainaddress", "a@b", "john@", "@example.com", "a b@x.com", ""])
def test_invalid_emails_are_refused(aws, lambda_context, email):
    status, body, _ = call(with_fields(email=email), lambda_context)
    assert status == 400
    assert body == invalid_data("Invalid request: Invalid email")


def test_additional_data_is_accepted_and_not_stored(aws, lambda_context):
    status, body, _ = call(with_fields(additional_data={"erp_id": "A-17"}), lambda_context)
    assert status == 200
    assert "additional_data" not in body["customer"]
    assert "A-17" not in str(all_items(aws, "CUSTOMER_TABLE_NAME"))
    assert (
        call(with_fields(email="other@example.com", additional_data=None), lambda_context)[0] == 200
    )


def test_metadata_may_hold_any_json(aws, lambda_context):
    metadata = {"n": 1, "f": 1.5, "s": "x", "b": True, "z": None, "l": [1, "a"], "o": {"d": [1]}}
    status, body, _ = call(with_fields(metadata=metadata), lambda_context)
    assert status == 200
    assert body["customer"]["metadata"] == metadata


# --- The `fields` query ------------------------------------------------------------------------


def test_fields_plus_adds_relations_as_empty_lists(aws, lambda_context):
    status, body, _ = call(load("xclade", "create-customer-fields-add"), lambda_context)
    assert status == 200
    customer = body["customer"]
    assert list(customer) == [*DEFAULT_FIELDS, "addresses", "groups"]
    assert customer["addresses"] == []
    assert customer["groups"] == []


def test_fields_space_adds_like_plus(aws, lambda_context):
    status, body, _ = call(load("xclade", "create-customer-fields-space"), lambda_context)
    assert status == 200
    assert list(body["customer"]) == [f for f in DEFAULT_FIELDS if f != "metadata"] + ["addresses"]


def test_fields_minus_removes(aws, lambda_context):
    status, body, _ = call(load("xclade", "create-customer-fields-remove"), lambda_context)
    assert status == 200
    assert list(body["customer"]) == [f for f in DEFAULT_FIELDS if f not in {"metadata", "phone"}]


def test_fields_without_prefix_replace_and_keep_id(aws, lambda_context):
    status, body, _ = call(load("xclade", "create-customer-fields-replace"), lambda_context)
    assert status == 200
    assert list(body["customer"]) == ["id", "first_name", "last_name", "email"]
    assert customers(aws), "the whole customer is stored whatever the response shows"


def test_default_address_ids_are_not_selectable(aws, lambda_context):
    event = with_query(valid(), fields="default_billing_address_id,default_shipping_address_id")
    status, body, _ = call(event, lambda_context)
    assert status == 400
    assert body == invalid_data(
        "Requested fields [default_billing_address_id, default_shipping_address_id] are not valid"
    )
    assert customers(aws) == []


def test_unknown_query_parameters_are_refused(aws, lambda_context):
    status, body, _ = call(with_query(valid(), expand="groups", limit="5"), lambda_context)
    assert status == 400
    assert body == invalid_data("Invalid request: Unrecognized fields: 'expand, limit'")
    assert customers(aws) == []


def test_fields_given_twice_is_not_a_string(aws, lambda_context):
    status, body, _ = call(with_query(valid(), fields=["email", "phone"]), lambda_context)
    assert status == 400
    assert body == invalid_data(
        "Invalid request: Expected type: 'string' for field 'fields', got: 'array'"
    )


def test_body_is_checked_before_the_query(aws, lambda_context):
    event = with_query(with_fields(email=...), fields="password")
    assert call(event, lambda_context)[1] == invalid_data(
        "Invalid request: Field 'email' is required"
    )


# --- Authentication, transport, conflicts, failures --------------------------------------------


def test_request_without_the_authorizers_actor_is_a_plain_text_401(aws, lambda_context):
    status, body, headers = call(load("xclade", "create-customer-unauthenticated"), lambda_context)
    assert status == 401
    assert headers["Content-Type"] == "text/plain"
    assert body == "Unauthorized"
    assert customers(aws) == []


@pytest.mark.parametrize(
    "email", ["Jane.Doe@example.com", "jane.doe@EXAMPLE.com", " JANE.DOE@example.com "]
)
def test_duplicate_email_in_any_case_is_a_409_duplicate_error(aws, lambda_context, email):
    assert call(valid(), lambda_context)[0] == 200

    status, body, _ = call(with_fields(email=email.strip()), lambda_context)

    assert status == 409
    assert body == {
        "code": "invalid_request_error",
        "type": "duplicate_error",
        "message": f"Customer with email: {email.strip()}, has_account: false, already exists.",
    }
    assert len(customers(aws)) == 1


REQUIRED_MESSAGES = (
    "Invalid request: Field 'email' is required; Field 'company_name' is required; "
    "Field 'first_name' is required"
)


@pytest.mark.parametrize("header", ["application/json", "application/json; charset=utf-8"])
def test_json_content_types_are_read(aws, lambda_context, header):
    assert call(with_headers(valid(), content_type=header), lambda_context)[0] == 200


@pytest.mark.parametrize("header", [None, "application/xml", "text/html"])
def test_a_body_medusa_does_not_parse_is_an_empty_object(aws, lambda_context, header):
    status, body, _ = call(with_headers(valid(), content_type=header), lambda_context)
    assert status == 400
    assert body == invalid_data(REQUIRED_MESSAGES)
    assert customers(aws) == []


def test_a_text_plain_body_is_a_string(aws, lambda_context):
    status, body, _ = call(with_headers(valid(), content_type="text/plain"), lambda_context)
    assert status == 400
    assert body == invalid_data(
        "Invalid request: Expected type: 'object' for field '', got: 'string'"
    )


@pytest.mark.parametrize(
    ("raw", "received"),
    [
        ('["a"]', "array"),
        ('"a"', "string"),
        ("1.5", "number"),
        ("true", "boolean"),
        ("null", "null"),
    ],
)
def test_a_json_body_that_is_not_an_object_in_zods_words(aws, lambda_context, raw, received):
    status, body, _ = call(with_body(valid(), raw), lambda_context)
    assert status == 400
    assert body == invalid_data(
        f"Invalid request: Expected type: 'object' for field '', got: '{received}'"
    )


@pytest.mark.parametrize("raw", ["", None])
def test_an_empty_body_is_an_empty_object(aws, lambda_context, raw):
    status, body, _ = call(with_body(valid(), raw), lambda_context)
    assert status == 400
    assert body == invalid_data(REQUIRED_MESSAGES)


@pytest.mark.parametrize("raw", ["{not json", "   ", "[1,]", "NaN"])
def test_invalid_json_is_our_clean_400(aws, lambda_context, raw):
    status, body, _ = call(with_body(valid(), raw), lambda_context)
    assert status == 400
    assert body == invalid_data("Invalid request: The request body is not valid JSON.")


def test_a_form_body_is_read_as_medusas_urlencoded_parser_reads_it(aws, lambda_context):
    form = (
        "email=form%40example.com&company_name=Acme&first_name=Jo&last_name=Bo&phone=%2B1"
        "&metadata[source]=form&metadata[tags][]=a&metadata[tags][]=b"
    )
    event = with_headers(with_body(valid(), form), content_type="application/x-www-form-urlencoded")
    status, body, _ = call(event, lambda_context)
    assert status == 200
    assert body["customer"]["phone"] == "+1"
    assert body["customer"]["metadata"] == {"source": "form", "tags": ["a", "b"]}


def test_body_over_64_kib_is_400_and_nothing_is_written(aws, lambda_context):
    status, body, _ = call(with_fields(metadata={"blob": "x" * 64 * 1024}), lambda_context)
    assert status == 400
    assert body == invalid_data("Invalid request: The request body must not exceed 64 KiB.")
    assert customers(aws) == []


def test_store_failure_is_a_500_database_error(aws, lambda_context):
    aws.delete_table(TableName="customers-test")
    status, body, _ = call(valid(), lambda_context)
    assert status == 500
    assert body == {
        "code": "api_error",
        "type": "database_error",
        "message": "An error occurred while saving the customer. Please retry.",
    }


def test_unexpected_failure_is_a_500_unknown_error(aws, lambda_context, unexpected_failure):
    status, body, _ = call(valid(), lambda_context)
    assert status == 500
    assert body == {
        "code": "unknown_error",
        "type": "unknown_error",
        "message": "An unknown error occurred.",
    }


def test_logs_carry_no_email_or_phone(aws, lambda_context):
    buffer = io.StringIO()
    previous = handler_module.obs.logger.registered_handler.setStream(buffer)  # type: ignore[attr-defined]
    handler_module.obs.logger.setLevel("DEBUG")  # successes log at DEBUG (http/frame.py)
    try:
        call(valid(), lambda_context)
        call(valid(), lambda_context)  # the duplicate path logs too
    finally:
        handler_module.obs.logger.registered_handler.setStream(previous)  # type: ignore[attr-defined]
        handler_module.obs.logger.setLevel("INFO")
    logged = buffer.getvalue()
    assert "customer created" in logged
    assert "request refused" in logged
    assert "jane.doe" not in logged.lower()
    assert "555 0100" not in logged


class TestIdempotencyKey:
    def test_same_key_and_body_replays_the_first_response_without_a_second_write(
        self, aws, lambda_context
    ):
        event = with_headers(valid(), idempotency_key="import-2026-11-22-17")
        first = lambda_handler(event, lambda_context)
        second = lambda_handler(event, lambda_context)

        assert first["statusCode"] == second["statusCode"] == 200
        assert second["body"] == first["body"]
        assert len(customers(aws)) == 1

    def test_same_key_with_another_body_is_a_409_conflict(self, aws, lambda_context):
        lambda_handler(with_headers(valid(), idempotency_key="k-1"), lambda_context)
        other = with_headers(with_fields(email="other@example.com"), idempotency_key="k-1")

        status, body, _ = call(other, lambda_context)

        assert status == 409
        assert body == {
            "code": "invalid_request_error",
            "type": "conflict",
            "message": "The Idempotency-Key has already been used with a different request body.",
        }
        assert len(customers(aws)) == 1

    def test_invalid_key_is_400(self, aws, lambda_context):
        status, body, _ = call(with_headers(valid(), idempotency_key="x" * 256), lambda_context)
        assert status == 400
        assert body["type"] == "invalid_data"


# --- issue 21: form bodies under the JSON limits, BOM, charsets, `__proto__` ---------------------

FORM = "application/x-www-form-urlencoded"
FORM_FIELDS = "email=form%40example.com&company_name=Acme&first_name=Jo&last_name=Bo&phone=1"


def form_event(extra: str) -> dict[str, Any]:
    return with_headers(with_body(valid(), f"{FORM_FIELDS}&{extra}"), content_type=FORM)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        # The attack's bodies, stored before: each is the same 400 its JSON form gets.
        ("metadata[a]=" + "x" * 20_000, "Strings in the request body must not exceed 10000"),
        ("metadata" + "[a]" * 32 + "=1", "must not nest arrays and objects deeper than 6"),
        ("&".join(f"metadata[k{i}]=1" for i in range(900)), "must not have more than 100 members"),
        ("&".join(f"metadata[a][]={i}" for i in range(101)), "must not have more than 100 items"),
        ("metadata[" + "k" * 10_001 + "]=1", "Strings in the request body must not exceed 10000"),
    ],
)
def test_a_form_body_is_held_to_the_json_bodies_limits(aws, lambda_context, extra, message):
    status, body, _ = call(form_event(extra), lambda_context)
    assert status == 400
    assert body["type"] == "invalid_data"
    assert message in body["message"]
    assert customers(aws) == []


def test_a_form_body_at_the_limits_is_stored(aws, lambda_context):
    deepest = "metadata" + "[a]" * 4 + "=1"  # body 1, metadata 2, four more: 6 levels
    status, body, _ = call(form_event(deepest), lambda_context)
    assert status == 200, body
    assert body["customer"]["metadata"] == {"a": {"a": {"a": {"a": "1"}}}}


@pytest.mark.parametrize("content_type", ["application/json", FORM])
def test_a_leading_utf8_bom_is_dropped_as_medusas_body_parser_drops_it(
    aws, lambda_context, content_type
):
    raw = json.dumps(body_of(valid())) if content_type == "application/json" else FORM_FIELDS
    if content_type == FORM:
        raw += "&metadata[a]=1"
    event = with_headers(with_body(valid(), "\ufeff" + raw), content_type=content_type)
    status, body, _ = call(event, lambda_context)
    assert status == 200, body
    assert len(customers(aws)) == 1


def test_a_bom_alone_is_an_empty_body(aws, lambda_context):
    status, body, _ = call(with_body(valid(), "\ufeff"), lambda_context)
    assert status == 400
    assert body == invalid_data(REQUIRED_MESSAGES)


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json; charset=latin1",
        "application/json; charset=iso-8859-1",
        "application/json; charset=utf-16",
        f"{FORM}; charset=latin1",
    ],
)
def test_a_json_or_form_body_in_another_charset_is_refused(aws, lambda_context, content_type):
    status, body, _ = call(with_headers(valid(), content_type=content_type), lambda_context)
    assert status == 400
    assert body == invalid_data("Invalid request: The request body's charset must be UTF-8.")
    assert customers(aws) == []


def test_proto_keys_of_records_are_dropped_as_zod_drops_them(aws, lambda_context):
    event = with_fields(
        metadata={"__proto__": {"admin": True}, "kept": {"__proto__": 1}},
        additional_data={"__proto__": 1},
    )
    status, body, _ = call(event, lambda_context)
    assert status == 200, body
    # z.record skips its own "__proto__" key; values are z.unknown(), passed through whole.
    assert body["customer"]["metadata"] == {"kept": {"__proto__": 1}}
    stored = json.dumps(customers(aws))
    assert '"admin"' not in stored


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # qs keeps no `__proto__` key (parseObject): nothing is selected, the defaults answer.
        ({"__proto__": "email"}, DEFAULT_FIELDS),
        ({"__proto__[fields]": "email"}, DEFAULT_FIELDS),
        # normalizeQuery's acc["__proto__"] = {...} sets the prototype: zod reads `fields` there.
        ({"__proto__.fields": "email"}, ["id", "email"]),
        ({"fields": "phone", "__proto__.fields": "email"}, ["id", "phone"]),
    ],
)
def test_proto_query_keys_read_as_medusa_reads_them(aws, lambda_context, query, expected):
    status, body, _ = call(with_query(valid(), **query), lambda_context)
    assert status == 200, body
    assert list(body["customer"]) == expected
