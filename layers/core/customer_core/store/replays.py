"""Data access for replay protection: remember a signed request once, until it goes stale.

One conditional put per request: the first writer of a key wins, so two copies of the same
request racing each other cannot both pass. A record lives until its `expiresAt` (also the
table's TTL attribute); the condition treats an expired record as absent, because TTL deletion
can lag by hours.
"""

from __future__ import annotations

from dataclasses import dataclass

from customer_core.store import aws


def replay_key(api: str, client_id: str, signature: str) -> str:
    return f"REPLAY#{api}#{client_id}#{signature.lower()}"


@dataclass(frozen=True)
class ReplayStore:
    """The credential table's REPLAY#… items."""

    table: str

    def remember_once(self, key: str, *, expires_at: int, now: int) -> bool:
        """True the first time `key` is seen before it expires, False for a replay."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            aws.client().put_item(
                TableName=self.table,
                Item=aws.to_item({"pk": key, "kind": "replay", "expiresAt": expires_at}),
                ConditionExpression="attribute_not_exists(pk) OR expiresAt < :now",
                ExpressionAttributeValues={":now": {"N": str(now)}},
            )
        except ClientError as error:
            if aws.error_code(error) == "ConditionalCheckFailedException":
                return False
            raise aws.unavailable(error) from error
        except BotoCoreError as error:
            raise aws.unavailable(error) from error
        return True
