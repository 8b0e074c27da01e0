"""Data access for API clients that sign their requests: the client, and apart from it its secret.

An HMAC check needs the secret itself, so it cannot be kept as a hash. It lives in an item of its
own (`SECRET#…`, beside `CLIENT#…`) so that IAM can give it to the one function that verifies
signatures and withhold it from everything else (the authorizer reads only `CLIENT#…`). Both
are written in one transaction: a client never exists without its secret, or the reverse.
The table is encrypted at rest; the secret is never logged or returned after registration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from customer_core import dynamo
from customer_core.credential_store import TABLE_VARIABLE
from customer_core.errors import StoreUnavailable


@dataclass(frozen=True)
class ClientRecord:
    api: str
    client_id: str
    team_id: str
    name: str
    usage_key: str | None
    api_key_id: str | None = None


def client_key(api: str, client_id: str) -> str:
    return f"CLIENT#{api}#{client_id}"


def secret_key(api: str, client_id: str) -> str:
    return f"SECRET#{api}#{client_id}"


def find_client(api: str, client_id: str, *, table: str | None = None) -> ClientRecord | None:
    item = _get(client_key(api, client_id), table)
    if item is None:
        return None
    usage_key = item.get("usageKey")
    api_key_id = item.get("apiKeyId")
    return ClientRecord(
        api=str(item["api"]),
        client_id=str(item["clientId"]),
        team_id=str(item["teamId"]),
        name=str(item["name"]),
        usage_key=str(usage_key) if usage_key else None,
        api_key_id=str(api_key_id) if api_key_id else None,
    )


def find_client_secret(api: str, client_id: str) -> str | None:
    item = _get(secret_key(api, client_id), None)
    return None if item is None else str(item["secret"])


def save_client(record: ClientRecord, secret: str, *, table: str | None = None) -> None:
    """Used by the operator CLI; the functions only read clients."""
    table = table or dynamo.table_name(TABLE_VARIABLE)
    client = {
        "pk": client_key(record.api, record.client_id),
        "kind": "client",
        "api": record.api,
        "clientId": record.client_id,
        "teamId": record.team_id,
        "name": record.name,
        "usageKey": record.usage_key,
        "apiKeyId": record.api_key_id,
    }
    secret_item = {
        "pk": secret_key(record.api, record.client_id),
        "kind": "secret",
        "secret": secret,
    }
    dynamo.client().transact_write_items(
        TransactItems=[
            {
                "Put": {
                    "TableName": table,
                    "Item": dynamo.to_item(values),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            }
            for values in (client, secret_item)
        ]
    )


def _get(key: str, table: str | None) -> dict[str, Any] | None:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        result = dynamo.client().get_item(
            TableName=table or dynamo.table_name(TABLE_VARIABLE), Key={"pk": {"S": key}}
        )
    except (ClientError, BotoCoreError) as error:
        raise StoreUnavailable(type(error).__name__) from error
    return dynamo.from_item(result["Item"]) if "Item" in result else None
