"""The table's envelope around a stored customer, the same for every API: what the item is, whose
it is, its id and time, and the customer document itself (versioned JSON, exactly as created).

Attribute names are short because an item under 1 KB costs 1 WCU.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
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
