"""template.yaml's COUNT block: routes, authorizer, per-client usage plan, least privilege and
gateway errors in COUNT's shape with the codes the function uses."""

from __future__ import annotations

import json

import pytest
from count_api import errors
from count_api.codes import (
    AUTH_MESSAGES,
    CLIENT_NOT_ENABLED,
    MISSING_CREDENTIALS,
    UNKNOWN_CLIENT,
)

from tests.support.cfn import parameter_default, resource, template


def gateway_responses() -> dict[str, tuple[str, dict]]:
    return {
        properties["ResponseType"]: (logical_id, properties)
        for logical_id, value in template()["Resources"].items()
        if value["Type"] == "AWS::ApiGateway::GatewayResponse"
        and (properties := value["Properties"])["RestApiId"] == {"Ref": "CountApi"}
    }


def rendered(properties: dict) -> dict:
    text = properties["ResponseTemplates"]["application/json"]
    text = text.replace("$context.error.messageString", '"Request too large"')
    text = text.replace("$context.error.responseType", "REQUEST_TOO_LARGE")
    body: dict = json.loads(text)
    return body


def test_api_is_stage_v1_with_request_authorizer_on_client_and_token_headers():
    properties = resource("CountApi")["Properties"]
    assert properties["StageName"] == "v1"
    assert properties["ApiKeySourceType"] == "AUTHORIZER"
    auth = properties["Auth"]
    assert auth["ApiKeyRequired"] is True
    authorizer = auth["Authorizers"][auth["DefaultAuthorizer"]]
    assert authorizer["FunctionArn"] == {"Ref": "CountAuthorizerFunction.Alias"}  # live
    assert authorizer["FunctionPayloadType"] == "REQUEST"
    # The verdict depends on both headers, so both are the cache key.
    assert authorizer["Identity"]["Headers"] == ["x-client-id", "Authorization"]
    assert 0 < parameter_default(authorizer["Identity"]["ReauthorizeEvery"]) <= 300


def test_both_routes_reach_the_count_function():
    events = resource("CountCreateCustomerFunction")["Properties"]["Events"]
    routes = {(e["Properties"]["Path"], e["Properties"]["Method"]) for e in events.values()}
    assert routes == {("/", "post"), ("/partners/customers", "post")}
    assert all(e["Properties"]["RestApiId"] == {"Ref": "CountApi"} for e in events.values())


def test_usage_plan_defaults_to_100_requests_per_minute_per_client():
    plan = resource("CountUsagePlan")["Properties"]
    assert plan["Throttle"] == {
        "RateLimit": {"Ref": "CountRateLimit"},
        "BurstLimit": {"Ref": "CountBurstLimit"},
    }
    assert plan["ApiStages"][0]["ApiId"] == {"Ref": "CountApi"}
    parameters = template()["Parameters"]
    assert round(parameters["CountRateLimit"]["Default"] * 60) == 100
    assert parameters["CountBurstLimit"]["Default"] == 100


def _statements(function: str) -> list[dict]:
    statements: list[dict] = []
    for policy in resource(function)["Properties"]["Policies"]:
        statements.extend(policy["Statement"])
    return statements


def _grants(function: str, table: str) -> dict[str, set[str]]:
    """Action → key prefixes it is allowed on, for one table."""
    grants: dict[str, set[str]] = {}
    for statement in _statements(function):
        if statement["Resource"] != {"Fn::GetAtt": [table, "Arn"]}:
            continue
        actions = statement["Action"]
        prefixes = statement["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]
        for action in actions if isinstance(actions, list) else [actions]:
            grants.setdefault(action, set()).update(prefixes)
    return grants


def test_only_the_function_reads_client_secrets_and_nobody_writes_them():
    assert _grants("CountCreateCustomerFunction", "AuthTable") == {
        "dynamodb:GetItem": {"SECRET#count#*"},
    }
    assert _grants("CountAuthorizerFunction", "AuthTable") == {
        "dynamodb:GetItem": {"CLIENT#count#*", "TOKEN#count#*"}
    }
    assert _grants("CountAuthorizerFunction", "CustomerTable") == {}
    assert _grants("CountCreateCustomerFunction", "CustomerTable") == {
        # No GetItem: the cancelled transaction's ALL_OLD item comes with the PutItem grant.
        "dynamodb:PutItem": {"CUSTOMER#count#*", "IDEMPOTENCY#count#*"},
    }


@pytest.mark.parametrize(
    ("response_type", "status", "code"),
    [
        ("UNAUTHORIZED", "401", MISSING_CREDENTIALS),
        ("ACCESS_DENIED", "401", UNKNOWN_CLIENT),
        ("INVALID_API_KEY", "401", CLIENT_NOT_ENABLED),
        ("THROTTLED", "429", "RATE_LIMIT_EXCEEDED"),
        ("QUOTA_EXCEEDED", "429", "RATE_LIMIT_EXCEEDED"),
        ("MISSING_AUTHENTICATION_TOKEN", "404", "NOT_FOUND"),
        ("DEFAULT_4XX", None, "REQUEST_TOO_LARGE"),
        ("DEFAULT_5XX", None, errors.INTERNAL_ERROR),
    ],
)
def test_gateway_responses_speak_count(response_type, status, code):
    logical_id, properties = gateway_responses()[response_type]
    assert properties.get("StatusCode") == status
    assert properties["ResponseParameters"]["gatewayresponse.header.Content-Type"] == (
        "'application/json'"
    )
    body = rendered(properties)
    assert set(body) == {"status", "message", "code"}
    assert body["status"] == "error"
    assert body["code"] == code
    assert body["message"]
    if code in AUTH_MESSAGES:
        assert body["message"] == AUTH_MESSAGES[code]
    # Sorted before the generated deployment, so MiniStack copies them into it (LOCAL-AWS.md).
    assert logical_id.startswith("AGrCount")
    assert logical_id < "CountApiDeployment"


def test_default_5xx_is_the_functions_own_500():
    _, properties = gateway_responses()["DEFAULT_5XX"]
    assert rendered(properties) == json.loads(errors.internal_error()["body"])


@pytest.mark.parametrize(
    ("response_type", "seconds"), [("THROTTLED", "1"), ("QUOTA_EXCEEDED", "60")]
)
def test_rate_limit_responses_say_when_to_retry(response_type, seconds):
    _, properties = gateway_responses()[response_type]
    assert properties["ResponseParameters"]["gatewayresponse.header.Retry-After"] == f"'{seconds}'"


def test_outputs_name_both_endpoints_the_api_and_the_plan():
    outputs = template()["Outputs"]
    assert outputs["CountEndpoint"]["Value"]["Fn::Sub"].endswith("/v1/")
    assert outputs["CountAliasEndpoint"]["Value"]["Fn::Sub"].endswith("/v1/partners/customers")
    assert outputs["CountApiId"]["Value"] == {"Ref": "CountApi"}
    assert outputs["CountUsagePlanId"]["Value"] == {"Ref": "CountUsagePlan"}


def test_count_functions_use_the_count_package():
    for function, module in [
        ("CountCreateCustomerFunction", "count_api.handler"),
        ("CountAuthorizerFunction", "count_api.authorizer"),
    ]:
        properties = resource(function)["Properties"]
        assert properties["CodeUri"] == "functions/count/"
        assert properties["Handler"] == f"{module}.lambda_handler"
