"""The stored form of a COUNT customer: the table's envelope around a versioned document.

Keyed for uniqueness by the normalised email within the team (see create_customer.py); the
document keeps the customer exactly as created (customer_core.store.envelope).
"""

from __future__ import annotations

from typing import Any

from customer_core.store.envelope import envelope

from count_api import API
from count_api.document import CustomerDocument


def to_attributes(customer: CustomerDocument, team_id: str) -> dict[str, Any]:
    return envelope(
        api=API,
        customer_id=customer["id"],
        created_at=customer["createdAt"],
        document=customer,
        team=team_id,
    )
