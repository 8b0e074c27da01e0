"""Data access for configuration secrets kept in AWS Secrets Manager (e.g. a JWT signing key).

A value is read at first use and kept for a few minutes: warm invocations make no call, and a
value changed in Secrets Manager (rotation, or an operator setting a shared secret) is picked up
without a redeploy.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
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


@dataclass(frozen=True)
class SecretVersions:
    """A secret's AWSCURRENT value, when that version was made, and its AWSPREVIOUS value (the
    one a rotation replaced), if any."""

    current: str
    current_since: datetime
    previous: str | None


_versions_cache: dict[str, tuple[float, SecretVersions]] = {}


def secret_versions(secret_id: str) -> SecretVersions:
    """Both versions a rotation leaves (cached like `secret_string`). StoreUnavailable when the
    current one cannot be read or is empty."""
    cached = _versions_cache.get(secret_id)
    if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    with aws.failures_as_unavailable():
        current = client().get_secret_value(SecretId=secret_id)
    value = current.get("SecretString")
    if not value:
        raise StoreUnavailable("secret has no string value")
    versions = SecretVersions(value, current["CreatedDate"], _previous(secret_id))
    _versions_cache[secret_id] = (time.monotonic(), versions)
    return versions


def _previous(secret_id: str) -> str | None:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        previous = client().get_secret_value(SecretId=secret_id, VersionStage="AWSPREVIOUS")
    except ClientError as error:
        if aws.error_code(error) == "ResourceNotFoundException":
            return None  # never rotated: there is no AWSPREVIOUS version
        raise aws.unavailable(error) from error
    except BotoCoreError as error:
        raise aws.unavailable(error) from error
    return previous.get("SecretString") or None


def forget() -> None:
    """Drop cached values (tests, or a caller that knows the secret changed)."""
    _cache.clear()
    _versions_cache.clear()
