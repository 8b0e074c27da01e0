"""Issue and revoke access tokens: the token is printed once and stored only as a hash, with
its principal and an API key that is a member of the API's usage plan (per-client throttling)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import boto3
from customer_core import dynamo
from customer_core.auth import new_token, token_hash
from customer_core.credential_store import TokenRecord, save_token, token_key

from ops.stack import outputs

USAGE_PLAN_OUTPUT = {"axim": "AximUsagePlanId"}


@dataclass(frozen=True)
class IssuedToken:
    token: str
    principal_id: str
    api_key_id: str
    api_key_value: str


def issue_token(
    *, stack: str, api: str, name: str, principal_id: str | None, principal_type: str
) -> IssuedToken:
    stack_outputs = outputs(stack)
    principal_id = principal_id or f"usr_{secrets.token_hex(8)}"
    key_id, key_value = new_plan_key(
        stack=stack,
        api=api,
        principal_id=principal_id,
        usage_plan_id=stack_outputs[USAGE_PLAN_OUTPUT[api]],
    )
    token = new_token()
    save_token(
        token_hash(token),
        TokenRecord(
            api=api,
            principal_id=principal_id,
            principal_name=name,
            principal_type=principal_type,
            usage_key=key_value,
        ),
        table=stack_outputs["AuthTableName"],
    )
    return IssuedToken(token, principal_id, key_id, key_value)


def new_plan_key(*, stack: str, api: str, principal_id: str, usage_plan_id: str) -> tuple[str, str]:
    """A new API key (id, value) in a usage plan: the key the authorizer names for a principal,
    so that the plan throttles it separately (clients never see it on AWS)."""
    apigateway: Any = boto3.client("apigateway")
    key_value = secrets.token_urlsafe(30)
    api_key = apigateway.create_api_key(
        name=f"{stack}-{api}-{principal_id}", enabled=True, value=key_value
    )
    apigateway.create_usage_plan_key(
        usagePlanId=usage_plan_id, keyId=api_key["id"], keyType="API_KEY"
    )
    return str(api_key["id"]), key_value


def revoke_token(*, stack: str, api: str, token: str) -> None:
    dynamo.client().update_item(
        TableName=outputs(stack)["AuthTableName"],
        Key={"pk": {"S": token_key(api, token_hash(token))}},
        UpdateExpression="SET revoked = :yes",
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeValues={":yes": {"BOOL": True}},
    )
