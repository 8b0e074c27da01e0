"""Authentication primitives shared by the authorizers: token hashing and constant-time checks.

Tokens are stored only as SHA-256 hashes. A token is 256 random bits, so a fast unsalted hash is
enough: there is nothing to brute-force, and lookups stay one GetItem.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TOKEN_BYTES = 32


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def constant_time_equals(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())


def strip_bearer(value: str | None, *, required: bool) -> str | None:
    """The credential in an `Authorization`-style header value.

    With `required`, the value must read `Bearer <credential>`; otherwise the prefix is optional.
    Returns None when nothing usable is there.
    """
    if value is None:
        return None
    value = value.strip()
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "bearer" and rest.strip():
        return rest.strip()
    if required:
        return None
    return value or None


@dataclass(frozen=True)
class Principal:
    """Who is calling, as the authorizer passes it on through API Gateway's context.

    Context values travel as strings; empty means absent.
    """

    id: str
    name: str
    type: str
    team_id: str | None = None
    client_id: str | None = None

    def to_context(self) -> dict[str, str]:
        return {
            "principalId": self.id,
            "principalName": self.name,
            "principalType": self.type,
            "teamId": self.team_id or "",
            "clientId": self.client_id or "",
        }

    @classmethod
    def from_context(cls, context: Mapping[str, Any]) -> Principal | None:
        principal_id = str(context.get("principalId") or "")
        if not principal_id:
            return None
        return cls(
            id=principal_id,
            name=str(context.get("principalName") or ""),
            type=str(context.get("principalType") or ""),
            team_id=str(context.get("teamId") or "") or None,
            client_id=str(context.get("clientId") or "") or None,
        )
