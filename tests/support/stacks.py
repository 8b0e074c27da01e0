"""A deployed stack as the operator commands see it, on moto: a REST API with a usage plan, and
a CloudFormation stack whose outputs name the plan and the credential table."""

from __future__ import annotations

import json

import boto3


def stack_with_usage_plan(
    *, api: str, plan_output: str, rate: float, burst: int, stack: str = "customer-api"
) -> str:
    """Creates them (inside mock_aws) and returns the usage plan id."""
    apigateway = boto3.client("apigateway", region_name="us-east-1")
    rest_api = apigateway.create_rest_api(name=api)
    plan = apigateway.create_usage_plan(
        name=api,
        apiStages=[{"apiId": rest_api["id"], "stage": "v1"}],
        throttle={"rateLimit": rate, "burstLimit": burst},
    )
    outputs = {plan_output: plan["id"], "AuthTableName": "auth-test"}
    template = {
        "Resources": {"Placeholder": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {key: {"Value": value} for key, value in outputs.items()},
    }
    boto3.client("cloudformation", region_name="us-east-1").create_stack(
        StackName=stack, TemplateBody=json.dumps(template)
    )
    return str(plan["id"])
