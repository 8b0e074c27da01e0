"""Axim's REQUEST authorizer on moto: tokens are looked up by hash only."""

from __future__ import annotations

import os
from typing import Any

import pytest
from axim_api.authorizer import lambda_handler
from customer_core.auth.tokens import token_hash
from customer_core.http.authorizer import Unauthorized
from customer_core.store.credentials import CredentialStore, TokenRecord

from ops.axim.local import FIXTURE_TOKEN
from ops.axim.local import seed_fixture_token as seed
from tests.support.events import load
from tests.unit.conftest import all_items

__all__ = ["FIXTURE_TOKEN", "seed"]


@pytest.mark.parametrize("fixture", ["authorizer-valid-token", "authorizer-bearer-token"])
def test_known_token_is_allowed_with_principal_and_usage_key(aws, lambda_context, fixture):
    seed()

    result = lambda_handler(load("axim", fixture), lambda_context)

    assert result["principalId"] == "usr_axim_demo"
    statement = result["policyDocument"]["Statement"][0]
    assert statement["Effect"] == "Allow"
    assert statement["Action"] == "execute-api:Invoke"
    # Cached by token, so the policy must cover every route of the stage.
    assert statement["Resource"] == ["arn:aws:execute-api:us-east-1:123456789012:abc123defg/v1/*/*"]
    assert result["context"]["principalId"] == "usr_axim_demo"
    assert result["context"]["principalName"] == "Demo Integration"
    assert result["context"]["principalType"] == "api_client"
    assert all(isinstance(value, str) for value in result["context"].values())
    assert result["usageIdentifierKey"] == "usage-key-1"


def test_token_is_stored_only_as_a_hash(aws):
    seed()
    stored = str(all_items(aws, "AUTH_TABLE_NAME"))
    assert FIXTURE_TOKEN not in stored
    assert token_hash(FIXTURE_TOKEN) in stored


@pytest.mark.parametrize("fixture", ["authorizer-invalid-token", "authorizer-missing-token"])
def test_unknown_or_missing_token_is_unauthorized(aws, lambda_context, fixture):
    seed()
    with pytest.raises(Unauthorized, match=r"^Unauthorized$"):
        lambda_handler(load("axim", fixture), lambda_context)


def test_revoked_token_is_unauthorized(aws, lambda_context):
    seed(revoked=True)
    with pytest.raises(Unauthorized):
        lambda_handler(load("axim", "authorizer-valid-token"), lambda_context)


def test_header_name_is_case_insensitive(aws, lambda_context):
    seed()
    event = load("axim", "authorizer-valid-token")
    event["headers"] = {"accesstoken": FIXTURE_TOKEN}
    assert lambda_handler(event, lambda_context)["principalId"] == "usr_axim_demo"


def test_bearer_prefix_alone_is_not_a_token(aws, lambda_context):
    seed()
    event = load("axim", "authorizer-valid-token")
    event["headers"] = {"accessToken": "Bearer "}
    with pytest.raises(Unauthorized):
        lambda_handler(event, lambda_context)


def test_token_of_another_api_is_not_accepted(aws, lambda_context):
    CredentialStore(os.environ["AUTH_TABLE_NAME"]).save_token(
        token_hash(FIXTURE_TOKEN),
        TokenRecord(
            api="xclade",
            principal_id="u",
            principal_name="u",
            principal_type="user",
            usage_key=None,
        ),
    )
    with pytest.raises(Unauthorized):
        lambda_handler(load("axim", "authorizer-valid-token"), lambda_context)


def check_generated(result: dict[str, Any], headers: dict[str, str]) -> None:
    """tests/unit/test_generated_authorizers.py: Allow only for the fixtures' token in one of its
    two spellings (issue 21): the token as issued, or exactly `Bearer <token>`."""
    if result["policyDocument"]["Statement"][0]["Effect"] != "Allow":
        return
    lowered = {k.lower(): v for k, v in headers.items()}
    assert lowered.get("accesstoken") in (FIXTURE_TOKEN, f"Bearer {FIXTURE_TOKEN}"), headers
