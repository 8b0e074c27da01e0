"""What MiniStack runs of the gradual, reversible deploy (docs/deploy.md): every function has
the version and the `live` alias SAM's AutoPublishAlias makes, and each API's integration and
authorizer call that alias (the other tests' requests go through it). MiniStack has no CodeDeploy:
the local deploy turns the DeploymentPreference off (ops/local/deploy.py), so no CodeDeploy
resource exists and the alias moves at once; the shift and the rollback on alarm are checked
only at template level (tests/unit/test_template_delivery.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import STACK_NAME, local_client

FUNCTIONS = [*(f"{api}{kind}Function" for api in ("Axim", "Xclade", "Count")
               for kind in ("CreateCustomer", "Authorizer")), "CustomerEventsFunction"]  # fmt: skip


@pytest.fixture(scope="module")
def resources(local_stack: dict[str, Any]) -> dict[str, dict[str, str]]:
    cloudformation = local_client(local_stack, "cloudformation")
    return {
        summary["LogicalResourceId"]: summary
        for page in cloudformation.get_paginator("list_stack_resources").paginate(
            StackName=STACK_NAME
        )
        for summary in page["StackResourceSummaries"]
    }


def test_every_function_has_a_published_version_under_live(
    local_stack: dict[str, Any], resources: dict[str, dict[str, str]]
) -> None:
    lambda_client = local_client(local_stack, "lambda")
    for name in FUNCTIONS:
        function = resources[name]["PhysicalResourceId"]
        aliases = lambda_client.list_aliases(FunctionName=function)["Aliases"]
        assert [alias["Name"] for alias in aliases] == ["live"], name
        versions = lambda_client.list_versions_by_function(FunctionName=function)["Versions"]
        assert aliases[0]["FunctionVersion"] in {v["Version"] for v in versions} - {"$LATEST"}


def test_integrations_and_authorizers_call_the_alias(
    local_stack: dict[str, Any], resources: dict[str, dict[str, str]]
) -> None:
    apigateway = local_client(local_stack, "apigateway")
    for api in ("Axim", "Xclade", "Count"):
        api_id = resources[f"{api}Api"]["PhysicalResourceId"]
        uris = [
            apigateway.get_integration(restApiId=api_id, resourceId=item["id"], httpMethod=m)["uri"]
            for item in apigateway.get_resources(restApiId=api_id)["items"]
            for m in item.get("resourceMethods") or {}
        ]
        authorizers = apigateway.get_authorizers(restApiId=api_id)["items"]
        uris += [authorizer["authorizerUri"] for authorizer in authorizers]
        assert len(uris) >= 2, api
        for uri in uris:
            assert uri.endswith(":live/invocations"), uri


def test_no_codedeploy_resource_on_the_local_stack(
    resources: dict[str, dict[str, str]],
) -> None:
    kinds = {summary["ResourceType"] for summary in resources.values()}
    assert not [kind for kind in kinds if kind.startswith("AWS::CodeDeploy::")]
    aliases = sum(s["ResourceType"] == "AWS::Lambda::Alias" for s in resources.values())
    assert aliases == len(FUNCTIONS)
