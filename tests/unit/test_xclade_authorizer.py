"""xclade's REQUEST authorizer on moto: Medusa-style admin JWTs, key from Secrets Manager,
usage-plan key per actor or shared."""

from __future__ import annotations

import os

import boto3
import pytest
from customer_core.domain.errors import StoreUnavailable
from customer_core.http.authorizer import Unauthorized
from customer_core.store import aws as dynamo
from customer_core.store import secrets as secret_store
from customer_core.store.actors import ActorStore
from xclade_api.authorizer import lambda_handler

from tests.support.events import load, with_headers
from tests.support.xclade import FIXTURE_ACTOR, SHARED_USAGE_KEY, install_secret, token


@pytest.fixture
def secret(aws, monkeypatch):
    return install_secret()


def with_authorization(value: str | None):
    return with_headers(load("xclade", "authorizer-valid-token"), authorization=value)


def refused(event, context) -> None:
    with pytest.raises(Unauthorized, match=r"^Unauthorized$"):
        lambda_handler(event, context)


def fresh_fixture():
    # The fixture's own token lives until 2100, past the maximum lifetime: the same claims,
    # signed now for a day (tests/support/xclade.py).
    return with_authorization(f"Bearer {token()}")


def test_fixture_token_is_allowed_with_actor_context_and_shared_usage_key(secret, lambda_context):
    result = lambda_handler(fresh_fixture(), lambda_context)

    assert result["principalId"] == FIXTURE_ACTOR
    statement = result["policyDocument"]["Statement"][0]
    assert statement["Effect"] == "Allow"
    assert statement["Action"] == "execute-api:Invoke"
    # Cached by header, so the policy must cover every route of the stage.
    assert statement["Resource"] == ["arn:aws:execute-api:us-east-1:123456789012:xc4d3e5f6g/v1/*/*"]
    assert result["context"]["principalId"] == FIXTURE_ACTOR
    assert result["context"]["principalType"] == "user"
    assert all(isinstance(value, str) for value in result["context"].values())
    assert result["usageIdentifierKey"] == SHARED_USAGE_KEY


def test_actor_with_its_own_key_is_throttled_under_it(secret, lambda_context):
    ActorStore(os.environ["AUTH_TABLE_NAME"]).save_usage_key(
        "xclade", FIXTURE_ACTOR, "own-key-of-the-demo-actor-0001"
    )

    result = lambda_handler(fresh_fixture(), lambda_context)

    assert result["usageIdentifierKey"] == "own-key-of-the-demo-actor-0001"


def test_another_actors_key_is_not_used(secret, lambda_context):
    ActorStore(os.environ["AUTH_TABLE_NAME"]).save_usage_key(
        "xclade", "user_other", "key-of-another-actor-0000001"
    )
    result = lambda_handler(fresh_fixture(), lambda_context)
    assert result["usageIdentifierKey"] == SHARED_USAGE_KEY


@pytest.mark.parametrize("fixture", ["authorizer-expired-token", "authorizer-missing-token"])
def test_expired_or_missing_token_is_unauthorized(secret, lambda_context, fixture):
    refused(load("xclade", fixture), lambda_context)


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(
            lambda: f"Bearer {token(secret='not-the-stack-secret-0123456789abcdef')}",
            id="wrong-signature",
        ),
        pytest.param(lambda: f"Bearer {token(exp=1)}", id="expired"),
        pytest.param(lambda: f"Bearer {token(exp=None)}", id="no-expiry"),
        pytest.param(lambda: f"Bearer {token(actor_type='customer')}", id="customer-actor"),
        pytest.param(lambda: f"Bearer {token(actor_type=None)}", id="no-actor-type"),
        pytest.param(lambda: f"Bearer {token(actor_id=None)}", id="no-actor-id"),
        pytest.param(lambda: f"Bearer {token(actor_id='  ')}", id="blank-actor-id"),
        pytest.param(lambda: f"Bearer {token(actor_id=42)}", id="numeric-actor-id"),
        pytest.param(lambda: "Bearer not.a.jwt", id="malformed"),
        pytest.param(lambda: "Bearer ", id="bearer-only"),
        pytest.param(lambda: token(), id="no-bearer-scheme"),
        pytest.param(lambda: f"Basic {token()}", id="other-scheme"),
        pytest.param(
            lambda: "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + token().split(".")[1] + ".",
            id="alg-none",
        ),
    ],
)
def test_bad_tokens_are_unauthorized(secret, lambda_context, authorization):
    refused(with_authorization(authorization()), lambda_context)


def test_scheme_and_header_name_are_case_insensitive(secret, lambda_context):
    event = load("xclade", "authorizer-valid-token")
    event["headers"] = {"authorization": f"bearer {token()}"}
    assert lambda_handler(event, lambda_context)["principalId"] == FIXTURE_ACTOR


def test_secret_is_read_once_and_reused_while_warm(secret, lambda_context):
    assert lambda_handler(with_authorization(f"Bearer {token()}"), lambda_context)
    boto3.client("secretsmanager", region_name="us-east-1").delete_secret(
        SecretId=secret, ForceDeleteWithoutRecovery=True
    )
    # No second read: the warm authorizer still verifies with the cached key.
    assert lambda_handler(with_authorization(f"Bearer {token()}"), lambda_context)


def test_a_changed_secret_is_picked_up_after_the_cache(secret, lambda_context):
    boto3.client("secretsmanager", region_name="us-east-1").put_secret_value(
        SecretId=secret, SecretString='{"key": "rotated-secret-value-0123456789abcdef"}'
    )
    secret_store.forget()  # what the cache expiry does after CACHE_SECONDS
    # (Tokens of the replaced key stay valid for the grace period: test_xclade_key_rotation.py.)
    allowed = lambda_handler(
        with_authorization(f"Bearer {token(secret='rotated-secret-value-0123456789abcdef')}"),
        lambda_context,
    )
    assert allowed["principalId"] == FIXTURE_ACTOR


def test_unreadable_secret_is_a_server_failure_not_a_401(aws, lambda_context):
    # No secret under the configured id: Secrets Manager answers ResourceNotFoundException.
    dynamo.service_client.cache_clear()
    secret_store.forget()
    # Raised past the handler: API Gateway answers AUTHORIZER_FAILURE (500, DEFAULT_5XX).
    # The cause logged is Secrets Manager's error code, not Powertools' wrapper.
    with pytest.raises(StoreUnavailable, match=r"^ResourceNotFoundException$"):
        lambda_handler(with_authorization(f"Bearer {token()}"), lambda_context)
