"""Reading a deployed stack (on AWS or on a local endpoint such as MiniStack)."""

from __future__ import annotations

from typing import Any

import boto3


def outputs(stack_name: str) -> dict[str, str]:
    """The stack's outputs by key. Re-read after every deploy: local API ids change."""
    described: Any = boto3.client("cloudformation").describe_stacks(StackName=stack_name)
    return {o["OutputKey"]: o["OutputValue"] for o in described["Stacks"][0].get("Outputs", [])}
