"""Reading a deployed stack (on AWS or on a local endpoint such as MiniStack)."""

from __future__ import annotations

from typing import Any

import boto3

from ops.failures import MISSING_STACK, OperatorError


class StackOutputs(dict[str, str]):
    """A stack's outputs; a missing one is an operator error, not a KeyError traceback."""

    def __init__(self, stack_name: str, values: dict[str, str]) -> None:
        super().__init__(values)
        self.stack_name = stack_name

    def __missing__(self, key: str) -> str:
        raise OperatorError(
            f"stack {self.stack_name!r} has no output {key}: it is not this project's stack, or "
            "not fully deployed; check --stack and --region, or deploy it again (make deploy)",
            MISSING_STACK,
        )


def outputs(stack_name: str) -> dict[str, str]:
    """The stack's outputs by key. Re-read after every deploy: local API ids change."""
    described: Any = boto3.client("cloudformation").describe_stacks(StackName=stack_name)
    return StackOutputs(
        stack_name,
        {o["OutputKey"]: o["OutputValue"] for o in described["Stacks"][0].get("Outputs", [])},
    )
