"""Access tokens of any API that stores them: issue one (printed once, stored only
as a hash, with its principal and an API key that is a member of the API's usage plan, for
per-client throttling) and revoke one."""

from __future__ import annotations

import argparse
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.exceptions import ClientError
from customer_core.auth.tokens import new_token, token_hash
from customer_core.domain.clock import iso_millis, utc_now
from customer_core.store import aws
from customer_core.store.credentials import CredentialStore, TokenRecord, token_key

from ops import apis
from ops.failures import MISSING_STACK, OperatorError
from ops.stack import outputs


@dataclass(frozen=True)
class IssuedToken:
    token: str
    principal_id: str
    api_key_id: str
    api_key_value: str
    expires_at: int | None = None


def _seconds(text: str) -> int:
    try:
        seconds = int(text)
    except ValueError:
        seconds = 0
    if seconds <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return seconds


def add_expiry_argument(parser: argparse.ArgumentParser) -> None:
    """`--expires-in SECONDS` on a command that issues access tokens."""
    parser.add_argument(
        "--expires-in",
        type=_seconds,
        metavar="SECONDS",
        help="refuse the token this many seconds after issue (default: it never expires)",
    )


def expiry(expires_in: int | None) -> int | None:
    """Epoch seconds at which a token issued now expires; None for no expiry."""
    if expires_in is None:
        return None
    if expires_in <= 0:
        raise ValueError("--expires-in must be a positive number of seconds")
    return int(utc_now().timestamp()) + expires_in


def expiry_text(expires_at: int | None) -> str | None:
    """How an operator command prints an expiry (ISO 8601, UTC)."""
    return None if expires_at is None else iso_millis(datetime.fromtimestamp(expires_at, UTC))


def issue_token(
    *,
    stack: str,
    api: str,
    name: str,
    principal_id: str | None,
    principal_type: str,
    expires_in: int | None = None,
) -> IssuedToken:
    expires_at = expiry(expires_in)
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
            expires_at=expires_at,
        ),
    )
    return IssuedToken(token, principal_id, key_id, key_value, expires_at)


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
    table = outputs(stack)["AuthTableName"]
    try:
        aws.client().update_item(
            TableName=table,
            Key={"pk": {"S": token_key(api, token_hash(token))}},
            UpdateExpression="SET revoked = :yes",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeValues={":yes": {"BOOL": True}},
        )
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
        raise OperatorError(
            f"no {api} token like this one in stack {stack!r}: nothing revoked; check the token "
            "(and --stack)",
            MISSING_STACK,
        ) from None
