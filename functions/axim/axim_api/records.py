"""The stored form of an Axim customer: the table's envelope around a versioned document.

The item is keyed for uniqueness (normalised email in the store scope); the document keeps the
customer exactly as created. Attribute names are short because an item under 1 KB costs 1 WCU.
"""

from __future__ import annotations

from typing import Any

from axim_api.contract import CustomerData

SCHEMA_VERSION = 1


def to_attributes(customer: CustomerData) -> dict[str, Any]:
    return {
        "kind": "customer",
        "api": "axim",
        "id": customer.id,
        "createdAt": customer.createdAt,
        "v": SCHEMA_VERSION,
        "doc": customer.model_dump_json(),
    }


def from_attributes(attributes: dict[str, Any]) -> CustomerData:
    return CustomerData.model_validate_json(str(attributes["doc"]))
