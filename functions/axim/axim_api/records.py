"""The stored form of an Axim customer: the table's envelope around a versioned document.

The item is keyed for uniqueness (the mailbox in the store scope); the document keeps the
customer exactly as created (customer_core.store.envelope).
"""

from __future__ import annotations

from typing import Any

from customer_core.store.envelope import envelope

from axim_api import API
from axim_api.document import CustomerDocument


def to_attributes(customer: CustomerDocument) -> dict[str, Any]:
    return envelope(
        api=API,
        customer_id=customer["id"],
        created_at=customer["createdAt"],
        document=customer,
    )
