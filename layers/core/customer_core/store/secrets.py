"""Configuration secrets kept in AWS Secrets Manager (xclade's JWT signing keys), read through
Powertools' parameters utility.

A value is read at first use and kept CACHE_SECONDS by the provider: warm invocations make no
call, and a value changed in Secrets Manager (a rotation) is picked up without a redeploy. The
provider is given our one Secrets Manager client (customer_core.store.aws), whose timeouts and
retries are the ones each function's timeout is computed from.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, cast

from aws_lambda_powertools.utilities.parameters import (
    GetParameterError,
    SecretsProvider,
    TransformParameterError,
)

from customer_core.store import aws

if TYPE_CHECKING:
    from mypy_boto3_secretsmanager.client import SecretsManagerClient

CACHE_SECONDS = 300


class MalformedSecret(ValueError):
    """The secret's value is not what its reader expects: the stack is misconfigured (the
    message never quotes the value)."""


def client() -> SecretsManagerClient:
    return cast("SecretsManagerClient", aws.service_client("secretsmanager"))


@cache
def provider() -> SecretsProvider:
    """The one provider (and so the one cache) per process, over our client."""
    return SecretsProvider(boto3_client=client())


def secret_json(secret_id: str) -> Any:
    """The secret's current value, parsed as JSON. StoreUnavailable when it cannot be read,
    MalformedSecret when it is not JSON."""
    try:
        return provider().get(secret_id, max_age=CACHE_SECONDS, transform="json")
    except TransformParameterError as error:
        raise MalformedSecret(f"the secret {secret_id} does not hold JSON") from error
    except GetParameterError as error:
        # Powertools wraps the client's error; that one names the AWS error code for the logs.
        wrapped = error.__context__
        raise aws.unavailable(wrapped if isinstance(wrapped, Exception) else error) from error


def forget() -> None:
    """Drop cached values (tests, or a caller that knows the secret changed)."""
    provider.cache_clear()
