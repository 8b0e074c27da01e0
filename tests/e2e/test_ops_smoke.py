"""`python -m ops smoke` (the deploy pipeline's last step) against the local stack: it passes,
and it leaves nothing behind (its token revoked, its usage-plan key and its customer deleted)."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.conftest import local_client, run_ops_captured


def test_smoke_creates_then_refuses_the_same_email_and_cleans_up(local_stack: dict[str, Any]):
    apigateway = local_client(local_stack, "apigateway")
    keys_before = {key["id"] for key in apigateway.get_api_keys(limit=500)["items"]}

    # As the pipeline runs it, plus the local endpoint; it reports on stderr.
    printed = run_ops_captured("--endpoint-url", local_stack["endpoint"], "smoke").stderr

    assert "create: 201" in printed
    assert "create again: 409" in printed
    assert "smoke test passed" in printed
    (email,) = re.findall(r"as (smoke-[0-9a-f]+@example\.com)", printed)
    keys_after = {key["id"] for key in apigateway.get_api_keys(limit=500)["items"]}
    assert keys_after == keys_before
    customers = local_client(local_stack, "dynamodb")
    table = local_client(local_stack, "cloudformation").describe_stacks(
        StackName=local_stack["stack"]
    )["Stacks"][0]["Outputs"]
    table_name = next(o["OutputValue"] for o in table if o["OutputKey"] == "CustomerTableName")
    scanned = customers.scan(TableName=table_name)["Items"]
    assert not [item for item in scanned if email in str(item)]
