"""Data access for actors identified by a signed token (no stored token): which usage-plan key
throttles an actor that has been given a key of its own. Actors without a record share a default.

pk = ACTOR#<api>#<actor id>, in the credential table next to the token records.
"""

from __future__ import annotations

from dataclasses import dataclass

from customer_core.store import aws


def actor_key(api: str, actor_id: str) -> str:
    return f"ACTOR#{api}#{actor_id}"


@dataclass(frozen=True)
class ActorStore:
    """The credential table's ACTOR#… items."""

    table: str

    def find_usage_key(self, api: str, actor_id: str) -> str | None:
        """The actor's own usage-plan key, or None when it has none."""
        item = aws.get_item(self.table, actor_key(api, actor_id), projection="usageKey")
        usage_key = (item or {}).get("usageKey")
        return str(usage_key) if usage_key else None

    def save_usage_key(self, api: str, actor_id: str, usage_key: str) -> None:
        """Used by the operator CLI. Replaces an earlier key of the same actor."""
        aws.client().put_item(
            TableName=self.table,
            Item=aws.to_item(
                {"pk": actor_key(api, actor_id), "kind": "actor", "api": api, "usageKey": usage_key}
            ),
        )
