"""Access tokens of any API that stores them (Axim, COUNT): issue one (printed once, stored only
as a hash, with its principal and an API key that is a member of the API's usage plan, for
per-client throttling) and revoke one."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import boto3
from customer_core.auth.tokens import new_token, token_hash
from customer_core.store import aws
from customer_core.store.credentials import CredentialStore, TokenRecord, token_key

from ops import apis
from ops.stack import outputs


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
    key_id, key_value = create_plan_key(
        stack_outputs[apis.api(api).output("UsagePlanId")], name=f"{stack}-{api}-{principal_id}"
    )
    token = new_token()
    CredentialStore(stack_outputs["AuthTableName"]).save_token(
        token_hash(token),
        TokenRecord(
            api=api,
            principal_id=principal_id,
            principal_name=name,
            principal_type=principal_type,
            usage_key=key_value,
        ),
    )
    return IssuedToken(token, principal_id, key_id, key_value)


def create_plan_key(usage_plan_id: str, *, name: str) -> tuple[str, str]:
    """A new API key, member of the usage plan: (key id, key value).

    The authorizer names the value as the caller's usage-plan key (clients never see it on AWS).
    """
    apigateway: Any = boto3.client("apigateway")
    key_value = secrets.token_urlsafe(30)
    api_key = apigateway.create_api_key(name=name, enabled=True, value=key_value)
    apigateway.create_usage_plan_key(
        usagePlanId=usage_plan_id, keyId=api_key["id"], keyType="API_KEY"
    )
    return str(api_key["id"]), key_value


def revoke_token(*, stack: str, api: str, token: str) -> None:
    aws.client().update_item(
        TableName=outputs(stack)["AuthTableName"],
        Key={"pk": {"S": token_key(api, token_hash(token))}},
        UpdateExpression="SET revoked = :yes",
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeValues={":yes": {"BOOL": True}},
    )
