"""template.yaml's xclade block: its own REST API and authorizer, the JWT key never in clear,
least privilege, usage plans per actor and shared, and gateway errors in Medusa's shape."""

from __future__ import annotations

import json

from tests.support.cfn import parameter_default, resource, template
from tests.unit.test_template import GATEWAY_ERROR_TYPES, _gateway_responses, resources_of_type

PLAIN_TEXT_TYPES = {"UNAUTHORIZED", "ACCESS_DENIED", "INVALID_API_KEY"}


def statements(function: str) -> list[dict]:
    return [s for p in resource(function)["Properties"]["Policies"] for s in p["Statement"]]


def test_api_is_stage_v1_with_a_request_authorizer_on_authorization_and_authorizer_keys():
    properties = resource("XcladeApi")["Properties"]
    assert properties["StageName"] == "v1"
    assert properties["ApiKeySourceType"] == "AUTHORIZER"
    auth = properties["Auth"]
    assert auth["ApiKeyRequired"] is True
    authorizer = auth["Authorizers"][auth["DefaultAuthorizer"]]
    assert authorizer["FunctionArn"] == {"Ref": "XcladeAuthorizerFunction.Alias"}  # live
    assert authorizer["FunctionPayloadType"] == "REQUEST"
    assert authorizer["Identity"]["Headers"] == ["Authorization"]
    # Cached, but briefly: a cached Allow outlives the token's `exp` by at most this.
    assert 0 < parameter_default(authorizer["Identity"]["ReauthorizeEvery"]) <= 60


def test_route_is_post_admin_customers_on_its_own_function_and_package():
    function = resource("XcladeCreateCustomerFunction")["Properties"]
    assert function["CodeUri"] == "functions/xclade/"
    assert function["Handler"] == "xclade_api.handler.lambda_handler"
    events = function["Events"]
    assert [
        (e["Properties"]["RestApiId"], e["Properties"]["Path"], e["Properties"]["Method"])
        for e in events.values()
    ] == [({"Ref": "XcladeApi"}, "/admin/customers", "post")]


def test_jwt_key_is_generated_in_secrets_manager_and_never_in_clear():
    secret = resource("XcladeJwtSecret")
    assert secret["Type"] == "AWS::SecretsManager::Secret"
    assert "SecretString" not in secret["Properties"]
    generated = secret["Properties"]["GenerateSecretString"]
    assert generated["PasswordLength"] >= 32
    # {"key": "<generated>"}: the JSON xclade_api/signing_keys.py reads (and rotate-key writes).
    assert (generated["SecretStringTemplate"], generated["GenerateStringKey"]) == ("{}", "key")
    variables = resource("XcladeAuthorizerFunction")["Properties"]["Environment"]["Variables"]
    assert variables["XCLADE_JWT_SECRET_ID"] == {"Ref": "XcladeJwtSecret"}
    assert not any("Secret" in name for name in template()["Parameters"])
    output = template()["Outputs"]["XcladeJwtSecretArn"]["Value"]
    assert output == {"Ref": "XcladeJwtSecret"}  # the ARN, not the value


def test_authorizer_reads_only_its_secret_and_its_actor_records():
    by_action = {json.dumps(s["Action"]): s for s in statements("XcladeAuthorizerFunction")}
    assert set(by_action) == {'"dynamodb:GetItem"', '"secretsmanager:GetSecretValue"'}
    assert by_action['"secretsmanager:GetSecretValue"']["Resource"] == {"Ref": "XcladeJwtSecret"}
    dynamo = by_action['"dynamodb:GetItem"']
    assert dynamo["Resource"] == {"Fn::GetAtt": ["AuthTable", "Arn"]}
    assert dynamo["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"] == [
        "ACTOR#xclade#*"
    ]


def test_create_function_writes_only_xclade_keys():
    (statement,) = statements("XcladeCreateCustomerFunction")
    assert statement["Resource"] == {"Fn::GetAtt": ["CustomerTable", "Arn"]}
    assert statement["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"] == [
        "CUSTOMER#xclade#*",
        "IDEMPOTENCY#xclade#*",
    ]


def test_usage_plans_throttle_actors_with_own_keys_and_the_rest_together():
    own = resource("XcladeUsagePlan")["Properties"]
    shared = resource("XcladeSharedUsagePlan")["Properties"]
    for plan, prefix in ((own, "Xclade"), (shared, "XcladeShared")):
        assert plan["ApiStages"] == [
            {"ApiId": {"Ref": "XcladeApi"}, "Stage": {"Ref": "XcladeApi.Stage"}}
        ]
        assert plan["Throttle"] == {
            "RateLimit": {"Ref": f"{prefix}RateLimit"},
            "BurstLimit": {"Ref": f"{prefix}BurstLimit"},
        }
    plan_key = resource("XcladeSharedUsagePlanKey")["Properties"]
    assert plan_key["UsagePlanId"] == {"Ref": "XcladeSharedUsagePlan"}
    assert plan_key["KeyId"] == {"Ref": "XcladeSharedApiKey"}
    # The authorizer names exactly the shared key's value.
    variables = resource("XcladeAuthorizerFunction")["Properties"]["Environment"]["Variables"]
    assert (
        variables["XCLADE_SHARED_USAGE_KEY"]
        == resource("XcladeSharedApiKey")["Properties"]["Value"]
    )


def test_gateway_responses_speak_xclade():
    responses = _gateway_responses("XcladeApi")
    assert set(GATEWAY_ERROR_TYPES) <= set(responses)
    for kind, status in GATEWAY_ERROR_TYPES.items():
        properties = responses[kind]
        if status is not None:
            assert properties["StatusCode"] == str(status), kind
        content_type = properties["ResponseParameters"]["gatewayresponse.header.Content-Type"]
        rendered = properties["ResponseTemplates"]["application/json"]
        if kind in PLAIN_TEXT_TYPES:
            assert content_type == "'text/plain'", kind
            assert rendered == "Unauthorized", kind
            continue
        assert content_type == "'application/json'", kind
        body = json.loads(rendered.replace("$context.error.messageString", '"Forbidden"'))
        assert set(body) <= {"code", "type", "message"}, kind
        assert body["type"], kind
        assert body["message"], kind
    assert json.loads(responses["THROTTLED"]["ResponseTemplates"]["application/json"])["type"] == (
        "too_many_requests"
    )
    assert (
        responses["THROTTLED"]["ResponseParameters"]["gatewayresponse.header.Retry-After"] == "'1'"
    )
    missing = json.loads(
        responses["MISSING_AUTHENTICATION_TOKEN"]["ResponseTemplates"]["application/json"]
    )
    assert missing["type"] == "not_found"
    default_5xx = json.loads(responses["DEFAULT_5XX"]["ResponseTemplates"]["application/json"])
    assert default_5xx == {
        "code": "unknown_error",
        "type": "unknown_error",
        "message": "An unknown error occurred.",
    }


def test_gateway_response_ids_sort_before_the_xclade_deployment():
    ids = [
        logical_id
        for logical_id, definition in resources_of_type("AWS::ApiGateway::GatewayResponse").items()
        if definition["Properties"]["RestApiId"] == {"Ref": "XcladeApi"}
    ]
    assert len(ids) == len(GATEWAY_ERROR_TYPES)
    assert all(i.startswith("AGrXclade") and i < "XcladeApiDeployment" for i in ids)


def test_outputs_name_endpoint_api_plan_key_and_secret():
    outputs = template()["Outputs"]
    assert outputs["XcladeEndpoint"]["Value"]["Fn::Sub"].endswith("/v1/admin/customers")
    assert outputs["XcladeApiId"]["Value"] == {"Ref": "XcladeApi"}
    assert outputs["XcladeUsagePlanId"]["Value"] == {"Ref": "XcladeUsagePlan"}
    assert outputs["XcladeSharedApiKeyId"]["Value"] == {"Ref": "XcladeSharedApiKey"}
