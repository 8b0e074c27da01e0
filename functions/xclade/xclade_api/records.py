"""The stored form of an xclade customer: the table's envelope around a versioned document.

The item is keyed for uniqueness (normalised email among the store's guest customers); the
document keeps the whole customer, whatever fields the response selected.
"""

from __future__ import annotations

from typing import Any

from xclade_api import API
from xclade_api.contract import Customer

SCHEMA_VERSION = 1


def to_attributes(customer: Customer) -> dict[str, Any]:
    envelope = {"kind": "customer", "api": API, "id": customer.id, "v": SCHEMA_VERSION}
    return {**envelope, "createdAt": customer.created_at, "doc": customer.model_dump_json()}


def from_attributes(attributes: dict[str, Any]) -> Customer:
    return Customer.model_validate_json(str(attributes["doc"]))
