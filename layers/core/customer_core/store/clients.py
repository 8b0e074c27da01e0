"""Data access for API clients that sign their requests: the client, and apart from it its secret.

An HMAC check needs the secret itself, so it cannot be kept as a hash. It lives in an item of its
own (`SECRET#…`, beside `CLIENT#…`) so that IAM can give it to the one function that verifies
signatures and withhold it from everything else (the authorizer reads only `CLIENT#…`). Both
are written in one transaction: a client never exists without its secret, or the reverse.
The table is encrypted at rest; the secret is never logged or returned after registration.

Each warm request costs one store round trip per function: the authorizer reads the client and
its token together (`find_client_and_token`), and the create function keeps the secrets it read
in memory for a bounded time (`ClientSecrets`), no longer than the authorizer's verdicts are
cached, so a rotated secret stops within the bound the API already states for a revoked token.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from customer_core.store import aws
from customer_core.store.credentials import TokenRecord, token_key, token_record


@dataclass(frozen=True)
class ClientRecord:
    api: str
    client_id: str
    team_id: str
    name: str
    usage_key: str | None
    api_key_id: str | None = None
    # Set by an operator (python -m ops count disable-client): the authorizer refuses the client.
    disabled: bool = False


def client_key(api: str, client_id: str) -> str:
    return f"CLIENT#{api}#{client_id}"


def secret_key(api: str, client_id: str) -> str:
    return f"SECRET#{api}#{client_id}"


@dataclass(frozen=True)
class ClientStore:
    """The credential table's CLIENT#… and SECRET#… items."""

    table: str

    def find_client(self, api: str, client_id: str) -> ClientRecord | None:
        item = aws.get_item(self.table, client_key(api, client_id))
        return None if item is None else _client_record(item)

    def find_client_and_token(
        self, api: str, client_id: str, hashed_token: str
    ) -> tuple[ClientRecord | None, TokenRecord | None]:
        """The client and the token's record, each None when absent, in one round trip.

        TransactGetItems rather than BatchGetItem: one call whatever happens (no unprocessed
        keys to ask for again, so one store call bounds the authorizer's timeout), both items
        read at one point in time and strongly consistent (a disable or revoke is seen as soon
        as it is written), and IAM governs it by GetItem on each key, the permission and
        `dynamodb:LeadingKeys` the authorizer already has. It costs 2 read units per item where
        two eventually consistent GetItems cost 0.5 each, per authorization, which API Gateway
        caches. A write in flight on either item cancels it (TransactionCanceledException):
        answered as any store failure.
        """
        keys = (client_key(api, client_id), token_key(api, hashed_token))
        with aws.failures_as_unavailable():
            result = aws.client().transact_get_items(
                TransactItems=[
                    {"Get": {"TableName": self.table, "Key": {"pk": {"S": key}}}} for key in keys
                ]
            )
        client_item, token_item = (
            aws.from_item(response["Item"]) if "Item" in response else None
            for response in result["Responses"]
        )
        return (
            None if client_item is None else _client_record(client_item),
            None if token_item is None else token_record(token_item),
        )

    def find_client_secret(self, api: str, client_id: str) -> str | None:
        item = aws.get_item(self.table, secret_key(api, client_id))
        return None if item is None else str(item["secret"])

    def save_client(self, record: ClientRecord, secret: str) -> None:
        """Used by the operator CLI; the functions only read clients."""
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
        aws.client().transact_write_items(
            TransactItems=[
                {
                    "Put": {
                        "TableName": self.table,
                        "Item": aws.to_item(values),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                }
                for values in (client, secret_item)
            ]
        )

    def replace_secret(self, api: str, client_id: str, secret: str) -> None:
        """Used by the operator CLI: the client's new signing secret, accepted at once; the old
        one may still be accepted for as long as ClientSecrets keeps it (the authorizer cache
        TTL). Fails if the client has no secret item."""
        aws.client().put_item(
            TableName=self.table,
            Item=aws.to_item(
                {"pk": secret_key(api, client_id), "kind": "secret", "secret": secret}
            ),
            ConditionExpression="attribute_exists(pk)",
        )

    def set_disabled(self, api: str, client_id: str, *, disabled: bool) -> None:
        """Used by the operator CLI. Fails if the client does not exist."""
        aws.client().update_item(
            TableName=self.table,
            Key={"pk": {"S": client_key(api, client_id)}},
            UpdateExpression="SET disabled = :disabled",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeValues={":disabled": {"BOOL": disabled}},
        )


def _client_record(item: dict[str, Any]) -> ClientRecord:
    usage_key = item.get("usageKey")
    api_key_id = item.get("apiKeyId")
    return ClientRecord(
        api=str(item["api"]),
        client_id=str(item["clientId"]),
        team_id=str(item["teamId"]),
        name=str(item["name"]),
        usage_key=str(usage_key) if usage_key else None,
        api_key_id=str(api_key_id) if api_key_id else None,
        disabled=bool(item.get("disabled", False)),
    )


@dataclass(frozen=True)
class Secret:
    """A client secret as ClientSecrets gives it: `fresh` when read from the store just now."""

    value: str
    fresh: bool


# The secrets kept by this execution environment: (table, api, client id) → (secret, read at).
_kept: dict[tuple[str, str, str], tuple[str, float]] = {}


@dataclass(frozen=True)
class ClientSecrets:
    """The client secrets a function verifies signatures with, kept in its memory for at most
    `max_age` seconds after they were read.

    Why: reading the secret at every request was a second store call on every warm create. The
    bound is the authorizer cache TTL, the time the API already gives a revoked token or a
    disabled client, so a rotated secret stops within the same bound. A new secret works at
    once: a signature that does not match a kept secret is checked again against a fresh read
    (`reread`). Misses are not kept (a client that just registered is found at once).
    """

    store: ClientStore
    max_age: float

    def get(self, api: str, client_id: str) -> Secret | None:
        """The client's secret, kept or read now; None when the client has none."""
        kept = _kept.get((self.store.table, api, client_id))
        if kept is not None and time.monotonic() - kept[1] < self.max_age:
            return Secret(kept[0], fresh=False)
        return self.reread(api, client_id)

    def reread(self, api: str, client_id: str) -> Secret | None:
        """The secret read from the store now (and kept), None when the client has none."""
        read_at = time.monotonic()
        secret = self.store.find_client_secret(api, client_id)
        key = (self.store.table, api, client_id)
        if secret is None:
            _kept.pop(key, None)
            return None
        _kept[key] = (secret, read_at)
        return Secret(secret, fresh=True)


def forget_secrets() -> None:
    """Drop every kept secret: each client's next request reads its secret again, as in a new
    execution environment (tests start each case so)."""
    _kept.clear()
