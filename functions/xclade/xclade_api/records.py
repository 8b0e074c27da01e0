"""The stored form of an xclade customer: the table's envelope around a versioned document.

The item is keyed for uniqueness (the mailbox among the store's guest customers); the document
keeps the whole customer, whatever fields the response selected.
"""

from __future__ import annotations

from typing import Any

from customer_core.store.envelope import envelope

from xclade_api import API
from xclade_api.document import Customer


def to_attributes(customer: Customer) -> dict[str, Any]:
    return envelope(
        api=API,
        customer_id=customer["id"],
        created_at=customer["created_at"],
        document=customer,
    )
