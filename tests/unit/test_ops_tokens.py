"""The operator token command against moto's CloudFormation, API Gateway and DynamoDB: an issued
token passes the real authorizer with its usage-plan key; a revoked one does not."""

from __future__ import annotations

import json

import boto3
import pytest
from axim_api.authorizer import lambda_handler
from customer_core.http.authorizer import Unauthorized

from ops import credentials as tokens
from ops.__main__ import main
from tests.support.events import load, with_headers
from tests.support.stacks import stack_with_usage_plan
from tests.unit.conftest import all_items


@pytest.fixture
def stack(aws):
    return stack_with_usage_plan(api="axim", plan_output="AximUsagePlanId", rate=10, burst=20)


def authorizer_event(token):
    return with_headers(load("axim", "authorizer-valid-token"), accessToken=token)


def test_issued_token_is_allowed_and_throttled_by_its_own_plan_key(stack, lambda_context):
    issued = tokens.issue_token(
        stack="customer-api",
        api="axim",
        name="Shop Sync",
        principal_id="usr_1",
        principal_type="api_client",
    )

    result = lambda_handler(authorizer_event(issued.token), lambda_context)

    assert result["context"]["principalName"] == "Shop Sync"
    assert result["usageIdentifierKey"] == issued.api_key_value
    plan_keys = boto3.client("apigateway", region_name="us-east-1").get_usage_plan_keys(
        usagePlanId=stack
    )
    assert [key["id"] for key in plan_keys["items"]] == [issued.api_key_id]


def test_revoked_token_is_refused(stack, lambda_context, aws):
    issued = tokens.issue_token(
        stack="customer-api",
        api="axim",
        name="Shop Sync",
        principal_id=None,
        principal_type="api_client",
    )
    tokens.revoke_token(stack="customer-api", api="axim", token=issued.token)

    with pytest.raises(Unauthorized):
        lambda_handler(authorizer_event(issued.token), lambda_context)
    assert issued.token not in str(all_items(aws, "AUTH_TABLE_NAME"))


def test_cli_prints_the_token_once_as_json(stack, capsys, lambda_context):
    assert main(["--stack", "customer-api", "axim", "issue-token", "--name", "CLI user"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (
        lambda_handler(authorizer_event(printed["accessToken"]), lambda_context)["principalId"]
        == printed["principalId"]
    )


def test_redeploy_creates_a_deployment_for_each_api_output(aws):
    apigateway = boto3.client("apigateway", region_name="us-east-1")
    api = apigateway.create_rest_api(name="axim")
    root = apigateway.get_resources(restApiId=api["id"])["items"][0]["id"]
    apigateway.put_method(
        restApiId=api["id"], resourceId=root, httpMethod="POST", authorizationType="NONE"
    )
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="POST", type="MOCK")
    template = {
        "Resources": {"Placeholder": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {"AximApiId": {"Value": api["id"]}, "AuthTableName": {"Value": "auth-test"}},
    }
    boto3.client("cloudformation", region_name="us-east-1").create_stack(
        StackName="stack-2", TemplateBody=json.dumps(template)
    )

    assert main(["--stack", "stack-2", "redeploy"]) == 0

    deployments = apigateway.get_deployments(restApiId=api["id"])["items"]
    assert len(deployments) == 1
