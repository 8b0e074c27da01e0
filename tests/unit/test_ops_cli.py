"""The operator CLI as an operator meets it: every AWS or stack failure is one line on stderr
saying what is wrong and what to do, with a non-zero exit code (the traceback only with --debug);
--region and --profile reach every client; each command's --help describes it and shows its
defaults; secrets are never arguments; --version prints CHANGELOG.md's latest version."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from ops import __version__, failures
from ops.__main__ import main, parser, subcommands

ROOT = Path(__file__).resolve().parents[2]
# Leaf commands (no subcommands of their own), each with a stack-reading form.
LEAVES = {name: p for name, p in subcommands(parser()).items() if not subcommands(p)}
# Options that would carry a secret if they existed.
SECRET_OPTIONS = re.compile(r"^--(token|secret|key|password|client-secret)$")


def _run(*arguments: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "ops", *arguments],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "HOME": "/nonexistent", **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _one_line(completed: subprocess.CompletedProcess[str]) -> str:
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert "Traceback" not in completed.stderr
    return lines[0]


def test_without_a_region_one_line_and_exit_3():
    completed = _run("axim", "issue-token", "--name", "x", env={})
    assert completed.returncode == failures.CONFIGURATION
    line = _one_line(completed)
    assert line.startswith("python -m ops axim issue-token: no AWS region: give --region")


def test_without_credentials_one_line_and_exit_3():
    completed = _run("--region", "eu-west-1", "redeploy", env={})
    assert completed.returncode == failures.CONFIGURATION
    assert "no AWS credentials: give --profile" in _one_line(completed)


def test_an_unknown_profile_one_line_and_exit_3():
    completed = _run("--profile", "no-such-profile", "smoke", env={})
    assert completed.returncode == failures.CONFIGURATION
    assert "(no-such-profile) could not be found: give an existing --profile" in _one_line(
        completed
    )


def test_an_unreachable_endpoint_one_line_and_exit_5():
    env = {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"}
    arguments = ("--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9", "redeploy")
    completed = _run(*arguments, env=env)
    assert completed.returncode == failures.UNREACHABLE
    assert "is the local stack up at http://127.0.0.1:9? (make local-up)" in _one_line(completed)


def test_debug_shows_the_traceback_instead():
    completed = _run("--debug", "axim", "issue-token", "--name", "x", env={})
    assert completed.returncode == 1
    assert "Traceback" in completed.stderr
    assert "NoRegionError" in completed.stderr


@pytest.fixture
def aws_region(monkeypatch):
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_REGION"):
        monkeypatch.setenv(name, "")  # recorded, so main's own settings are undone after the test
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


@pytest.mark.parametrize(
    "arguments",
    [
        ["redeploy"],
        ["smoke"],
        ["axim", "issue-token", "--name", "x"],
        ["count", "register-client", "--team", "t", "--name", "n"],
        ["xclade", "rotate-key"],
    ],
    ids=" ".join,
)
def test_a_missing_stack_is_one_line_and_exit_4(aws_region, capsys, arguments):
    with mock_aws():
        assert main(["--stack", "no-such-stack", *arguments]) == failures.MISSING_STACK
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "stack 'no-such-stack' does not exist in region us-east-1: give --stack" in err


def test_a_stack_without_the_output_is_one_line_and_exit_4(aws_region, capsys):
    with mock_aws():
        boto3.client("cloudformation").create_stack(
            StackName="other",
            TemplateBody='{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}',
        )
        assert main(["--stack", "other", "redeploy"]) == 0  # no API ids: nothing to redeploy
        assert main(["--stack", "other", "axim", "issue-token", "--name", "x"]) == 4
    err = capsys.readouterr().err
    assert "stack 'other' has no output AximUsagePlanId: it is not this project's stack" in err


def test_region_and_profile_reach_the_clients(monkeypatch, tmp_path):
    config = tmp_path / "config"
    config.write_text("[profile ops-test]\nregion = ap-south-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.setenv(name, "")  # recorded, so main's own settings are undone after the test
        monkeypatch.delenv(name)
    seen: list[str] = []

    def run(_args):
        seen.append(boto3.session.Session().region_name or "")
        return 0

    root = parser()
    args = root.parse_args(["--profile", "ops-test", "redeploy"])
    args.run = run
    monkeypatch.setattr("ops.__main__.parser", lambda: _Fixed(args))
    assert main([]) == 0
    assert os.environ["AWS_PROFILE"] == "ops-test"
    args2 = root.parse_args(["--region", "eu-north-1", "redeploy"])
    args2.run = run
    monkeypatch.setattr("ops.__main__.parser", lambda: _Fixed(args2))
    assert main([]) == 0
    assert seen == ["ap-south-1", "eu-north-1"]


class _Fixed:
    def __init__(self, args):
        self.args = args

    def parse_args(self, _argv):
        return self.args


@pytest.mark.parametrize("name", sorted(LEAVES))
def test_each_leaf_command_help_describes_it_and_its_defaults(name, capsys):
    with pytest.raises(SystemExit) as exited:
        main([*name.split(), "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    description = LEAVES[name].description
    assert description, f"{name} has no description"
    assert " ".join(description.split())[:40] in " ".join(text.split())
    for action in LEAVES[name]._actions:
        if action.option_strings and action.default not in (None, False, "", "==SUPPRESS=="):
            assert action.help, (name, action.dest)
            option = re.escape(action.option_strings[-1])
            assert re.search(rf"{option}.*?default", " ".join(text.split())), (name, action.dest)


def test_the_stack_option_shows_its_default(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert re.search(r"--stack STACK .*default: \$STACK_NAME, else customer-api; now: \S+", text)


@pytest.mark.parametrize("name", sorted(LEAVES))
def test_no_command_takes_a_secret_as_an_argument(name):
    options = [o for a in LEAVES[name]._actions for o in a.option_strings]
    assert not [o for o in options if SECRET_OPTIONS.match(o)], (name, options)


def test_secrets_come_from_a_file_or_stdin_or_the_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("COUNT_CLIENT_SECRET", raising=False)
    monkeypatch.delenv("COUNT_ACCESS_TOKEN", raising=False)
    monkeypatch.setattr(sys, "stdin", _Stdin("from-stdin\n"))
    base = ["count", "sign", "--client-id", "c", "--body", "{}", "--timestamp", "1"]
    assert main([*base, "--secret-file", "-"]) == 0
    from_stdin = capsys.readouterr().out
    secret = tmp_path / "secret"
    secret.write_text("from-stdin")
    assert main([*base, "--secret-file", str(secret)]) == 0
    assert capsys.readouterr().out == from_stdin
    monkeypatch.setenv("COUNT_CLIENT_SECRET", "from-stdin")
    assert main(base) == 0
    assert capsys.readouterr().out == from_stdin
    monkeypatch.delenv("COUNT_CLIENT_SECRET")
    monkeypatch.setattr(sys, "stdin", _Stdin(""))
    assert main(base) == failures.CONFIGURATION
    assert "client secret not given: give --secret-file PATH" in capsys.readouterr().err


class _Stdin:
    def __init__(self, text: str) -> None:
        self.text = text

    def readline(self) -> str:
        return self.text

    def isatty(self) -> bool:
        return False


def test_version_is_pyproject_and_changelog_latest(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"python -m ops {__version__}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert __version__ == project["version"]
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", _changelog(), re.M)
    assert released[0] == __version__


def _changelog() -> str:
    return (ROOT / "CHANGELOG.md").read_text()


def test_changelog_keeps_a_changelog_form():
    text = _changelog()
    assert text.startswith("# Changelog")
    assert "## [Unreleased]" in text
    sections = set(re.findall(r"^### (\w+)$", text, re.M))
    assert sections <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
