"""`python -m ops invoke`: fixtures given the local stack's credentials keep what they stand for,
and a function's answer reads as the status API Gateway would give."""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
import pytest
from count_api.count_signature import sign
from customer_core.auth import jwt_hs256

from ops import apis
from ops.local import fixtures
from ops.local.invoke import Invocation, api_of_event
from tests.support.events import EVENTS, load

LOCAL_XCLADE_KEY = "local-xclade-key-0123456789abcdefghij"
LOCAL_STACK: dict[str, Any] = {
    "axim": {"headers": {"accessToken": "local-axim-token", "x-api-key": "k1"}},
    "xclade": {"headers": {}, "jwtSecret": LOCAL_XCLADE_KEY},
    "count": {
        "headers": {"Authorization": "Bearer local-count-token", "x-api-key": "k2"},
        "clientId": "cli_local",
        "clientSecret": "local-count-secret",
        "teamId": "team_local",
    },
}


def local(api: str, name: str, **options: Any) -> dict[str, Any]:
    return fixtures.for_local_stack(load(api, name), api, LOCAL_STACK, **options)


def count_signature_is_valid(event: dict[str, Any], secret: str) -> bool:
    headers = event["headers"]
    expected = sign(
        secret, event["httpMethod"], event["path"], headers["x-timestamp"], event["body"].encode()
    )
    return bool(headers.get("x-signature") == expected)


def test_every_api_has_a_preparer():
    assert set(fixtures.PREPARERS) == set(apis.names())


# --- The fixture credentials are the ones the fixtures were made with ---------------------------


def test_fixture_credentials_are_those_of_the_fixtures():
    axim = load("axim", "authorizer-valid-token")
    assert axim["headers"]["accessToken"] == fixtures.AXIM_FIXTURE_TOKEN
    count = load("count", "create-customer-sample")
    assert count["headers"]["x-client-id"] == fixtures.COUNT_FIXTURE_CLIENT_ID
    assert count["headers"]["Authorization"] == f"Bearer {fixtures.COUNT_FIXTURE_TOKEN}"
    assert count["headers"]["x-timestamp"] == fixtures.COUNT_FIXTURE_SIGNED_AT
    assert count["requestContext"]["authorizer"]["teamId"] == fixtures.COUNT_FIXTURE_TEAM
    assert count_signature_is_valid(count, fixtures.COUNT_FIXTURE_SECRET)
    xclade = load("xclade", "authorizer-valid-token")["headers"]["Authorization"]
    signed_claims(xclade.removeprefix("Bearer "), fixtures.XCLADE_FIXTURE_SECRET)


# --- Axim --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sent"),
    [
        ("authorizer-valid-token", "local-axim-token"),
        ("authorizer-bearer-token", "Bearer local-axim-token"),  # the scheme stays: it is refused
        ("authorizer-invalid-token", "not-a-real-token"),
        ("create-customer-sample", "local-axim-token"),
    ],
)
def test_axim_token_is_the_local_one_where_the_fixture_had_its_own(name, sent):
    event = local("axim", name)
    assert event["headers"]["accessToken"] == sent
    assert event["multiValueHeaders"]["accessToken"] == [sent]
    assert event.get("body") == load("axim", name).get("body")


# --- COUNT -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["create-customer-sample", "create-customer-alias-path", "create-customer-invalid-body"]
)
def test_count_fixture_is_signed_now_by_the_local_client(name):
    event = local("count", name)
    headers = event["headers"]
    assert headers["x-client-id"] == "cli_local"
    assert headers["Authorization"] == "Bearer local-count-token"
    assert event["requestContext"]["authorizer"]["clientId"] == "cli_local"
    assert event["requestContext"]["authorizer"]["teamId"] == "team_local"
    assert abs(int(headers["x-timestamp"]) / 1000 - time.time()) < 60
    assert count_signature_is_valid(event, "local-count-secret")
    assert event["multiValueHeaders"]["x-signature"] == [headers["x-signature"]]


def test_count_bad_signature_stays_bad_and_missing_stays_missing():
    bad = local("count", "create-customer-bad-signature")
    assert (
        bad["headers"]["x-signature"]
        == load("count", "create-customer-bad-signature")["headers"]["x-signature"]
    )
    assert not count_signature_is_valid(bad, "local-count-secret")
    missing = local("count", "create-customer-missing-signature")
    assert "x-signature" not in missing["headers"]


@pytest.mark.parametrize(
    ("name", "timestamp"),
    [
        ("create-customer-stale-timestamp", "1795000000"),
        ("create-customer-invalid-timestamp", "yesterday"),
    ],
)
def test_count_timestamps_other_than_the_signing_time_are_kept(name, timestamp):
    event = local("count", name)
    assert event["headers"]["x-timestamp"] == timestamp
    assert count_signature_is_valid(event, "local-count-secret")


def test_count_unknown_client_stays_unknown():
    event = local("count", "authorizer-unknown-client")
    assert (
        event["headers"]["x-client-id"]
        == load("count", "authorizer-unknown-client")["headers"]["x-client-id"]
    )
    assert event["headers"]["Authorization"] == "Bearer local-count-token"


def test_count_email_is_replaced_before_signing():
    event = local("count", "create-customer-sample", email="someone@example.org")
    assert json.loads(event["body"])["email"] == "someone@example.org"
    assert count_signature_is_valid(event, "local-count-secret")


# --- xclade ------------------------------------------------------------------------------------


def bearer_claims(event: dict[str, Any], secret: str) -> dict[str, Any]:
    token = event["headers"]["Authorization"].removeprefix("Bearer ")
    return jwt_hs256.verify(token, secret)


def signed_claims(token: str, secret: str) -> dict[str, Any]:
    """The claims `secret` signed, whatever their times say (else PyJWT's InvalidTokenError)."""
    any_times: jwt.types.Options = {"verify_exp": False, "verify_nbf": False, "verify_iat": False}
    return jwt.decode(token, secret, algorithms=["HS256"], options=any_times)


def test_xclade_token_is_re_signed_with_the_local_key_and_keeps_its_claims():
    event = local("xclade", "create-customer-valid")
    fixture = load("xclade", "create-customer-valid")
    token = fixture["headers"]["Authorization"].removeprefix("Bearer ")
    original = signed_claims(token, fixtures.XCLADE_FIXTURE_SECRET)
    resigned = bearer_claims(event, LOCAL_XCLADE_KEY)  # valid now
    times = {"iat", "exp"}
    assert {k: v for k, v in resigned.items() if k not in times} == {
        k: v for k, v in original.items() if k not in times
    }


def test_xclade_valid_token_is_issued_now_within_the_maximum_lifetime():
    # The fixture's token lives until 2100, beyond the authorizer's maximum: re-issued now.
    event = local("xclade", "authorizer-valid-token")
    claims = bearer_claims(event, LOCAL_XCLADE_KEY)
    assert 0 < claims["exp"] - claims["iat"] <= jwt_hs256.MAX_LIFETIME_SECONDS


def test_xclade_expired_token_stays_expired():
    event = local("xclade", "authorizer-expired-token")
    with pytest.raises(jwt_hs256.InvalidToken, match=r"^expired$"):
        bearer_claims(event, LOCAL_XCLADE_KEY)
    token = event["headers"]["Authorization"].removeprefix("Bearer ")
    fixture = load("xclade", "authorizer-expired-token")["headers"]["Authorization"]
    # Re-signed with the local key, its times as the fixture's.
    assert signed_claims(token, LOCAL_XCLADE_KEY) == signed_claims(
        fixture.removeprefix("Bearer "), fixtures.XCLADE_FIXTURE_SECRET
    )


# --- Emails ------------------------------------------------------------------------------------


def test_fresh_email_is_new_each_time_in_the_fixtures_domain():
    event = load("axim", "create-customer-sample")
    first, second = fixtures.fresh_email(event), fixtures.fresh_email(event)
    assert first != second
    assert first.endswith("@aximcommerce.com")


def test_a_body_without_email_is_left_alone():
    event = load("axim", "create-customer-wrong-content-type")
    assert fixtures.with_email(event, "x@example.com")["body"] == event["body"]


def test_api_of_event_is_the_folder_it_is_in():
    assert api_of_event(EVENTS / "count" / "authorizer-valid.json").name == "count"
    with pytest.raises(ValueError, match="not in events"):
        api_of_event(EVENTS.parent / "template.yaml")


# --- What API Gateway would answer -------------------------------------------------------------


def policy(effect: str) -> dict[str, Any]:
    return {
        "principalId": "p",
        "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": effect}]},
    }


@pytest.mark.parametrize(
    ("payload", "function_error", "status"),
    [
        ({"statusCode": 409, "headers": {}, "body": "{}"}, None, 409),
        (policy("Allow"), None, 200),
        (policy("Deny"), None, 403),
        ({"errorMessage": "Unauthorized", "errorType": "Exception"}, "Unhandled", 401),
        ({"errorMessage": "boom", "errorType": "KeyError"}, "Unhandled", 502),
    ],
)
def test_status_is_what_the_gateway_would_answer(payload, function_error, status):
    assert Invocation("F", "", payload, function_error).status == status
