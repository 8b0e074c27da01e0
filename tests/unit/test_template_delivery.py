"""Gradual, reversible deploys at template level (SAM's own transform, as CloudFormation runs
it): every function published under `live`, integrations and authorizers calling the alias,
a DeploymentPreference per function whose alarms are its error alarm and its API's 5xx alarm,
provisioned concurrency only when asked; the local stack's GradualDeployment=false leaves out
CodeDeploy and nothing else."""

from __future__ import annotations

import copy
import json
import os
from typing import Any

import pytest
from samtranslator.translator.transform import transform  # type: ignore[import-untyped]

from tests.support.cfn import ROOT, load_template

FUNCTIONS = [f"{api}{kind}Function" for api in ("Axim", "Xclade", "Count")
             for kind in ("CreateCustomer", "Authorizer")]  # fmt: skip
CONSUMER = "CustomerEventsFunction"  # the table stream's consumer (no API, no 5xx alarm)
EVERY_FUNCTION = [*FUNCTIONS, CONSUMER]


class _NoPolicies:
    def load(self) -> dict[str, str]:
        return {}


def translated(**parameters: str) -> dict[str, Any]:
    template = copy.deepcopy(load_template(ROOT / "template.yaml"))
    for resource in template["Resources"].values():
        for uri in ("CodeUri", "ContentUri"):
            if uri in resource.get("Properties", {}):
                resource["Properties"][uri] = "s3://bucket/key"  # what sam package puts there
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    result: dict[str, Any] = transform(template, parameters, _NoPolicies())
    resources: dict[str, Any] = result["Resources"]
    return resources


def _of_type(resources: dict[str, Any], kind: str) -> dict[str, Any]:
    return {key: value for key, value in resources.items() if value["Type"] == kind}


def test_every_function_is_published_under_live_and_called_through_it() -> None:
    resources = translated()
    aliases = _of_type(resources, "AWS::Lambda::Alias")
    assert sorted(aliases) == sorted(f"{name}Aliaslive" for name in EVERY_FUNCTION)
    assert len(_of_type(resources, "AWS::Lambda::Version")) == len(EVERY_FUNCTION)
    (mapping,) = _of_type(resources, "AWS::Lambda::EventSourceMapping").values()
    assert mapping["Properties"]["FunctionName"] == {"Ref": f"{CONSUMER}Aliaslive"}
    permissions = _of_type(resources, "AWS::Lambda::Permission")
    assert {json.dumps(p["Properties"]["FunctionName"]) for p in permissions.values()} == {
        json.dumps({"Ref": f"{name}Aliaslive"}) for name in FUNCTIONS
    }
    for api in ("Axim", "Xclade", "Count"):
        body = json.dumps(resources[f"{api}Api"]["Properties"]["Body"])
        assert f'{{"Ref": "{api}AuthorizerFunctionAliaslive"}}' in body
        assert f'"{api}CreateCustomerFunctionAliaslive"' in body or (
            f"{api}CreateCustomerFunction.Arn}}:live" in body
            or f"{api}CreateCustomerFunctionAliaslive" in body
        )
        assert f'"{api}AuthorizerFunction", "Arn"' not in body, "authorizer on $LATEST"


@pytest.mark.parametrize("deployment_type", ["AllAtOnce", "Canary10Percent5Minutes"])
def test_each_function_deploys_through_codedeploy_rolled_back_by_its_alarms(
    deployment_type: str,
) -> None:
    resources = translated(DeploymentType=deployment_type)
    groups = _of_type(resources, "AWS::CodeDeploy::DeploymentGroup")
    assert sorted(groups) == sorted(f"{name}DeploymentGroup" for name in EVERY_FUNCTION)
    consumer = groups[f"{CONSUMER}DeploymentGroup"]["Properties"]["AlarmConfiguration"]
    assert [a["Name"]["Ref"] for a in consumer["Alarms"]] == ["CustomerEventsErrorsAlarm"]
    for name in FUNCTIONS:
        group = groups[f"{name}DeploymentGroup"]["Properties"]
        api = name.removesuffix("CreateCustomerFunction").removesuffix("AuthorizerFunction")
        alarms = [a["Name"]["Ref"] for a in group["AlarmConfiguration"]["Alarms"]]
        assert alarms == [f"{name.removesuffix('Function')}ErrorsAlarm", f"{api}Api5xxRateAlarm"]
        assert group["AlarmConfiguration"]["Enabled"] is True
        assert "DEPLOYMENT_STOP_ON_ALARM" in group["AutoRollbackConfiguration"]["Events"]
        # SAM resolves the parameter: the shift is the one the environment asked for.
        assert deployment_type in json.dumps(group["DeploymentConfigName"])
        policy = resources[f"{name}Aliaslive"]["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"]
        assert policy["DeploymentGroupName"] == {"Ref": f"{name}DeploymentGroup"}


def test_the_local_stack_leaves_out_codedeploy_and_keeps_the_aliases() -> None:
    resources = translated(GradualDeployment="false")
    assert not [r for r in resources.values() if r["Type"].startswith("AWS::CodeDeploy::")]
    assert len(_of_type(resources, "AWS::Lambda::Alias")) == len(EVERY_FUNCTION)
    assert all("UpdatePolicy" not in r for r in _of_type(resources, "AWS::Lambda::Alias").values())


def test_provisioned_concurrency_is_a_parameter_per_function_kind_off_at_zero() -> None:
    template = load_template(ROOT / "template.yaml")
    for name in ("AuthorizerProvisionedConcurrency", "CreateFunctionProvisionedConcurrency"):
        assert template["Parameters"][name]["Default"] == 0
    conditions = template["Conditions"]
    assert conditions["ProvisionAuthorizers"] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "AuthorizerProvisionedConcurrency"}, "0"]}]
    }
    resources = translated()
    for name in FUNCTIONS:
        kind = "Authorizers" if "Authorizer" in name else "CreateFunctions"
        parameter = "Authorizer" if "Authorizer" in name else "CreateFunction"
        config = resources[f"{name}Aliaslive"]["Properties"]["ProvisionedConcurrencyConfig"]
        assert config == {
            "Fn::If": [
                f"Provision{kind}",
                {"ProvisionedConcurrentExecutions": {"Ref": f"{parameter}ProvisionedConcurrency"}},
                {"Ref": "AWS::NoValue"},
            ]
        }


def test_prod_shifts_gradually_and_dev_at_once() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "samconfig.toml").read_text())
    overrides = {
        env: config[env]["deploy"]["parameters"]["parameter_overrides"] for env in ("dev", "prod")
    }
    assert "DeploymentType=AllAtOnce" in overrides["dev"].split()
    (prod,) = [w for w in overrides["prod"].split() if w.startswith("DeploymentType=")]
    assert prod.split("=")[1].startswith(("Canary", "Linear"))
