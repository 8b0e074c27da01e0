"""sam build and sam deploy of template.yaml onto MiniStack, and the gaps MiniStack leaves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ops.local.process import ARTIFACT_BUCKET, THROTTLE, run_command
from ops.template import ROOT, load_template, template

# A stage's own throttle (`<Api>StageRateLimit` / `<Api>StageBurstLimit`, one bucket for all
# clients) stays above one client's plan, as in template.yaml's defaults: a client's burst
# empties its own bucket, never the one the API's other clients share.
STAGE_FACTOR = 2


def throttle_overrides(parameters: dict[str, Any]) -> list[str]:
    """`Name=value` for every per-API throttle parameter the template declares."""
    overrides = []
    for name in parameters:
        factor = STAGE_FACTOR if name.endswith(("StageRateLimit", "StageBurstLimit")) else 1
        if name.endswith("RateLimit"):
            overrides.append(f"{name}={THROTTLE['rateLimit'] * factor}")
        elif name.endswith("BurstLimit"):
            overrides.append(f"{name}={THROTTLE['burstLimit'] * factor}")
    return overrides


def without_gradual_deployment(built: Path) -> Path:
    """A copy of the built template (beside it: CodeUri paths stay valid) whose functions'
    DeploymentPreference is off by a literal `Enabled: false`.

    MiniStack has no CodeDeploy, and its own SAM transform does not resolve the template's
    `Enabled: !Ref GradualDeployment` (measured: with GradualDeployment=false it still makes
    AWS::CodeDeploy::* resources and the change set is refused), so the local deploy cannot turn
    it off by the parameter alone. On AWS the parameter does it (SAM resolves it).
    """
    template = load_template(built)
    for resource in template["Resources"].values():
        preference = (resource.get("Properties") or {}).get("DeploymentPreference")
        if preference is not None:
            preference["Enabled"] = False
    local = built.with_name("template.local.yaml")
    local.write_text(yaml.safe_dump(template, sort_keys=False))
    return local


def deploy(stack: str) -> None:
    import boto3

    s3: Any = boto3.client("s3")
    if ARTIFACT_BUCKET not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}:
        s3.create_bucket(Bucket=ARTIFACT_BUCKET)
    run_command(["sam", "build"])
    local_template = without_gradual_deployment(ROOT / ".aws-sam" / "build" / "template.yaml")
    parameters = template().get("Parameters", {})
    # MiniStack has no CodeDeploy: no DeploymentPreference (each `live` alias moves at once).
    overrides = [*throttle_overrides(parameters), "GradualDeployment=false"]
    if "EventTap" in parameters:
        # Every customer.created event also in a queue anyone can read (stack.json events).
        overrides.append("EventTap=true")
    # --config-env local: samconfig.toml's default deploy settings (resolve_s3, changeset
    # confirmation) are for AWS; everything the local deploy needs is on this command line.
    run_command(
        [
            "sam", "deploy", "--config-env", "local", "--stack-name", stack,
            "--template-file", str(local_template),
            "--s3-bucket", ARTIFACT_BUCKET,
            "--capabilities", "CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND",
            "--no-confirm-changeset", "--no-fail-on-empty-changeset",
            "--parameter-overrides", *overrides,
        ]
    )  # fmt: skip


def enable_time_to_live(stack: str) -> list[str]:
    """MiniStack ignores a table's TimeToLiveSpecification: apply it after every deploy."""
    import boto3

    cloudformation: Any = boto3.client("cloudformation")
    dynamodb: Any = boto3.client("dynamodb")
    enabled = []
    for logical_id, resource in template()["Resources"].items():
        specification = (resource.get("Properties") or {}).get("TimeToLiveSpecification")
        if resource.get("Type") != "AWS::DynamoDB::Table" or not specification:
            continue
        table = cloudformation.describe_stack_resource(
            StackName=stack, LogicalResourceId=logical_id
        )["StackResourceDetail"]["PhysicalResourceId"]
        status = dynamodb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
        if status.get("TimeToLiveStatus") != "ENABLED":
            dynamodb.update_time_to_live(
                TableName=table,
                TimeToLiveSpecification={
                    "AttributeName": specification["AttributeName"],
                    "Enabled": bool(specification["Enabled"]),
                },
            )
        enabled.append(table)
    return enabled
