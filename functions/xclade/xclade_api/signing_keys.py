"""The value of xclade's signing-key secret: one JSON object holding everything the authorizer
needs, so that one GetSecretValue (through Powertools' cache) serves a cold start.

    {"key": "<current>", "previous": "<the key it replaced>", "rotatedAt": "<ISO 8601>"}

template.yaml generates `{"key": …}` at stack creation (GenerateStringKey); `python -m ops xclade
rotate-key` writes all three. The grace period of the previous key counts from `rotatedAt`.
Secrets Manager's own AWSPREVIOUS version and AWSCURRENT's CreatedDate are not used: they took
two calls, and Powertools' provider returns only the value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from customer_core.domain.clock import iso_millis
from customer_core.store.secrets import MalformedSecret

_FIELDS = {"key", "previous", "rotatedAt"}


@dataclass(frozen=True)
class SigningKeys:
    key: str
    previous: str | None = None
    rotated_at: datetime | None = None

    @classmethod
    def from_secret(cls, value: Any) -> SigningKeys:
        """The keys a secret's parsed JSON holds, else MalformedSecret (naming no value)."""
        if not isinstance(value, dict) or not value.keys() <= _FIELDS:
            raise MalformedSecret('the signing-key secret is not {"key", "previous", "rotatedAt"}')
        key, previous, rotated_at = value.get("key"), value.get("previous"), value.get("rotatedAt")
        if not isinstance(key, str) or not key:
            raise MalformedSecret("the signing-key secret has no key")
        if previous is None:
            return cls(key)
        if not isinstance(previous, str) or not isinstance(rotated_at, str):
            raise MalformedSecret("the signing-key secret's previous key has no rotatedAt")
        try:
            when = datetime.fromisoformat(rotated_at)
        except ValueError as error:
            raise MalformedSecret("the signing-key secret's rotatedAt is not a date") from error
        if when.tzinfo is None:
            raise MalformedSecret("the signing-key secret's rotatedAt has no time zone")
        return cls(key, previous, when)

    def to_secret(self) -> str:
        value: dict[str, str] = {"key": self.key}
        if self.previous is not None and self.rotated_at is not None:
            value |= {"previous": self.previous, "rotatedAt": iso_millis(self.rotated_at)}
        return json.dumps(value)

    def rotated(self, new_key: str, *, at: datetime) -> SigningKeys:
        """`new_key` current, this one previous (the one before it is dropped)."""
        return SigningKeys(new_key, self.key, at)

    def in_grace(self, now: datetime, grace: timedelta) -> bool:
        """Whether the previous key is still valid: `grace` has not passed since the rotation."""
        return self.rotated_at is not None and now < self.rotated_at + grace
