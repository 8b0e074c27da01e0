"""End-to-end tier: real HTTP against template.yaml deployed on MiniStack (127.0.0.1:4566).

The session runs `python -m ops local-up` (idempotent: it deploys the code as it is now, and
reuses a MiniStack that already runs, e.g. under `make local`) and reads .local/stack.json.
At the end it runs `local-down` only if this session started MiniStack. Each API's cases are
one file (test_<api>.py) using the `local_stack` fixture and tests.support.http; what more
than one of them needs (fresh emails, operator commands, the throttling check) is here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from ops.local import process as local
from tests.support.http import BurstOutcome, Expected, assert_answer

LOG = local.LOCAL / "e2e-local-up.log"
STACK_NAME = "customer-api"
UP_TIMEOUT_S = 900


def run_ops(*args: str, log: Any = None, stdin: str | None = None) -> str:
    """`python -m ops --stack … <args>` against the local stack; its stdout. `stdin`: what the
    command reads there (a secret: never an argument)."""
    completed = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "ops", "--stack", STACK_NAME, *args],
        input=stdin,
        cwd=local.ROOT,
        env={**os.environ, **local.local_environment()},
        stdout=subprocess.PIPE if log is None else log,
        stderr=subprocess.STDOUT if log is not None else None,
        text=True,
        timeout=UP_TIMEOUT_S,
        check=False,
    )
    if completed.returncode != 0:
        detail = LOG.read_text()[-3000:] if log is not None else completed.stdout
        pytest.fail(f"python -m ops {' '.join(args)} failed:\n{detail}")
    return completed.stdout or ""


def run_ops_captured(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m ops --stack … <args>` against the local stack, stdout and stderr apart; it
    must succeed."""
    completed = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "ops", "--stack", STACK_NAME, *args],
        cwd=local.ROOT,
        env={**os.environ, **local.local_environment()},
        capture_output=True,
        text=True,
        timeout=UP_TIMEOUT_S,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed


@pytest.fixture(scope="session")
def local_stack() -> Iterator[dict[str, Any]]:
    """stack.json of a freshly deployed local stack."""
    already_running = local.ministack_answers()
    local.LOCAL.mkdir(exist_ok=True)
    with LOG.open("w") as log:
        run_ops("local-up", log=log)
    described: dict[str, Any] = json.loads(local.STACK_FILE.read_text())
    yield described
    if not already_running:
        run_ops("local-down")


def api_entry(described: dict[str, Any], api: str) -> dict[str, Any]:
    if api not in described:
        pytest.fail(f"{api} is missing from .local/stack.json: {sorted(described)}")
    entry: dict[str, Any] = described[api]
    return entry


def run_ops_json(*args: str) -> dict[str, Any]:
    """An operator command that prints JSON (issue-token, token, register-client …)."""
    printed: dict[str, Any] = json.loads(run_ops(*args))
    return printed


def local_client(described: dict[str, Any], service: str) -> Any:
    """A boto3 client of the local stack, for what no operator command does."""
    import boto3

    return boto3.client(
        service,  # type: ignore[call-overload]
        endpoint_url=described["endpoint"],
        region_name=described["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",  # MiniStack accepts any
    )


def fresh_email(domain: str = "Example.com") -> str:
    """An address no earlier run has used, in mixed case (stored and returned as sent)."""
    return f"E2E.{uuid.uuid4().hex}@{domain}"


def assert_throttled_burst(
    outcome: BurstOutcome, throttle: dict[str, Any], *, served_status: int, throttled: Expected
) -> None:
    """The burst reached 429 in the API's shape with Retry-After, everything else was served as
    expected, and no more was served than the deployed bucket allows (one of slack)."""
    assert {r.status for r in outcome.warm_up} <= {served_status, 429}, [
        str(r) for r in outcome.warm_up
    ]
    assert outcome.throttled, (
        f"no 429 in {len(outcome.responses)} requests over {outcome.elapsed_s:.1f} s"
    )
    for response in outcome.throttled:
        assert_answer(response, throttled)
        assert response.header("retry-after") == "1", response
    assert {r.status for r in outcome.served} == {served_status}, [
        str(r) for r in outcome.served if r.status != served_status
    ]
    allowed = throttle["burstLimit"] + throttle["rateLimit"] * outcome.elapsed_s + 1
    assert len(outcome.served) <= allowed, (len(outcome.served), throttle, outcome.elapsed_s)
