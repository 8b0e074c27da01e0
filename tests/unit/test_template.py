"""template.yaml promises: durable encrypted storage, least privilege, throttling per client and
gateway errors in each API's own shape."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.cfn import ROOT, parameter_default, resource, template

GATEWAY_ERROR_TYPES = {
    "UNAUTHORIZED": 401,
    "ACCESS_DENIED": 401,
    "THROTTLED": 429,
    "QUOTA_EXCEEDED": 429,
    "MISSING_AUTHENTICATION_TOKEN": 404,
    "INVALID_API_KEY": 401,
    "DEFAULT_4XX": None,
    "DEFAULT_5XX": None,
}


def resources_of_type(kind: str) -> dict[str, dict]:
    return {k: v for k, v in template()["Resources"].items() if v["Type"] == kind}


@pytest.mark.parametrize("table", ["CustomerTable", "AuthTable"])
def test_tables_are_on_demand_encrypted_recoverable_and_retained(table):
    definition = resource(table)
    properties = definition["Properties"]
    assert definition["DeletionPolicy"] == "Retain"
    assert definition["UpdateReplacePolicy"] == "Retain"
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["SSESpecification"]["SSEEnabled"] is True
    assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert properties["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert properties["TimeToLiveSpecification"] == {"AttributeName": "expiresAt", "Enabled": True}


def test_layer_is_built_by_sam_and_functions_use_it():
    layer = resource("CoreLayer")
    assert layer["Metadata"]["BuildMethod"] == "makefile"
    assert (ROOT / "layers/core/Makefile").read_text().count("build-CoreLayer:") == 1
    assert template()["Globals"]["Function"]["Layers"] == [{"Ref": "CoreLayer"}]
    assert template()["Globals"]["Function"]["Runtime"] == "python3.11"


def _requirement_pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        # A locked line is `name==version \` (markers after `;`), its hashes on `--hash` lines.
        line = line.split("#", 1)[0].split(";", 1)[0].strip().removesuffix("\\").strip()
        if not line or line.startswith("-"):
            continue
        name, _, version = line.partition("==")
        pins[re.sub(r"\[.*\]", "", name).lower().replace("_", "-")] = version
    return pins


# Requirements of a layer package that the layer leaves out on purpose (requirements.txt says why).
LEFT_OUT_OF_LAYER = {"dnspython"}
# The SDK the layer ships (rather than the Lambda runtime's copy), with what it requires.
LAYER_SDK = {"boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3"}


def _layer_pins() -> dict[str, str]:
    return _requirement_pins((ROOT / "layers/core/requirements.txt").read_text().splitlines())


def _project_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(line) for line in project["dependencies"]]


def test_layer_requirements_pin_the_runtime_dependencies_of_pyproject_and_the_sdk():
    declared = _requirement_pins([str(requirement) for requirement in _project_requirements()])
    layer = _layer_pins()
    for name, version in declared.items():
        assert layer.get(name) == version, name
    assert all(version for version in layer.values()), "every layer requirement is pinned"
    assert set(layer) >= LAYER_SDK, "the layer ships boto3, botocore and their dependencies"
    # The functions' SDK is pinned where the tests and the deploy jobs install it too.
    assert {"boto3", "botocore"} <= set(declared)


def test_the_tests_run_the_layer_versions():
    """Every package the layer ships is installed here at the layer's version (the environment
    the tests run in), so no test runs an SDK or library the functions would not."""
    installed = {name: metadata.version(name) for name in _layer_pins()}
    assert installed == _layer_pins()


def _requires(name: str, extras: set[str]) -> list[Requirement]:
    """What the installed distribution `name` requires on Python 3.11 on Linux, with `extras`."""
    environment = {"python_version": "3.11", "python_full_version": "3.11.0"}
    environment |= {"sys_platform": "linux", "platform_system": "Linux"}
    found = []
    for line in metadata.requires(name) or []:
        requirement = Requirement(line)
        if requirement.marker is None or any(
            requirement.marker.evaluate({**environment, "extra": extra}) for extra in {"", *extras}
        ):
            found.append(requirement)
    return found


def test_layer_pins_satisfy_every_requirement_of_every_layer_package():
    """The layer is installed with --no-deps: each package's requirements must be pinned in it at
    a version the package accepts (e.g. boto3 X accepts only a range of botocore)."""
    layer = _layer_pins()
    extras: dict[str, set[str]] = {
        str(canonicalize_name(requirement.name)): requirement.extras
        for requirement in _project_requirements()
    }
    unmet = []
    for name in layer:
        for requirement in _requires(name, extras.get(name, set())):
            required = canonicalize_name(requirement.name)
            if required in LEFT_OUT_OF_LAYER:
                continue
            if required not in layer or not requirement.specifier.contains(
                layer[required], prereleases=True
            ):
                unmet.append(f"{name}=={layer[name]} requires {requirement}: {layer.get(required)}")
    assert not unmet, "\n".join(unmet)
    assert "aws-xray-sdk" in layer  # powertools[tracer]: the extra is followed


def test_boto3_accepts_the_pinned_botocore():
    """Named on its own: the pair most likely to drift when one pin is bumped."""
    layer = _layer_pins()
    (botocore,) = [r for r in _requires("boto3", set()) if r.name == "botocore"]
    assert botocore.specifier.contains(layer["botocore"]), (layer["boto3"], botocore)


def test_axim_api_is_stage_v1_with_request_authorizer_and_authorizer_sourced_keys():
    properties = resource("AximApi")["Properties"]
    assert properties["StageName"] == "v1"
    assert properties["ApiKeySourceType"] == "AUTHORIZER"
    auth = properties["Auth"]
    assert auth["ApiKeyRequired"] is True
    authorizer = auth["Authorizers"][auth["DefaultAuthorizer"]]
    assert authorizer["FunctionPayloadType"] == "REQUEST"
    assert authorizer["Identity"]["Headers"] == ["accessToken"]
    assert parameter_default(authorizer["Identity"]["ReauthorizeEvery"]) > 0


def test_axim_route_is_post_customers_on_its_own_function():
    events = resource("AximCreateCustomerFunction")["Properties"]["Events"]
    assert [(e["Properties"]["Path"], e["Properties"]["Method"]) for e in events.values()] == [
        ("/customers", "post")
    ]


def test_usage_plan_throttles_with_template_parameters():
    plan = resource("AximUsagePlan")["Properties"]
    assert plan["Throttle"] == {
        "RateLimit": {"Ref": "AximRateLimit"},
        "BurstLimit": {"Ref": "AximBurstLimit"},
    }
    assert plan["ApiStages"][0]["ApiId"] == {"Ref": "AximApi"}


def test_function_policies_are_least_privilege():
    for name, function in resources_of_type("AWS::Serverless::Function").items():
        for policy in function["Properties"]["Policies"]:
            for statement in policy["Statement"]:
                actions = (
                    statement["Action"]
                    if isinstance(statement["Action"], list)
                    else [statement["Action"]]
                )
                assert all(not action.endswith("*") for action in actions), name
                assert statement["Resource"] != "*", name
                if any(action.startswith("dynamodb:") for action in actions):
                    condition = statement["Condition"]["ForAllValues:StringLike"]
                    assert "dynamodb:LeadingKeys" in condition, name


def _gateway_responses(api: str) -> dict[str, dict]:
    return {
        v["Properties"]["ResponseType"]: v["Properties"]
        for k, v in resources_of_type("AWS::ApiGateway::GatewayResponse").items()
        if v["Properties"]["RestApiId"] == {"Ref": api}
    }


def test_axim_gateway_responses_use_axim_shape():
    responses = _gateway_responses("AximApi")
    assert set(GATEWAY_ERROR_TYPES) <= set(responses)
    for kind, status in GATEWAY_ERROR_TYPES.items():
        properties = responses[kind]
        if status is not None:
            assert properties["StatusCode"] == str(status), kind
        assert (
            properties["ResponseParameters"]["gatewayresponse.header.Content-Type"]
            == "'application/json'"
        )
        rendered = properties["ResponseTemplates"]["application/json"].replace(
            "$context.error.messageString", '"Missing Authentication Token"'
        )
        body = json.loads(rendered)
        assert body["success"] is False, kind
        assert isinstance(body["message"], str), kind
        assert body["message"], kind


def test_gateway_response_ids_sort_before_the_generated_deployment():
    # MiniStack copies gateway responses into a deployment when it is created (LOCAL-AWS.md).
    for logical_id in resources_of_type("AWS::ApiGateway::GatewayResponse"):
        assert logical_id.startswith("AGr")
        assert logical_id < "AximApiDeployment"


def test_outputs_name_endpoint_api_plan_and_tables():
    outputs = template()["Outputs"]
    assert {
        "AximEndpoint",
        "AximApiId",
        "AximUsagePlanId",
        "CustomerTableName",
        "AuthTableName",
    } <= set(outputs)
    assert outputs["AximEndpoint"]["Value"]["Fn::Sub"].endswith("/v1/customers")


def test_events_are_valid_rest_proxy_or_authorizer_events():
    for path in sorted((ROOT / "events").rglob("*.json")):
        event = json.loads(path.read_text())
        if event.get("type") == "REQUEST":
            assert event["methodArn"].startswith("arn:aws:execute-api:"), path
        else:
            assert {"resource", "path", "httpMethod", "headers", "requestContext", "body"} <= set(
                event
            ), path
            assert event["requestContext"]["stage"] == "v1", path


def test_samconfig_targets_this_template():
    text = Path(ROOT / "samconfig.toml").read_text()
    config = tomllib.loads(text)
    assert config["default"]["deploy"]["parameters"]["capabilities"]
