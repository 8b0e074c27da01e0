"""The table's envelope around a stored customer, the same for every API: what the item is, whose
it is, its id and time, and the customer document itself (versioned JSON, exactly as created).

Attribute names are short because an item under 1 KB costs 1 WCU.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SCHEMA_VERSION = 1


def envelope(
    *, api: str, customer_id: str, created_at: str, document: Mapping[str, Any], **extra: str
) -> dict[str, Any]:
    """The item's attributes (the key is added by customer_store); `extra` e.g. the scope. The
    document is stored as compact JSON, non-ASCII kept (as StoredResponse.of_json answers it)."""
    return {
        "kind": "customer",
        "api": api,
        **extra,
        "id": customer_id,
        "createdAt": created_at,
        "v": SCHEMA_VERSION,
        "doc": json.dumps(document, separators=(",", ":"), ensure_ascii=False),
    }


class NotACustomer(ValueError):
    """The item is not a customer envelope this code can read (another kind, a later version)."""


@dataclass(frozen=True)
class StoredCustomer:
    """A stored customer as its envelope holds it: the document is the customer exactly as the
    API created it (and answered it, before any field selection)."""

    api: str
    customer_id: str
    created_at: str
    document: dict[str, Any]


def is_customer(attributes: Mapping[str, Any]) -> bool:
    """A customer item (not an idempotency or replay record)."""
    return attributes.get("kind") == "customer" and str(attributes.get("pk", "")).startswith(
        "CUSTOMER#"
    )


def read_envelope(attributes: Mapping[str, Any]) -> StoredCustomer:
    """The customer an item's attributes (plain values) hold. Raises NotACustomer for anything
    else, and for a version this code does not know: a reader must never guess a document."""
    if not is_customer(attributes):
        raise NotACustomer("not a customer item")
    version = attributes.get("v")
    if version is None or int(version) != SCHEMA_VERSION:
        raise NotACustomer(f"customer document version {version!r}, expected {SCHEMA_VERSION}")
    document = json.loads(str(attributes["doc"]))
    if not isinstance(document, dict):
        raise NotACustomer("the document is not a JSON object")
    return StoredCustomer(
        api=str(attributes["api"]),
        customer_id=str(attributes["id"]),
        created_at=str(attributes["createdAt"]),
        document=document,
    )
