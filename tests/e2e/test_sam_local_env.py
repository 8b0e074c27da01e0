"""The --env-vars files local-up writes for `sam local invoke` give each function what it needs.

Docker is not on this machine, so the container is stood in for by a plain process: the built
function (.aws-sam/build, layer included) with exactly the variables of .local/env.host-network
.json (as `sam local invoke --docker-network host` would set them) and nothing pointing at the
local stack otherwise. Each function answers a fixture of its own with success: its tables, its
secret and its endpoint are right.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from ops import apis
from ops.local import invoke, sam_local
from ops.local import process as local
from ops.template import function_environment
from tests.e2e.test_fixtures_invoke import EVENTS, EXPECTED_STATUS, function_for

BUILD = local.ROOT / ".aws-sam" / "build"
HOST_NETWORK_FILE = local.LOCAL / "env.host-network.json"
# Runs the handler as the Lambda runtime would: event on stdin, the answer as the last line of
# stdout (the function's logs come before it).
DRIVER = """
import importlib, json, sys

class Context:
    function_name = "local"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:local"
    aws_request_id = "00000000-0000-4000-8000-000000000000"

    def get_remaining_time_in_millis(self):
        return 10_000

module, _, name = sys.argv[1].rpartition(".")
handler = getattr(importlib.import_module(module), name)
print(json.dumps(handler(json.load(sys.stdin), Context())))
"""


def succeeding_fixture(logical_id: str) -> str:
    """A fixture of the function that stands for success (201/200, or allowed through)."""
    return next(
        fixture
        for fixture, status in sorted(EXPECTED_STATUS.items())
        if status in {200, 201} and function_for(fixture) == logical_id
    )


def test_env_files_cover_every_function_and_its_template_variables(local_stack):
    for path in sam_local.ENV_FILES:
        content = json.loads(path.read_text())
        assert set(content) == {function.logical_id for function in apis.functions()}, path
        for logical_id, variables in content.items():
            assert function_environment(logical_id) <= set(variables), (path, logical_id)


@pytest.mark.parametrize("function", apis.functions(), ids=lambda function: function.logical_id)
def test_built_function_with_only_the_env_file_answers_its_fixture(local_stack, function):
    variables: dict[str, Any] = json.loads(HOST_NETWORK_FILE.read_text())[function.logical_id]
    fixture = succeeding_fixture(function.logical_id)
    event = invoke.prepared_event(EVENTS / fixture, email=None, fresh_email=True, as_is=False)
    code_dirs = [BUILD / function.logical_id, BUILD / "CoreLayer" / "python"]
    completed = subprocess.run(  # noqa: S603 - our own build, run as Lambda would
        [sys.executable, "-c", DRIVER, function.handler],
        input=json.dumps(event),
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": os.pathsep.join(str(path) for path in code_dirs),
            "AWS_REGION": local_stack["region"],
            "AWS_DEFAULT_REGION": local_stack["region"],
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            # Where a client goes that the file gives no endpoint: a closed local port, so that
            # a missing variable fails here and no request leaves the machine.
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
            **variables,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    answer = invoke.Invocation(
        function.logical_id, "", json.loads(completed.stdout.splitlines()[-1]), None
    )
    assert answer.status == EXPECTED_STATUS[fixture], (fixture, answer.as_json())
