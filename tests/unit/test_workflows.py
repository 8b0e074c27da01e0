"""The GitHub workflows agree with the rest of the repository: CI runs what .ci/run runs, the
deploy pipeline deploys every samconfig.toml environment under its stack name, each action is
pinned by commit, and every operator command a workflow calls exists. (Their schema and security
audit are `make workflows`: check-jsonschema and zizmor.)"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops.__main__ import main as ops_main
from tests.support.cfn import load_template

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")
LOCAL_WORKFLOW = "$/.github/workflows/"


def workflow(name: str) -> dict[str, Any]:
    loaded: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text())
    # YAML 1.1 reads the key `on` as True.
    loaded["on"] = loaded.pop(True, loaded.get("on"))
    return loaded


def all_steps() -> list[tuple[str, dict[str, Any]]]:
    steps = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job in workflow(path.name)["jobs"].values():
            steps += [(path.name, step) for step in job.get("steps", [])]
    return steps


def uses_lines() -> list[str]:
    """Each `uses:` line as written, comment included (YAML parsing would drop the comment)."""
    lines = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text().splitlines():
            stripped = line.strip().removeprefix("- ")
            if stripped.startswith("uses:"):
                lines.append(stripped.removeprefix("uses:").strip())
    return lines


def samconfig_environments() -> dict[str, str]:
    """Config env -> stack name, for every environment the pipeline deploys (all but default)."""
    config = tomllib.loads((ROOT / "samconfig.toml").read_text())
    return {
        env: values["deploy"]["parameters"]["stack_name"]
        for env, values in config.items()
        if isinstance(values, dict) and env != "default" and "deploy" in values
    }


def test_every_action_is_pinned_by_commit_with_its_version():
    remote = [line for line in uses_lines() if not line.startswith(LOCAL_WORKFLOW)]
    assert remote
    for line in remote:
        assert PINNED.match(line), line


def test_ci_runs_what_ci_run_runs_on_pull_requests_and_main():
    ci = workflow("ci.yml")
    # On main it runs as the first job of deploy.yml (workflow_call), never on its own.
    assert set(ci["on"]) == {"pull_request", "workflow_call"}
    deploy = workflow("deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["jobs"]["test"]["uses"] == f"{LOCAL_WORKFLOW}ci.yml"
    commands = [step["run"] for step in ci["jobs"]["test"]["steps"] if "run" in step]
    ci_run = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    # The last step is the command itself; the steps before it only prepare the runner.
    assert commands[-1] == ci_run
    assert not [command for command in commands[:-1] if "make" in command.split()]


def test_no_workflow_grants_anything_by_default():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        assert workflow(path.name)["permissions"] == {}, path.name


def test_only_jobs_that_reach_aws_may_ask_for_an_oidc_token():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for name, job in workflow(path.name)["jobs"].items():
            reaches_aws = "deploy-environment.yml" in job.get("uses", "") or any(
                step.get("uses", "").startswith("aws-actions/configure-aws-credentials@")
                for step in job.get("steps", [])
            )
            assert (job["permissions"].get("id-token") == "write") == reaches_aws, (path, name)


def test_deploy_builds_once_then_deploys_each_samconfig_environment_in_order():
    jobs = workflow("deploy.yml")["jobs"]
    calls = {
        name: job
        for name, job in jobs.items()
        if job.get("uses") == f"{LOCAL_WORKFLOW}deploy-environment.yml"
    }
    assert {job["with"]["environment"]: job["with"]["stack-name"] for job in calls.values()} == (
        samconfig_environments()
    )
    assert list(calls) == ["dev", "prod"]
    # Nothing deploys unless the whole test workflow passed on this run's commit.
    assert jobs["build"]["needs"] == "test"
    assert calls["dev"]["needs"] == "build"
    assert calls["prod"]["needs"] == "dev"
    assert list(jobs) == ["test", "build", "dev", "prod"]
    # The build job is the only one that builds; the deployments download its artifact.
    uploaded = [s for s in jobs["build"]["steps"] if "upload-artifact" in s.get("uses", "")]
    downloaded = [
        step
        for name, step in all_steps()
        if name == "deploy-environment.yml" and "download-artifact" in step.get("uses", "")
    ]
    assert [s["with"]["name"] for s in uploaded] == [s["with"]["name"] for s in downloaded]
    deploy_runs = " ".join(
        step.get("run", "") for name, step in all_steps() if name == "deploy-environment.yml"
    )
    assert "build" not in deploy_runs.replace(".aws-sam/build/template.yaml", "").replace(
        "--no-build-isolation", ""
    )
    assert "--template-file .aws-sam/build/template.yaml" in deploy_runs


def test_every_install_is_hash_checked_from_the_lock():
    """pip in the workflows installs only locked files in hash-checking mode (make installs
    requirements/dev.txt the same way: Makefile)."""
    runs = [step.get("run", "") for _, step in all_steps()]
    installs = [line for run in runs for line in run.splitlines() if "pip install" in line]
    assert installs
    for line in installs:
        locked = re.search(r"--require-hashes --no-deps -r requirements/\w+\.txt$", line)
        assert locked or line.endswith("--no-deps --no-build-isolation -e ."), line
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes --no-deps -r requirements/dev.txt" in makefile
    layer = (ROOT / "layers" / "core" / "Makefile").read_text()
    assert "--require-hashes" in layer


def test_deployments_wait_in_their_environment_and_use_no_stored_keys():
    job = workflow("deploy-environment.yml")["jobs"]["deploy"]
    assert job["environment"] == "${{ inputs.environment }}"
    text = (WORKFLOWS / "deploy-environment.yml").read_text()
    assert "secrets." not in text
    assert "aws-access-key-id" not in text


def ops_commands() -> list[list[str]]:
    commands = []
    for _, step in all_steps():
        for line in step.get("run", "").splitlines():
            words = shlex.split(line)
            if words[:3] == ["python", "-m", "ops"]:
                commands.append(words[3:])
    return commands


def test_workflows_call_the_redeploy_and_smoke_steps():
    called = {words[-1] for words in ops_commands()}
    assert called == {"redeploy", "smoke"}


@pytest.mark.parametrize("arguments", ops_commands(), ids=" ".join)
def test_every_operator_command_a_workflow_calls_exists(arguments):
    with pytest.raises(SystemExit) as exited:
        ops_main([*arguments, "--help"])
    assert exited.value.code == 0


def test_pipeline_role_trusts_only_this_repositorys_environment():
    role = load_template(ROOT / "ops" / "pipeline-role.yaml")["Resources"]["DeployRole"]
    (statement,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    condition = statement["Condition"]["StringEquals"]
    assert condition["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    assert condition["token.actions.githubusercontent.com:sub"] == {
        "Fn::Sub": "repo:${GitHubRepository}:environment:${Environment}"
    }


def test_dependabot_watches_pip_every_npm_tool_and_the_actions():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert ecosystems == {"pip", "npm", "github-actions"}
    (npm,) = [u for u in config["updates"] if u["package-ecosystem"] == "npm"]
    tools = {f"/{p.parent.relative_to(ROOT)}" for p in (ROOT / "tools").glob("*/package.json")}
    assert set(npm["directories"]) == tools
