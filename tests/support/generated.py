"""What the generated (hypothesis) tests share: a fresh mocked account per example, each API's
adapter (tests/integration/adapters.py, the same for every tier that drives the handlers), and
the per-API tally `make fuzz` prints."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from customer_core.store import aws as dynamo
from moto import mock_aws

from ops.apis import Api, apis
from tests.integration.adapters import ADAPTERS, ApiAdapter
from tests.support.cfn import TABLES, table_definition

ADAPTER_OF = {adapter.name: adapter for adapter in ADAPTERS}


def adapter_of(api: Api) -> ApiAdapter:
    """The API's adapter; an API without one fails here, naming it."""
    assert api.name in ADAPTER_OF, f"tests/integration/adapters.py has no adapter for {api.name}"
    return ADAPTER_OF[api.name]


def api_ids() -> list[Api]:
    return list(apis())


@contextmanager
def fresh_store() -> Iterator[Any]:
    """A new mocked account with both tables (one per example: examples never see each other's
    customers, shrinking included); yields a DynamoDB client for assertions."""
    with mock_aws():
        dynamo.service_client.cache_clear()
        client = boto3.client("dynamodb", region_name="us-east-1")
        for logical_id, variable in TABLES.items():
            client.create_table(**table_definition(logical_id, os.environ[variable]))
        try:
            yield client
        finally:
            dynamo.service_client.cache_clear()


def items(client: Any, variable: str = "CUSTOMER_TABLE_NAME") -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.scan(TableName=os.environ[variable])["Items"]
    return found


def clear_customers(client: Any) -> None:
    """Empty the customer table between examples (cheaper than a new mocked account)."""
    for item in items(client):
        client.delete_item(TableName=os.environ["CUSTOMER_TABLE_NAME"], Key={"pk": item["pk"]})


def customer_items(client: Any) -> list[dict[str, Any]]:
    return [item for item in items(client) if item["pk"]["S"].startswith("CUSTOMER#")]


# --- the tally `make fuzz` prints (tests/conftest.py's terminal summary) -----------------------

TALLY: dict[str, Counter[str]] = defaultdict(Counter)


def record(target: str, status: int, *, schema_ok: bool, store_failed: bool = False) -> None:
    """One generated request's answer, under its target (an API's function or authorizer)."""
    tally = TALLY[target]
    tally["examples"] += 1
    tally[f"status {status}"] += 1
    if status >= 500 and not store_failed:
        tally["server errors"] += 1
    if not schema_ok:
        tally["schema violations"] += 1


def summary_lines() -> list[str]:
    lines = []
    for target in sorted(TALLY):
        tally = TALLY[target]
        statuses = ", ".join(
            f"{name.split()[1]}: {count}"
            for name, count in sorted(tally.items())
            if name.startswith("status ")
        )
        lines.append(
            f"{target:<20} examples {tally['examples']:>6}  server errors "
            f"{tally['server errors']}  schema violations {tally['schema violations']}  "
            f"({statuses})"
        )
    return lines
