"""`python -m ops smoke` (the deploy pipeline's last step) against the local stack: it passes for
each of the three APIs, and it leaves nothing behind (no customer, token, client or usage-plan
key of the run)."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.conftest import local_client, run_ops_captured


def _output(local_stack: dict[str, Any], key: str) -> str:
    described = local_client(local_stack, "cloudformation").describe_stacks(
        StackName=local_stack["stack"]
    )
    return str(
        next(o["OutputValue"] for o in described["Stacks"][0]["Outputs"] if o["OutputKey"] == key)
    )


def test_smoke_creates_then_refuses_the_same_email_on_each_api_and_cleans_up(
    local_stack: dict[str, Any],
):
    apigateway = local_client(local_stack, "apigateway")
    keys_before = {key["id"] for key in apigateway.get_api_keys(limit=500)["items"]}

    # As the pipeline runs it, plus the local endpoint; it reports on stderr.
    printed = run_ops_captured("--endpoint-url", local_stack["endpoint"], "smoke").stderr

    for api, created in (("axim", 201), ("xclade", 200), ("count", 201)):
        assert f"{api} create: {created}" in printed, printed
        assert f"{api} create again: 409" in printed, printed
        assert f"smoke {api}: nothing of the run left behind" in printed
    assert "smoke test passed" in printed
    emails = re.findall(r"as (smoke-([0-9a-f]+)@example\.com)", printed)
    assert len(emails) == 3
    keys_after = {key["id"] for key in apigateway.get_api_keys(limit=500)["items"]}
    assert keys_after == keys_before
    dynamodb = local_client(local_stack, "dynamodb")
    customers = dynamodb.scan(TableName=_output(local_stack, "CustomerTableName"))["Items"]
    auth = dynamodb.scan(TableName=_output(local_stack, "AuthTableName"))["Items"]
    for email, run_id in emails:
        assert not [item for item in customers if email in str(item)]
        assert not [item for item in auth if run_id in str(item)]
