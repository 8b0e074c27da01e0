"""The COUNT client commands against moto's CloudFormation, API Gateway and DynamoDB: a
registered client with an issued token passes the real authorizer and the real function."""

from __future__ import annotations

import json

import boto3
import pytest
from count_api.authorizer import lambda_handler as authorizer
from count_api.handler import lambda_handler as create_handler

from ops.__main__ import main
from ops.count import clients as count_clients
from tests.support.count_requests import signed_now
from tests.support.events import load, with_headers
from tests.support.stacks import stack_with_usage_plan
from tests.unit.conftest import all_items

STACK = "customer-api"


@pytest.fixture
def stack(aws):
    return stack_with_usage_plan(
        api="count", plan_output="CountUsagePlanId", rate=1.67, burst=100, stack=STACK
    )


def authorize(client_id, token, context):
    event = with_headers(
        load("count", "authorizer-valid"), x_client_id=client_id, Authorization=f"Bearer {token}"
    )
    return authorizer(event, context)


def create(client_id, secret, token, context, email="ops@example.com"):
    """Through the authorizer, then the function with the context the authorizer returned."""
    allowed = authorize(client_id, token, context)
    event = load("count", "create-customer-minimal")
    event["body"] = json.dumps({"customer": "Ops", "email": email})
    event["requestContext"]["authorizer"] = dict(allowed["context"])
    event = signed_now(with_headers(event, x_client_id=client_id), secret=secret)
    response = create_handler(event, context)
    return response["statusCode"], json.loads(response["body"])


def test_registered_client_gets_a_plan_key_and_its_token_creates_in_its_team(
    stack, aws, lambda_context
):
    client = count_clients.register_client(stack=STACK, team_id="team_ops", name="Ops Sync")
    issued = count_clients.issue_token(stack=STACK, client_id=client.client_id)

    allowed = authorize(client.client_id, issued.token, lambda_context)
    status, body = create(client.client_id, client.client_secret, issued.token, lambda_context)

    assert allowed["usageIdentifierKey"] == client.api_key_value
    assert allowed["context"]["teamId"] == "team_ops"
    plan_keys = boto3.client("apigateway", region_name="us-east-1").get_usage_plan_keys(
        usagePlanId=stack
    )
    assert [key["id"] for key in plan_keys["items"]] == [client.api_key_id]
    assert status == 201, body
    assert [i["pk"]["S"] for i in all_items(aws, "CUSTOMER_TABLE_NAME")] == [
        "CUSTOMER#count#team_ops#ops@example.com"
    ]
    stored = str(all_items(aws, "AUTH_TABLE_NAME"))
    assert issued.token not in stored  # tokens only as hashes


def test_revoked_token_is_refused_with_its_own_code(stack, lambda_context, monkeypatch):
    client = count_clients.register_client(stack=STACK, team_id="team_ops", name="Ops Sync")
    issued = count_clients.issue_token(stack=STACK, client_id=client.client_id)

    monkeypatch.setenv("COUNT_ACCESS_TOKEN", issued.token)  # never an argument
    assert main(["--stack", STACK, "count", "revoke-token"]) == 0

    status, body = create(client.client_id, client.client_secret, issued.token, lambda_context)
    assert status == 401
    assert body["code"] == "TOKEN_REVOKED"


def test_token_of_one_client_does_not_work_for_another(stack, lambda_context):
    first = count_clients.register_client(stack=STACK, team_id="team_a", name="A")
    second = count_clients.register_client(stack=STACK, team_id="team_b", name="B")
    token = count_clients.issue_token(stack=STACK, client_id=first.client_id).token

    status, body = create(second.client_id, second.client_secret, token, lambda_context)

    assert status == 401
    assert body["code"] == "TOKEN_CLIENT_MISMATCH"


def test_cli_prints_client_and_token_once_as_json(stack, capsys, lambda_context):
    assert (
        main(["--stack", STACK, "count", "register-client", "--team", "t1", "--name", "CLI"]) == 0
    )
    registered = json.loads(capsys.readouterr().out)
    assert set(registered) == {"clientId", "clientSecret", "teamId", "apiKeyId", "apiKeyValue"}

    assert (
        main(["--stack", STACK, "count", "issue-token", "--client-id", registered["clientId"]]) == 0
    )
    issued = json.loads(capsys.readouterr().out)

    assert issued["teamId"] == "t1"
    status, _ = create(
        registered["clientId"], registered["clientSecret"], issued["accessToken"], lambda_context
    )
    assert status == 201


@pytest.mark.parametrize("team", ["", "team#1", "a" * 65, "team one"])
def test_team_id_must_be_usable_in_a_key(stack, team):
    with pytest.raises(ValueError, match="team id"):
        count_clients.register_client(stack=STACK, team_id=team, name="x")
    assert boto3.client("apigateway", region_name="us-east-1").get_api_keys()["items"] == []


def test_failed_registration_leaves_no_api_key(stack, aws):
    aws.delete_table(TableName="auth-test")
    with pytest.raises(Exception, match="ResourceNotFound"):
        count_clients.register_client(stack=STACK, team_id="team_a", name="A")
    assert boto3.client("apigateway", region_name="us-east-1").get_api_keys()["items"] == []


def test_token_for_an_unknown_client_is_refused(stack):
    with pytest.raises(LookupError):
        count_clients.issue_token(stack=STACK, client_id="cli_missing")
