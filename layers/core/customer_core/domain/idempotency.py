"""An `Idempotency-Key` claim: the same key with the same body within 24 h replays the first
response without a second write; the same key with another body is refused. Keys are scoped to
the API and the principal."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class IdempotencyClaim:
    api: str
    principal: str
    key: str
    fingerprint: str

    @property
    def item_key(self) -> str:
        digest = hashlib.sha256(self.key.encode()).hexdigest()
        return f"IDEMPOTENCY#{self.api}#{self.principal}#{digest}"
