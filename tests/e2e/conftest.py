"""End-to-end tier: real HTTP against template.yaml deployed on MiniStack (127.0.0.1:4566).

The session runs `python -m ops local-up` (idempotent: it deploys the code as it is now, and
reuses a MiniStack that already runs, e.g. under `make local`) and reads .local/stack.json.
At the end it runs `local-down` only if this session started MiniStack. Each API's cases are
one file (test_<api>.py) using the `local_stack` fixture and tests.support.http.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from ops import local_stack as local

LOG = local.LOCAL / "e2e-local-up.log"
STACK_NAME = "customer-api"
UP_TIMEOUT_S = 900


def run_ops(*args: str, log: Any = None) -> str:
    """`python -m ops --stack … <args>` against the local stack; its stdout."""
    completed = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "ops", "--stack", STACK_NAME, *args],
        cwd=local.ROOT,
        env={**os.environ, **local.local_environment(), "PYTHONPATH": "layers/core"},
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
