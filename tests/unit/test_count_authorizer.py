"""COUNT's REQUEST authorizer on moto: it identifies the client and judges the token; the
signature (which needs the body) is the function's."""

from __future__ import annotations

import os
from typing import Any

import pytest
from count_api.authorizer import lambda_handler
from count_api.handler import lambda_handler as create_handler
from customer_core.http.authorizer import Unauthorized

from tests.support.count_requests import (
    FIXTURE_CLIENT_ID,
    FIXTURE_TEAM,
    FIXTURE_TOKEN,
    FIXTURE_USAGE_KEY,
    OTHER_CLIENT_ID,
    fixture,
    seed_client,
    seed_token,
)
from tests.support.events import load, with_headers
from tests.unit.conftest import all_items

REFUSED_USAGE_KEY = os.environ["COUNT_REFUSED_USAGE_KEY"]
API_WIDE = ["arn:aws:execute-api:us-east-1:123456789012:cnt456hijk/v1/*/*"]


def authorize(context, **headers):
    return lambda_handler(with_headers(load("count", "authorizer-valid"), **headers), context)


def test_valid_token_of_the_client_is_allowed_with_its_team_and_usage_key(aws, lambda_context):
    seed_client()
    seed_token()

    result = lambda_handler(load("count", "authorizer-valid"), lambda_context)

    assert result["principalId"] == FIXTURE_CLIENT_ID
    statement = result["policyDocument"]["Statement"][0]
    assert statement["Effect"] == "Allow"
    # Cached by (client, token), so the policy must cover both routes of the stage.
    assert statement["Resource"] == API_WIDE
    assert result["usageIdentifierKey"] == FIXTURE_USAGE_KEY
    assert result["context"] == {
        "principalId": FIXTURE_CLIENT_ID,
        "principalName": "Fixture Sync",
        "principalType": "api_client",
        "teamId": FIXTURE_TEAM,
        "clientId": FIXTURE_CLIENT_ID,
        "tokenStatus": "VALID",
    }


def test_authorizer_never_reads_the_client_secret(aws, lambda_context):
    seed_client()
    seed_token()
    result = lambda_handler(load("count", "authorizer-valid"), lambda_context)
    assert "count-fixture-secret" not in str(result)


@pytest.mark.parametrize("fixture_name", ["authorizer-missing-token"])
def test_missing_token_is_unauthorized(aws, lambda_context, fixture_name):
    seed_client()
    with pytest.raises(Unauthorized, match=r"^Unauthorized$"):
        lambda_handler(load("count", fixture_name), lambda_context)


@pytest.mark.parametrize(
    "headers",
    [
        {"x-client-id": None},
        {"Authorization": None},
        {"x-client-id": "  "},
        {"Authorization": ""},
    ],
)
def test_missing_or_empty_identity_header_is_unauthorized(aws, lambda_context, headers):
    seed_client()
    seed_token()
    with pytest.raises(Unauthorized):
        authorize(lambda_context, **headers)


def test_unknown_client_is_denied(aws, lambda_context):
    seed_client()
    seed_token()

    result = lambda_handler(load("count", "authorizer-unknown-client"), lambda_context)

    statement = result["policyDocument"]["Statement"][0]
    assert statement["Effect"] == "Deny"
    assert statement["Resource"] == API_WIDE
    assert "usageIdentifierKey" not in result
    assert "context" not in result


@pytest.mark.parametrize(
    ("token_setup", "authorization", "verdict"),
    [
        ("none", f"Bearer {FIXTURE_TOKEN}", "INVALID_TOKEN"),
        ("valid", "Bearer some-other-token", "INVALID_TOKEN"),
        ("valid", FIXTURE_TOKEN, "INVALID_TOKEN"),  # no Bearer scheme
        ("valid", "Bearer ", "INVALID_TOKEN"),
        ("valid", f"Basic {FIXTURE_TOKEN}", "INVALID_TOKEN"),
        ("revoked", f"Bearer {FIXTURE_TOKEN}", "TOKEN_REVOKED"),
        ("other-client", f"Bearer {FIXTURE_TOKEN}", "TOKEN_CLIENT_MISMATCH"),
        ("valid", f"Bearer {FIXTURE_TOKEN}", "VALID"),
        # One spelling per token (issue 21): `bearer`, two spaces, padding are not it.
        ("valid", f"bearer {FIXTURE_TOKEN}", "INVALID_TOKEN"),
        ("valid", f"Bearer  {FIXTURE_TOKEN}", "INVALID_TOKEN"),
        ("valid", f"Bearer {FIXTURE_TOKEN} ", "INVALID_TOKEN"),
    ],
)
def test_known_client_is_allowed_with_the_token_verdict(
    aws, lambda_context, token_setup, authorization, verdict
):
    seed_client()
    seed_client(OTHER_CLIENT_ID, team_id="team_beta")
    if token_setup == "valid":
        seed_token()
    elif token_setup == "revoked":
        seed_token(revoked=True)
    elif token_setup == "other-client":
        seed_token(client_id=OTHER_CLIENT_ID, team_id="team_beta")

    result = authorize(lambda_context, Authorization=authorization)

    assert result["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    # Throttled as the client only once its token checks out; a refused token (still answered
    # with its own 401 code by the function) spends the shared plan of refused requests.
    expected_key = FIXTURE_USAGE_KEY if verdict == "VALID" else REFUSED_USAGE_KEY
    assert result["usageIdentifierKey"] == expected_key
    assert result["context"]["tokenStatus"] == verdict
    assert result["context"]["teamId"] == (FIXTURE_TEAM if verdict == "VALID" else "")


def test_client_without_usage_key_is_allowed_without_one(aws, lambda_context):
    # API Gateway then answers INVALID_API_KEY, rendered as 401 CLIENT_NOT_ENABLED.
    seed_client(usage_key=None)
    seed_token()
    assert "usageIdentifierKey" not in authorize(lambda_context)


def test_header_names_are_case_insensitive(aws, lambda_context):
    seed_client()
    seed_token()
    event = load("count", "authorizer-valid")
    event["headers"] = {
        "X-Client-Id": FIXTURE_CLIENT_ID,
        "authorization": f"Bearer {FIXTURE_TOKEN}",
    }
    assert lambda_handler(event, lambda_context)["context"]["tokenStatus"] == "VALID"


@pytest.mark.parametrize(
    ("token_setup", "code"),
    [("valid", None), ("revoked", "TOKEN_REVOKED"), ("other-client", "TOKEN_CLIENT_MISMATCH")],
)
def test_authorizer_context_drives_the_function(aws, lambda_context, token_setup, code):
    """The context the authorizer returns, handed to the function as API Gateway does."""
    seed_client()
    seed_client(OTHER_CLIENT_ID, team_id="team_beta")
    if token_setup == "revoked":
        seed_token(revoked=True)
    elif token_setup == "other-client":
        seed_token(client_id=OTHER_CLIENT_ID, team_id="team_beta")
    else:
        seed_token()
    allowed = lambda_handler(load("count", "authorizer-valid"), lambda_context)
    event = fixture("create-customer-sample")
    event["requestContext"]["authorizer"] = dict(allowed["context"])

    response = create_handler(event, lambda_context)

    if code is None:
        assert response["statusCode"] == 201
        assert [i["pk"]["S"] for i in all_items(aws, "CUSTOMER_TABLE_NAME")] == [
            f"CUSTOMER#count#{FIXTURE_TEAM}#billing@acme.example.com"
        ]
    else:
        assert response["statusCode"] == 401
        assert f'"code":"{code}"' in response["body"]


def test_store_failure_raises_so_the_gateway_answers_500(aws, lambda_context):
    # API Gateway renders an authorizer error as AUTHORIZER_FAILURE (DEFAULT_5XX in COUNT's shape)
    # and does not cache it, rather than caching a wrong verdict.
    aws.delete_table(TableName="auth-test")
    with pytest.raises(Exception, match="ResourceNotFoundException"):
        lambda_handler(load("count", "authorizer-valid"), lambda_context)


@pytest.mark.parametrize(
    "client_id",
    ["x" * 3000, "cli_\ud800", "cli fixture", "", "cli_\u00e9", "cli_fixture\x00"],
)
def test_a_client_id_of_no_issued_shape_is_unknown_without_a_lookup(aws, lambda_context, client_id):
    # A 3,000-character or non-UTF-8 id as a store key was a store error: a 500 at the gateway.
    seed_client()
    seed_token()
    if not client_id:
        with pytest.raises(Unauthorized):
            authorize(lambda_context, x_client_id=client_id)
        return
    result = authorize(lambda_context, x_client_id=client_id)
    assert result["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    assert "usageIdentifierKey" not in result


def check_generated(result: dict[str, Any], headers: dict[str, str]) -> None:
    """tests/unit/test_generated_authorizers.py: Allow only for the known client (its token is
    judged by the function: the verdict travels in the context), whose usage-plan key is named
    only when its token checks out."""
    if result["policyDocument"]["Statement"][0]["Effect"] == "Deny":
        assert "usageIdentifierKey" not in result
        return
    verdict = result["context"]["tokenStatus"]
    lowered = {k.lower(): v for k, v in headers.items()}
    assert lowered["x-client-id"] == FIXTURE_CLIENT_ID  # as issued, untrimmed (issue 21)
    if verdict == "VALID":
        assert lowered["authorization"] == f"Bearer {FIXTURE_TOKEN}"
        assert result["usageIdentifierKey"] == FIXTURE_USAGE_KEY
    else:
        assert result["usageIdentifierKey"] == os.environ["COUNT_REFUSED_USAGE_KEY"]
