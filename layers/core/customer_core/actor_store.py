"""Data access for actors identified by a signed token (no stored token): which usage-plan key
throttles an actor that has been given a key of its own. Actors without a record share a default.

pk = ACTOR#<api>#<actor id>, in the credential table next to the token records.
"""

from __future__ import annotations

from customer_core import dynamo
from customer_core.credential_store import TABLE_VARIABLE
from customer_core.errors import StoreUnavailable


def actor_key(api: str, actor_id: str) -> str:
    return f"ACTOR#{api}#{actor_id}"


def find_usage_key(api: str, actor_id: str) -> str | None:
    """The actor's own usage-plan key, or None when it has none."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        found = dynamo.client().get_item(
            TableName=dynamo.table_name(TABLE_VARIABLE),
            Key={"pk": {"S": actor_key(api, actor_id)}},
            ProjectionExpression="usageKey",
        )
    except (ClientError, BotoCoreError) as error:
        raise StoreUnavailable(type(error).__name__) from error
    usage_key = dynamo.from_item(found.get("Item", {})).get("usageKey")
    return str(usage_key) if usage_key else None


def save_usage_key(api: str, actor_id: str, usage_key: str, *, table: str | None = None) -> None:
    """Used by the operator CLI. Replaces an earlier key of the same actor."""
    dynamo.client().put_item(
        TableName=table or dynamo.table_name(TABLE_VARIABLE),
        Item=dynamo.to_item(
            {"pk": actor_key(api, actor_id), "kind": "actor", "api": api, "usageKey": usage_key}
        ),
    )
