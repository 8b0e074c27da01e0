"""Data access for credentials: access tokens, kept only as hashes, with their principal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from customer_core.store import aws


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
    # Epoch seconds after which the token is refused; None = no expiry. Also the table's TTL
    # attribute, so DynamoDB deletes an expired token's record in its own time.
    expires_at: int | None = None

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now.timestamp() >= self.expires_at


def token_key(api: str, hashed_token: str) -> str:
    return f"TOKEN#{api}#{hashed_token}"


@dataclass(frozen=True)
class CredentialStore:
    """The credential table's TOKEN#… items."""

    table: str

    def find_token(self, api: str, hashed_token: str) -> TokenRecord | None:
        item = aws.get_item(self.table, token_key(api, hashed_token))
        return None if item is None else token_record(item)

    def save_token(self, hashed_token: str, record: TokenRecord) -> None:
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
            "expiresAt": record.expires_at,
        }
        aws.client().put_item(
            TableName=self.table,
            Item=aws.to_item(item),
            ConditionExpression="attribute_not_exists(pk)",
        )


def _optional(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    return str(value) if value else None


def token_record(item: dict[str, Any]) -> TokenRecord:
    """A TOKEN#… item (plain values) as its record."""
    return TokenRecord(
        api=str(item["api"]),
        principal_id=str(item["principalId"]),
        principal_name=str(item["principalName"]),
        principal_type=str(item["principalType"]),
        usage_key=_optional(item, "usageKey"),
        revoked=bool(item.get("revoked", False)),
        team_id=_optional(item, "teamId"),
        client_id=_optional(item, "clientId"),
        expires_at=int(item["expiresAt"]) if item.get("expiresAt") is not None else None,
    )
