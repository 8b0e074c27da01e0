"""Every store call goes through the one client of customer_core/store/aws.py, which sets explicit
timeouts and the standard retry mode; no other module in the shipped code builds a client."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse, HTTPHeaders
from botocore.config import Config
from botocore.exceptions import ParamValidationError
from customer_core.store import aws as dynamo

from tests.support.cfn import ROOT

SHIPPED = [ROOT / "layers", ROOT / "functions", ROOT / "consumers"]
CLIENT_MODULE = ROOT / "layers" / "core" / "customer_core" / "store" / "aws.py"
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
        if path != CLIENT_MODULE and (uses := client_factory_uses(path))
    }
    assert offenders == {}
    assert "boto3.client" in client_factory_uses(CLIENT_MODULE)


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


class RawBody:
    """The raw body botocore reads from an answered request."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


def test_requests_are_not_validated_on_the_client(monkeypatch):
    """The service validates each request (aws.client_config says why): a request botocore's
    validation refuses (no TableName) reaches the wire from our client."""
    sent = []

    def answer(request: Any, **_: Any) -> AWSResponse:
        sent.append(request)
        return AWSResponse(request.url, 200, HTTPHeaders(), RawBody(b"{}"))

    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    validating: Any = boto3.session.Session().client(
        "dynamodb", config=dynamo.client_config().merge(Config(parameter_validation=True))
    )
    with pytest.raises(ParamValidationError):
        validating.get_item(Key={"pk": {"S": "k"}})
    dynamo.service_client.cache_clear()
    try:
        client: Any = dynamo.client()
        client.meta.events.register("before-send.dynamodb", answer)
        client.get_item(Key={"pk": {"S": "k"}})
    finally:
        dynamo.service_client.cache_clear()
    assert len(sent) == 1
