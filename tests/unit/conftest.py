"""Unit tier: DynamoDB is moto, tables are made from template.yaml's own definitions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from customer_core.store import aws as dynamo
from customer_core.store.clients import forget_secrets
from moto import mock_aws

from tests.support.cfn import TABLES, table_definition
from tests.support.lambda_context import LambdaContextStub


@pytest.fixture
def lambda_context() -> LambdaContextStub:
    return LambdaContextStub()


@pytest.fixture
def aws() -> Iterator[Any]:
    """A mocked account with both tables; yields a DynamoDB client for assertions."""
    with mock_aws():
        dynamo.service_client.cache_clear()
        forget_secrets()  # a new account: no function remembers a secret from the last one
        client = boto3.client("dynamodb", region_name="us-east-1")
        for logical_id, variable in TABLES.items():
            client.create_table(**table_definition(logical_id, os.environ[variable]))
        yield client
        dynamo.service_client.cache_clear()


def all_items(client: Any, variable: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.scan(TableName=os.environ[variable])["Items"]
    return items


class InjectedBug(RuntimeError):
    """Not an AWS client error: stands for any bug the frame must still answer cleanly."""


@pytest.fixture
def unexpected_failure(aws: Any) -> Iterator[None]:
    """Every DynamoDB call of the functions' client raises InjectedBug before it is sent."""

    def fail(**_: Any) -> None:
        raise InjectedBug("injected on the wire")

    events = dynamo.client().meta.events
    events.register("before-send.dynamodb", fail)
    yield
    events.unregister("before-send.dynamodb", fail)
