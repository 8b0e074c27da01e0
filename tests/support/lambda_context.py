"""A stand-in for the Lambda context object, for handlers invoked in-process by the tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LambdaContextStub:
    """The fields of the Lambda context that Powertools reads."""

    function_name: str = "test-function"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:test-function"
    aws_request_id: str = "5f1e6c52-0000-4000-8000-000000000001"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000
