"""Data access for credentials: access tokens, kept only as hashes, with their principal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from customer_core import dynamo
from customer_core.errors import StoreUnavailable

TABLE_VARIABLE = "AUTH_TABLE_NAME"


@dataclass(frozen=True)
class TokenRecord:
    """Who a token belongs to and which usage-plan key throttles them."""

    api: str
    principal_id: str
    principal_name: str
    principal_type: str
    usage_key: str | None
    revoked: bool = False
    team_id: str | None = None
    client_id: str | None = None


def token_key(api: str, hashed_token: str) -> str:
    return f"TOKEN#{api}#{hashed_token}"


def find_token(api: str, hashed_token: str) -> TokenRecord | None:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        result = dynamo.client().get_item(
            TableName=dynamo.table_name(TABLE_VARIABLE),
            Key={"pk": {"S": token_key(api, hashed_token)}},
        )
    except (ClientError, BotoCoreError) as error:
        raise StoreUnavailable(type(error).__name__) from error
    if "Item" not in result:
        return None
    return _record(dynamo.from_item(result["Item"]))


def save_token(hashed_token: str, record: TokenRecord, *, table: str | None = None) -> None:
    """Used by the operator CLI; the functions only read tokens."""
    item = {
        "pk": token_key(record.api, hashed_token),
        "kind": "token",
        "api": record.api,
        "principalId": record.principal_id,
        "principalName": record.principal_name,
        "principalType": record.principal_type,
        "usageKey": record.usage_key,
        "revoked": record.revoked,
        "teamId": record.team_id,
        "clientId": record.client_id,
    }
    dynamo.client().put_item(
        TableName=table or dynamo.table_name(TABLE_VARIABLE),
        Item=dynamo.to_item(item),
        ConditionExpression="attribute_not_exists(pk)",
    )


def _record(item: dict[str, Any]) -> TokenRecord:
    usage_key = item.get("usageKey")
    team_id = item.get("teamId")
    client_id = item.get("clientId")
    return TokenRecord(
        api=str(item["api"]),
        principal_id=str(item["principalId"]),
        principal_name=str(item["principalName"]),
        principal_type=str(item["principalType"]),
        usage_key=str(usage_key) if usage_key else None,
        revoked=bool(item.get("revoked", False)),
        team_id=str(team_id) if team_id else None,
        client_id=str(client_id) if client_id else None,
    )
