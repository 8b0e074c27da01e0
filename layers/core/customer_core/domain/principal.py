"""Who is calling, as an authorizer established it and API Gateway passes it on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Principal:
    """The caller. Travels through API Gateway's authorizer context, where values are strings
    and empty means absent."""

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
