"""xclade test setup: the JWT signing key in (mocked) Secrets Manager, as the stack keeps it."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import boto3
from customer_core.store import aws as dynamo
from customer_core.store import secrets as secret_store
from xclade_api.signing_keys import SigningKeys

# The key that signed the tokens in events/xclade/*.json, the actor they name, and a token
# valid now: declared with xclade's facts (ops/xclade/local.py).
from ops.xclade.local import FIXTURE_ACTOR, FIXTURE_SECRET, token

__all__ = [
    "FIXTURE_ACTOR",
    "FIXTURE_SECRET",
    "SHARED_USAGE_KEY",
    "install_secret",
    "rotate_to",
    "stored_keys",
    "token",
]
# As tests/conftest.py gives it to the authorizer (XCLADE_SHARED_USAGE_KEY).
SHARED_USAGE_KEY = "xclade-shared-00000000-0000-4000-8000-000000000000"


def install_secret(value: str = FIXTURE_SECRET) -> str:
    """Store the key in the mocked Secrets Manager, as the stack generates it
    (xclade_api/signing_keys.py), under the name the authorizer's settings give
    (XCLADE_JWT_SECRET_ID, tests/conftest.py)."""
    dynamo.service_client.cache_clear()
    secret_store.forget()
    created = boto3.client("secretsmanager", region_name="us-east-1").create_secret(
        Name=os.environ["XCLADE_JWT_SECRET_ID"], SecretString=SigningKeys(value).to_secret()
    )
    return str(created["ARN"])


def stored_keys(secret_id: str) -> SigningKeys:
    """What the mocked secret holds now."""
    value = boto3.client("secretsmanager", region_name="us-east-1").get_secret_value(
        SecretId=secret_id
    )
    return SigningKeys.from_secret(json.loads(value["SecretString"]))


def rotate_to(key: str, *, at: datetime | None = None) -> None:
    """What `python -m ops xclade rotate-key` writes, then the authorizer's cache expired."""
    secret_id = os.environ["XCLADE_JWT_SECRET_ID"]
    rotated = stored_keys(secret_id).rotated(key, at=at or datetime.now(UTC))
    boto3.client("secretsmanager", region_name="us-east-1").put_secret_value(
        SecretId=secret_id, SecretString=rotated.to_secret()
    )
    secret_store.forget()
