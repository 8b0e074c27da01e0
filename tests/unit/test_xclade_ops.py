"""`python -m ops xclade-token` against moto's CloudFormation, Secrets Manager, API Gateway and
DynamoDB: a minted token passes the real authorizer, under the shared or the actor's own key."""

from __future__ import annotations

import json

import boto3
import pytest
from customer_core.auth.jwt_hs256 import verify
from xclade_api.authorizer import lambda_handler

from ops.__main__ import main
from tests.support.events import load, with_headers
from tests.support.xclade import SHARED_USAGE_KEY, install_secret
from tests.unit.conftest import all_items


@pytest.fixture
def stack(aws, monkeypatch):
    secret_arn = install_secret("stack-generated-secret-0123456789abcdef")
    apigateway = boto3.client("apigateway", region_name="us-east-1")
    api = apigateway.create_rest_api(name="xclade")
    own = apigateway.create_usage_plan(
        name="xclade", apiStages=[{"apiId": api["id"], "stage": "v1"}]
    )
    shared = apigateway.create_usage_plan(
        name="xclade-shared", apiStages=[{"apiId": api["id"], "stage": "v1"}]
    )
    shared_key = apigateway.create_api_key(name="shared", enabled=True, value=SHARED_USAGE_KEY)
    apigateway.create_usage_plan_key(
        usagePlanId=shared["id"], keyId=shared_key["id"], keyType="API_KEY"
    )
    outputs = {
        "XcladeJwtSecretArn": secret_arn,
        "XcladeUsagePlanId": own["id"],
        "XcladeSharedApiKeyId": shared_key["id"],
        "AuthTableName": "auth-test",
    }
    template = {
        "Resources": {"Placeholder": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {key: {"Value": value} for key, value in outputs.items()},
    }
    boto3.client("cloudformation", region_name="us-east-1").create_stack(
        StackName="customer-api", TemplateBody=json.dumps(template)
    )
    return {"own_plan": own["id"], "shared_key_id": shared_key["id"]}


def mint(capsys, *arguments: str):
    assert main(["--stack", "customer-api", "xclade", "token", *arguments]) == 0
    return json.loads(capsys.readouterr().out)


def authorize(token: str, context):
    event = with_headers(load("xclade", "authorizer-valid-token"), authorization=f"Bearer {token}")
    return lambda_handler(event, context)


def test_token_signed_with_the_stacks_secret_passes_under_the_shared_key(
    stack, capsys, lambda_context
):
    printed = mint(capsys, "--actor-id", "user_ops_1")

    result = authorize(printed["token"], lambda_context)

    assert result["principalId"] == "user_ops_1"
    assert result["usageIdentifierKey"] == SHARED_USAGE_KEY
    assert printed["apiKeyId"] == stack["shared_key_id"]
    assert printed["apiKeyValue"] == SHARED_USAGE_KEY
    assert printed["actorId"] == "user_ops_1"


def test_own_usage_key_is_made_a_member_of_the_actor_plan_and_named_by_the_authorizer(
    stack, capsys, lambda_context, aws
):
    printed = mint(capsys, "--actor-id", "user_ops_2", "--own-usage-key")

    result = authorize(printed["token"], lambda_context)

    assert result["usageIdentifierKey"] == printed["apiKeyValue"] != SHARED_USAGE_KEY
    plan_keys = boto3.client("apigateway", region_name="us-east-1").get_usage_plan_keys(
        usagePlanId=stack["own_plan"]
    )
    assert [key["id"] for key in plan_keys["items"]] == [printed["apiKeyId"]]
    pks = [item["pk"]["S"] for item in all_items(aws, "AUTH_TABLE_NAME")]
    assert pks == ["ACTOR#xclade#user_ops_2"]
    assert printed["token"] not in str(all_items(aws, "AUTH_TABLE_NAME"))


def test_claims_are_medusas_and_expiry_follows_the_ttl(stack, capsys):
    printed = mint(capsys, "--actor-id", "user_ops_3", "--ttl-seconds", "120")

    claims = verify(printed["token"], "stack-generated-secret-0123456789abcdef")
    assert claims["actor_id"] == "user_ops_3"
    assert claims["actor_type"] == "user"
    assert claims["exp"] - claims["iat"] == 120


def test_explicit_secret_needs_no_stack(capsys, monkeypatch):
    monkeypatch.setenv("XCLADE_JWT_SECRET", "local-secret-abcdefghijklmnopqrstuvwxyz")
    assert main(["--stack", "no-such-stack", "xclade", "token", "--actor-id", "u1"]) == 0
    printed = json.loads(capsys.readouterr().out)

    claims = verify(printed["token"], "local-secret-abcdefghijklmnopqrstuvwxyz")
    assert claims["actor_id"] == "u1"
    assert printed["apiKeyValue"] is None


@pytest.mark.parametrize(
    "arguments", [["--actor-id", " "], ["--actor-id", "u", "--ttl-seconds", "0"]]
)
def test_blank_actor_or_non_positive_ttl_is_refused(capsys, monkeypatch, arguments):
    monkeypatch.setenv("XCLADE_JWT_SECRET", "s" * 32)
    assert main(["xclade", "token", *arguments]) == 2
    assert capsys.readouterr().out == ""
