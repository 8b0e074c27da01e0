"""The stored form of a COUNT customer: the table's envelope around a versioned document.

Keyed for uniqueness by the normalised email within the team (see create_customer.py); the
document keeps the customer exactly as created.
"""

from __future__ import annotations

from typing import Any

from count_api import API
from count_api.contract import CustomerData

SCHEMA_VERSION = 1


def to_attributes(customer: CustomerData, team_id: str) -> dict[str, Any]:
    return {
        "kind": "customer",
        "api": API,
        "team": team_id,
        "id": customer.id,
        "createdAt": customer.createdAt,
        "v": SCHEMA_VERSION,
        "doc": customer.model_dump_json(),
    }


def from_attributes(attributes: dict[str, Any]) -> CustomerData:
    return CustomerData.model_validate_json(str(attributes["doc"]))
