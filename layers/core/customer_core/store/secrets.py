"""Data access for configuration secrets kept in AWS Secrets Manager (e.g. a JWT signing key).

A value is read at first use and kept for a few minutes: warm invocations make no call, and a
value changed in Secrets Manager (rotation, or an operator setting a shared secret) is picked up
without a redeploy.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, cast

from customer_core.domain.errors import StoreUnavailable
from customer_core.store import aws

if TYPE_CHECKING:
    from mypy_boto3_secretsmanager.client import SecretsManagerClient

CACHE_SECONDS = 300.0

_cache: dict[str, tuple[float, str]] = {}


def client() -> SecretsManagerClient:
    return cast("SecretsManagerClient", aws.service_client("secretsmanager"))


def secret_string(secret_id: str) -> str:
    """The secret's current string value. StoreUnavailable when it cannot be read or is empty."""
    cached = _cache.get(secret_id)
    if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    with aws.failures_as_unavailable():
        value = client().get_secret_value(SecretId=secret_id).get("SecretString")
    if not value:
        raise StoreUnavailable("secret has no string value")
    _cache[secret_id] = (time.monotonic(), value)
    return value


def forget() -> None:
    """Drop cached values (tests, or a caller that knows the secret changed)."""
    _cache.clear()
