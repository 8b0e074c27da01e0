"""Lazily created AWS clients for services other than DynamoDB (which has `dynamo.client()`).

One client per service and process, made at first use (never at import: no network and no boto3
import cost at cold start), with the same bounded timeouts and retries as the store's client.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from customer_core import dynamo


@cache
def client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    bounded = Config(
        connect_timeout=dynamo.CONNECT_TIMEOUT_SECONDS,
        read_timeout=dynamo.READ_TIMEOUT_SECONDS,
        retries={"mode": "standard", "total_max_attempts": dynamo.MAX_ATTEMPTS},
        tcp_keepalive=True,
    )
    # The stubs type each service name's client; callers cast to the one they asked for.
    make_client: Any = boto3.client
    return make_client(service, config=bounded)
