"""Integration tier: the real handlers in-process against DynamoDB Local (AWS's own engine).

One DynamoDB Local per test session (installed from the npm lockfile, started on a free
127.0.0.1 port, stopped at the end). Every test gets fresh tables built from template.yaml and
a fresh functions' client (customer_core.store.aws.client(), configured only there) pointed at it
through AWS_ENDPOINT_URL, which tests/conftest.py otherwise removes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from customer_core.store import aws as dynamo
from customer_core.store.clients import forget_secrets

from tests.integration.adapters import ADAPTERS, ApiAdapter
from tests.support import dynamodb_local
from tests.support.cfn import ROOT, TABLES, table_definition

WCU_REPORT = ROOT / ".local" / "wcu.json"


@pytest.fixture(scope="session")
def dynamodb_server() -> Iterator[dynamodb_local.DynamoDBLocal]:
    server: dynamodb_local.DynamoDBLocal | None = None
    problem = ""
    try:
        server = dynamodb_local.start()
    except dynamodb_local.DynamoDBLocalError as error:
        problem = str(error)
    if server is None:  # failed outside the except block, so only the message is shown
        pytest.fail(problem, pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@dataclass(frozen=True)
class LocalTables:
    """This test's tables on DynamoDB Local, and a client of the tests' own to inspect them."""

    admin: Any
    customer_table: str
    auth_table: str

    def items(self) -> list[dict[str, Any]]:
        """Every item of the customer table."""
        return self._scan(self.customer_table)

    def auth_items(self, prefix: str = "") -> list[dict[str, Any]]:
        """Items of the AuthTable (credentials, replay records) whose key starts with `prefix`."""
        return [item for item in self._scan(self.auth_table) if item["pk"]["S"].startswith(prefix)]

    def _scan(self, table: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        pages = self.admin.get_paginator("scan").paginate(TableName=table, ConsistentRead=True)
        for page in pages:
            items.extend(page["Items"])
        return items

    def items_with_prefix(self, prefix: str) -> list[dict[str, Any]]:
        return [item for item in self.items() if item["pk"]["S"].startswith(prefix)]


@pytest.fixture(params=ADAPTERS, ids=str)
def api(request: pytest.FixtureRequest) -> ApiAdapter:
    adapter: ApiAdapter = request.param
    return adapter


@pytest.fixture
def tables(
    dynamodb_server: dynamodb_local.DynamoDBLocal,
    api: ApiAdapter,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[LocalTables]:
    """Fresh tables for this test, holding what `api`'s function needs before a request."""
    admin = dynamodb_local.admin_client(dynamodb_server.endpoint_url)
    # The names the functions read once, at import (tests/conftest.py): each test gets the same
    # names on a fresh engine state, created here and deleted after it.
    names = {variable: os.environ[variable] for variable in TABLES.values()}
    for logical_id, variable in TABLES.items():
        admin.create_table(**table_definition(logical_id, names[variable]))
    monkeypatch.setenv("AWS_ENDPOINT_URL", dynamodb_server.endpoint_url)
    dynamo.service_client.cache_clear()
    forget_secrets()  # fresh tables: no function remembers a secret read from the last ones
    try:
        api.prepare()
        yield LocalTables(admin, names["CUSTOMER_TABLE_NAME"], names["AUTH_TABLE_NAME"])
    finally:
        dynamo.service_client.cache_clear()
        for name in names.values():
            admin.delete_table(TableName=name)


@pytest.fixture(scope="session")
def wcu_report() -> Iterator[dict[str, Any]]:
    """Measured write costs, per API, written to .local/wcu.json at the end of the session."""
    report: dict[str, Any] = {}
    yield report
    if report:
        WCU_REPORT.parent.mkdir(exist_ok=True)
        WCU_REPORT.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
