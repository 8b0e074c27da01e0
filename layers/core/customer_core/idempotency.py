"""The optional `Idempotency-Key` header, shared by the three APIs.

The same key with the same body within 24 h replays the first response without a second write;
the same key with another body is refused. Keys are scoped to the API and the principal.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from customer_core.apigw import HttpRequest
from customer_core.errors import RequestRejected

HEADER = "idempotency-key"
MAX_KEY_LENGTH = 255


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


def claim_for(request: HttpRequest, *, api: str, principal: str) -> IdempotencyClaim | None:
    key = request.header(HEADER)
    if key is None:
        return None
    if not key.strip() or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise RequestRejected(
            "invalid_idempotency_key",
            f"The Idempotency-Key header must be 1 to {MAX_KEY_LENGTH} printable characters.",
        )
    fingerprint = hashlib.sha256(request.raw_body).hexdigest()
    return IdempotencyClaim(api=api, principal=principal, key=key, fingerprint=fingerprint)
