"""xclade test setup: the JWT signing key in (mocked) Secrets Manager, as the stack keeps it."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Any

import boto3
import jwt
from customer_core.store import aws as dynamo
from customer_core.store import secrets as secret_store
from xclade_api.signing_keys import SigningKeys

# The key that signed the tokens in events/xclade/*.json.
FIXTURE_SECRET = "xclade-fixture-secret-3f9a7c1e5b2d4c6e8a0b1d3f5a7c9e1b"
FIXTURE_ACTOR = "user_01JD5XCLADEDEMO00000000000"
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


def token(secret: str = FIXTURE_SECRET, **claims: Any) -> str:
    """A token valid for an hour unless `claims` say otherwise (None removes a claim)."""
    now = int(datetime.now(UTC).timestamp())
    base: dict[str, Any] = {
        "actor_id": FIXTURE_ACTOR,
        "actor_type": "user",
        "iat": now,
        "exp": now + 3600,
    }
    base.update(claims)
    return jwt.encode({k: v for k, v in base.items() if v is not None}, secret, algorithm="HS256")
