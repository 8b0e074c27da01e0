"""The request collection (collection/, Postman v2.1) run with newman on the local stack: each
API's create and its documented errors, COUNT's requests signed by the folder's pre-request
script. The local environment is filled from .local/stack.json as `python -m ops
collection-env` does; newman comes from tools/collection's lockfile (npm ci)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ops import npm_tools
from ops.local import process
from ops.openapi import collection

NEWMAN_TIMEOUT_S = 300


@pytest.fixture(scope="module")
def newman() -> Path:
    try:
        return collection.ensure_newman()
    except npm_tools.NpmInstallError as error:
        pytest.fail(str(error), pytrace=False)


def run_newman(
    newman: Path, environment: Path, report: Path, *arguments: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    node = shutil.which("node")
    assert node, "node is not installed"
    ran = subprocess.run(  # noqa: S603 - our pinned newman on our collection
        [
            node,
            str(newman),
            "run",
            str(collection.COLLECTION),
            "--environment",
            str(environment),
            "--reporters",
            "cli,json",
            "--reporter-json-export",
            str(report),
            "--color",
            "off",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=NEWMAN_TIMEOUT_S,
        check=False,
    )
    assert report.exists(), ran.stdout[-3000:] + ran.stderr[-3000:]
    summary: dict[str, Any] = json.loads(report.read_text())
    return ran, summary


def executed(summary: dict[str, Any]) -> list[tuple[str, int]]:
    return [
        (execution["item"]["name"], execution["response"]["code"])
        for execution in summary["run"]["executions"]
    ]


def expected_requests() -> list[tuple[str, int]]:
    """Every request of the collection with the status its tests expect, in order."""
    found = []
    for folder in collection.collection()["item"]:
        for item in folder["item"]:
            test = "\n".join(item["event"][-1]["script"]["exec"])
            status = int(test.split("pm.response.to.have.status(", 1)[1].split(")", 1)[0])
            found.append((item["name"], status))
    return found


def test_collection_runs_green_on_the_local_stack(
    local_stack: dict[str, Any], newman: Path, tmp_path: Path
) -> None:
    environment = collection.write_local_environment(
        process.STACK_FILE, tmp_path / "local.postman_environment.json"
    )

    ran, summary = run_newman(newman, environment, tmp_path / "report.json")

    stats = summary["run"]["stats"]
    assert ran.returncode == 0, ran.stdout[-5000:]
    assert stats["assertions"]["failed"] == 0, ran.stdout[-5000:]
    assert executed(summary) == expected_requests()
    # Every request checked its status and its body.
    assert stats["assertions"]["total"] == 2 * len(expected_requests())


def test_collection_fails_when_count_is_signed_with_another_secret(
    local_stack: dict[str, Any], newman: Path, tmp_path: Path
) -> None:
    """The control: the collection's tests fail when the pre-request signature is wrong."""
    environment = collection.write_local_environment(
        process.STACK_FILE, tmp_path / "local.postman_environment.json"
    )

    ran, summary = run_newman(
        newman,
        environment,
        tmp_path / "report.json",
        "--folder",
        "COUNT",
        "--env-var",
        "COUNT_CLIENT_SECRET=not-the-client-secret",
    )

    assert ran.returncode != 0
    codes = dict(executed(summary))
    assert codes["Create a customer"] == 401
    assert summary["run"]["stats"]["assertions"]["failed"] > 0
