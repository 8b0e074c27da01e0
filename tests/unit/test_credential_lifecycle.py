"""Credentials with a lifecycle, through the operator commands (moto CloudFormation, API Gateway,
DynamoDB) and the real authorizers and function: Axim and COUNT tokens that expire, a COUNT
client whose secret is rotated, a COUNT client disabled and enabled again."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import boto3
import pytest
from axim_api.authorizer import lambda_handler as axim_authorizer
from count_api.authorizer import lambda_handler as count_authorizer
from count_api.handler import lambda_handler as count_handler
from customer_core.auth.tokens import token_hash
from customer_core.http.authorizer import Unauthorized
from customer_core.store.credentials import CredentialStore, TokenRecord

from ops.__main__ import main
from ops.count import clients as count_clients
from tests.support.count_requests import signed_now
from tests.support.events import load, with_headers
from tests.support.stacks import stack_with_usage_plan

STACK = "customer-api"


def now() -> int:
    return int(datetime.now(UTC).timestamp())


def stored_token(api: str, token: str) -> TokenRecord:
    found = CredentialStore("auth-test").find_token(api, token_hash(token))
    assert found is not None
    return found


# --- Axim ------------------------------------------------------------------------------------


@pytest.fixture
def axim_stack(aws):
    return stack_with_usage_plan(api="axim", plan_output="AximUsagePlanId", rate=10, burst=20)


def axim_authorize(token: str, context):
    event = with_headers(load("axim", "authorizer-valid-token"), accessToken=token)
    return axim_authorizer(event, context)


def test_axim_token_with_an_expiry_works_until_then(axim_stack, capsys, lambda_context):
    argv = ["--stack", STACK, "axim", "issue-token", "--name", "Shop", "--expires-in", "3600"]
    assert main(argv) == 0
    printed = json.loads(capsys.readouterr().out)

    record = stored_token("axim", printed["accessToken"])
    assert record.expires_at is not None
    assert now() + 3598 <= record.expires_at <= now() + 3600
    expires = datetime.fromisoformat(printed["expiresAt"].replace("Z", "+00:00"))
    assert int(expires.timestamp()) == record.expires_at
    assert axim_authorize(printed["accessToken"], lambda_context)["principalId"]


def test_axim_token_without_expiry_never_expires(axim_stack, capsys):
    assert main(["--stack", STACK, "axim", "issue-token", "--name", "Shop"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["expiresAt"] is None
    assert stored_token("axim", printed["accessToken"]).expires_at is None


def test_expired_axim_token_is_refused(aws, lambda_context):
    token = "axim-expired-token-0123456789abcdef"
    CredentialStore("auth-test").save_token(
        token_hash(token),
        TokenRecord(
            api="axim",
            principal_id="usr_1",
            principal_name="Shop",
            principal_type="api_client",
            usage_key="key-1",
            expires_at=now() - 1,
        ),
    )
    with pytest.raises(Unauthorized):
        axim_authorize(token, lambda_context)


@pytest.mark.parametrize("value", ["0", "-5", "soon"])
def test_expiry_must_be_a_positive_number_of_seconds(axim_stack, value):
    with pytest.raises(SystemExit) as exited:
        main(["--stack", STACK, "axim", "issue-token", "--name", "x", "--expires-in", value])
    assert exited.value.code == 2
    assert boto3.client("apigateway", region_name="us-east-1").get_api_keys()["items"] == []


# --- COUNT -----------------------------------------------------------------------------------


@pytest.fixture
def count_stack(aws):
    return stack_with_usage_plan(
        api="count", plan_output="CountUsagePlanId", rate=1.67, burst=100, stack=STACK
    )


def count_create(client_id, secret, token, context, email="life@example.com"):
    """Through the authorizer, then the function with the context the authorizer returned."""
    authorizer_event = with_headers(
        load("count", "authorizer-valid"), x_client_id=client_id, Authorization=f"Bearer {token}"
    )
    allowed = count_authorizer(authorizer_event, context)
    event = load("count", "create-customer-minimal")
    event["body"] = json.dumps({"customer": "Lifecycle", "email": email})
    event["requestContext"]["authorizer"] = dict(allowed["context"])
    event = signed_now(
        with_headers(event, x_client_id=client_id, Authorization=f"Bearer {token}"), secret=secret
    )
    response = count_handler(event, context)
    return response["statusCode"], json.loads(response["body"])


def count_401(code: str, message: str) -> tuple[int, dict[str, str]]:
    """COUNT's 401 answer, as its documentation shows error bodies."""
    return 401, {"status": "error", "message": message, "code": code}


def test_expired_count_token_is_refused_with_its_own_code(count_stack, lambda_context):
    client = count_clients.register_client(stack=STACK, team_id="team_x", name="X")
    token = "count-expired-token-0123456789abcdef"
    CredentialStore("auth-test").save_token(
        token_hash(token),
        TokenRecord(
            api="count",
            principal_id=client.client_id,
            principal_name="X",
            principal_type="api_client",
            usage_key=client.api_key_value,
            team_id="team_x",
            client_id=client.client_id,
            expires_at=now() - 1,
        ),
    )

    answer = count_create(client.client_id, client.client_secret, token, lambda_context)

    assert answer == count_401("TOKEN_EXPIRED", "The access token has expired.")


def test_count_token_with_an_expiry_works_until_then(count_stack, capsys, lambda_context):
    client = count_clients.register_client(stack=STACK, team_id="team_x", name="X")
    argv = ["--stack", STACK, "count", "issue-token", "--client-id", client.client_id]
    assert main([*argv, "--expires-in", "600"]) == 0
    printed = json.loads(capsys.readouterr().out)

    assert printed["expiresAt"]
    assert now() + 598 <= (stored_token("count", printed["accessToken"]).expires_at or 0)
    status, _ = count_create(
        client.client_id, client.client_secret, printed["accessToken"], lambda_context
    )
    assert status == 201


def test_rotated_secret_replaces_the_old_one_at_once(count_stack, capsys, lambda_context):
    client = count_clients.register_client(stack=STACK, team_id="team_x", name="X")
    token = count_clients.issue_token(stack=STACK, client_id=client.client_id).token

    argv = ["--stack", STACK, "count", "rotate-secret", "--client-id", client.client_id]
    assert main(argv) == 0
    rotated = json.loads(capsys.readouterr().out)

    assert rotated["clientId"] == client.client_id
    assert rotated["clientSecret"] != client.client_secret
    old_status, old_body = count_create(
        client.client_id, client.client_secret, token, lambda_context, email="old@example.com"
    )
    assert (old_status, old_body["code"]) == (401, "INVALID_SIGNATURE")
    new_status, _ = count_create(
        client.client_id, rotated["clientSecret"], token, lambda_context, email="new@example.com"
    )
    assert new_status == 201


def _api_key_enabled(key_id: str) -> bool:
    apigateway = boto3.client("apigateway", region_name="us-east-1")
    return bool(apigateway.get_api_key(apiKey=key_id)["enabled"])


def test_disabled_client_is_refused_everywhere_until_enabled(count_stack, lambda_context):
    client = count_clients.register_client(stack=STACK, team_id="team_x", name="X")
    token = count_clients.issue_token(stack=STACK, client_id=client.client_id).token
    client_argv = ["--stack", STACK, "count", "%s", "--client-id", client.client_id]

    assert main([a.replace("%s", "disable-client") for a in client_argv]) == 0

    # The gateway refuses its (disabled) key; the authorizer and the function refuse it too.
    assert not _api_key_enabled(client.api_key_id)
    answer = count_create(client.client_id, client.client_secret, token, lambda_context)
    assert answer == count_401("CLIENT_NOT_ENABLED", "The client is not enabled for this API.")
    with pytest.raises(ValueError, match="disabled"):
        count_clients.issue_token(stack=STACK, client_id=client.client_id)

    assert main([a.replace("%s", "enable-client") for a in client_argv]) == 0

    assert _api_key_enabled(client.api_key_id)
    status, _ = count_create(client.client_id, client.client_secret, token, lambda_context)
    assert status == 201


@pytest.mark.parametrize("command", ["rotate-secret", "disable-client", "enable-client"])
def test_client_commands_refuse_an_unknown_client(count_stack, command):
    with pytest.raises(LookupError):
        main(["--stack", STACK, "count", command, "--client-id", "cli_missing"])
