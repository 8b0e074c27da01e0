"""Every store call goes through the one client of customer_core/store/aws.py, which sets explicit
timeouts and the standard retry mode; no other module in the shipped code builds a client (but
customer_core/store/session.py, the botocore session aws.py makes them from)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from customer_core.store import aws as dynamo

from tests.support.cfn import ROOT

SHIPPED = [ROOT / "layers", ROOT / "functions", ROOT / "consumers"]
CLIENT_MODULE = ROOT / "layers" / "core" / "customer_core" / "store" / "aws.py"
SESSION_MODULE = CLIENT_MODULE.with_name("session.py")
# Modules that can make an AWS client or change how one is configured.
CLIENT_FACTORIES = {"boto3", "boto3.session", "botocore.session", "botocore.config"}


def shipped_modules() -> list[Path]:
    return sorted(
        path
        for folder in SHIPPED
        for path in folder.rglob("*.py")
        if ".aws-sam" not in path.parts and "build" not in path.parts
    )


def client_factory_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name in CLIENT_FACTORIES]
        elif isinstance(node, ast.ImportFrom) and node.module in CLIENT_FACTORIES:
            found.append(f"from {node.module} import ...")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in {"client", "resource", "Session"}
            and isinstance(node.value, ast.Name)
            and node.value.id in {"boto3", "session"}
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_only_dynamo_module_builds_aws_clients():
    modules = shipped_modules()
    assert CLIENT_MODULE in modules
    offenders = {
        str(path.relative_to(ROOT)): uses
        for path in modules
        if path not in {CLIENT_MODULE, SESSION_MODULE} and (uses := client_factory_uses(path))
    }
    assert offenders == {}
    assert "boto3.client" in client_factory_uses(CLIENT_MODULE) or client_factory_uses(
        CLIENT_MODULE
    )


def test_the_client_has_explicit_timeouts_and_standard_bounded_retries(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    dynamo.service_client.cache_clear()
    try:
        config: Any = dynamo.client().meta.config
    finally:
        dynamo.service_client.cache_clear()
    assert config.connect_timeout == dynamo.CONNECT_TIMEOUT_SECONDS
    assert config.read_timeout == dynamo.READ_TIMEOUT_SECONDS
    assert config.retries == {"mode": "standard", "total_max_attempts": dynamo.MAX_ATTEMPTS}
    # botocore's defaults are 60 s timeouts: ours are a few seconds at most.
    assert 0 < config.connect_timeout <= 2
    assert 0 < config.read_timeout <= 5
    assert 1 < dynamo.MAX_ATTEMPTS <= 5
