"""The shared core's own rules: ids, time, auth primitives, redaction, event parsing."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from customer_core.auth import tokens as auth
from customer_core.domain import clock, ids
from customer_core.domain.email import mailbox_key
from customer_core.domain.errors import RequestRejected
from customer_core.domain.principal import Principal
from customer_core.http import authorizer, events
from customer_core.observability import observability, redact
from customer_core.settings import FunctionSettings
from customer_core.store.customers import customer_key

MOMENT = datetime(2026, 11, 22, 13, 26, 44, 123456, tzinfo=UTC)


def test_iso_millis_is_utc_with_milliseconds_and_z():
    assert clock.iso_millis(MOMENT) == "2026-11-22T13:26:44.123Z"
    other_zone = MOMENT.astimezone(__import__("datetime").timezone(timedelta(hours=5)))
    assert clock.iso_millis(other_zone) == "2026-11-22T13:26:44.123Z"


def test_object_id_is_24_hex_and_starts_with_the_seconds():
    value = ids.object_id(MOMENT)
    assert re.fullmatch(r"[0-9a-f]{24}", value)
    assert int(value[:8], 16) == int(MOMENT.timestamp())
    assert ids.object_id(MOMENT) != value


def test_ulid_is_26_crockford_chars_ordered_by_time():
    first = ids.ulid(MOMENT)
    later = ids.ulid(MOMENT + timedelta(milliseconds=1))
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", first)
    assert first < later
    assert first[:10] == ids.ulid(MOMENT)[:10]


def test_uuid4_shape():
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", ids.uuid4()
    )


@pytest.mark.parametrize(
    ("value", "required", "expected"),
    [
        ("Bearer abc", True, "abc"),
        ("bearer  abc ", True, "abc"),
        ("abc", True, None),
        ("Bearer ", True, None),
        (None, False, None),
        ("abc", False, "abc"),
        ("Bearer abc", False, "abc"),
        ("  ", False, None),
    ],
)
def test_strip_bearer(value, required, expected):
    assert auth.strip_bearer(value, required=required) == expected


@pytest.mark.parametrize(
    ("value", "required", "expected"),
    [
        ("Bearer abc", True, "abc"),
        ("abc", False, "abc"),
        ("Bearer abc", False, "abc"),
        # One spelling per credential (issue 21): every other one is no credential.
        *((v, True, None) for v in ("bearer abc", "BEARER abc", "Bearer  abc", "Bearer\tabc")),
        *(
            (v, r, None)
            for v in (" Bearer abc", "Bearer abc ", "Bearer a b")
            for r in (True, False)
        ),
        *((v, False, None) for v in (" abc", "abc ", "a bc", "", "  ")),
        ("abc", True, None),
        ("Bearer ", True, None),
        (None, False, None),
    ],
)
def test_bearer_credential(value, required, expected):
    assert auth.bearer_credential(value, required=required) == expected


def test_token_hash_and_constant_time_compare():
    assert auth.token_hash("t") == auth.token_hash("t") != auth.token_hash("u")
    assert len(auth.token_hash("t")) == 64
    assert auth.constant_time_equals("abc", "abc")
    assert not auth.constant_time_equals("abc", "abd")
    assert auth.new_token() != auth.new_token()


def test_principal_round_trips_through_authorizer_context():
    principal = Principal(id="p", name="n", type="t", team_id="team")
    assert Principal.from_context(principal.to_context()) == principal
    assert Principal.from_context({}) is None


def test_normalised_email_is_trimmed_and_lower_cased():
    assert mailbox_key("  John@Example.COM ") == "john@example.com"
    assert customer_key("api-a", "store", "A@X.com") == customer_key("api-a", "store", "a@x.COM")
    assert customer_key("api-b", "team-1", "a@x.com") != customer_key("api-b", "team-2", "a@x.com")


def test_redact_masks_emails_and_phone_numbers_anywhere():
    masked = redact(
        {"m": "mail John.Doe+x@ex.co or call +1 (555) 123-4567", "n": ["a@b.io"], "k": 5}
    )
    assert masked == {"m": "mail [email] or call [phone]", "n": ["[email]"], "k": 5}


def test_logger_output_never_carries_personal_data():
    buffer = io.StringIO()
    obs = observability("redaction-test", FunctionSettings.from_environment())
    obs.logger.registered_handler.setStream(buffer)  # type: ignore[attr-defined]
    obs.logger.info("creating john@example.com", extra={"phone": "65161861", "id": "abc"})
    record = json.loads(buffer.getvalue().splitlines()[0])
    assert record["message"] == "creating [email]"
    assert record["phone"] == "[phone]"
    assert record["id"] == "abc"


def test_headers_are_case_insensitive_and_query_is_multi_valued():
    request = events.parse_event(
        {
            "httpMethod": "post",
            "path": "/x",
            "headers": {"Content-Type": "application/json", "X-Client-Id": "c"},
            "queryStringParameters": {"fields": "id"},
            "multiValueQueryStringParameters": {"fields": ["id", "+email"]},
            "body": "{}",
        }
    )
    assert request.method == "POST"
    assert request.header("content-type") == "application/json"
    assert request.header("X-CLIENT-ID") == "c"
    assert request.query["fields"] == ["id", "+email"]


def test_invalid_base64_body_is_rejected():
    with pytest.raises(RequestRejected):
        events.parse_event({"body": "***", "isBase64Encoded": True})


def test_a_policy_covers_every_route_of_the_api_and_stage():
    arn = "arn:aws:execute-api:eu-west-1:1:api1/v1/POST/partners/customers"
    for policy in (
        authorizer.allow_policy(
            principal_id="p", method_arn=arn, context={}, usage_identifier_key=None
        ),
        authorizer.deny_policy(principal_id="p", method_arn=arn),
    ):
        (statement,) = policy["policyDocument"]["Statement"]
        assert statement["Resource"] == ["arn:aws:execute-api:eu-west-1:1:api1/v1/*/*"]


def test_tracer_is_built_only_when_tracing_is_enabled(monkeypatch):
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "true")
    assert observability("t", FunctionSettings.from_environment()).tracer is None
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "false")
    assert observability("t", FunctionSettings.from_environment()).tracer is not None
