"""`customer.created`: what one stored customer becomes on the bus, the same rule for every API.

The envelope's document is the customer exactly as the API created it, and so as its 201 (xclade:
200) body returns it before any field selection: the event carries it unchanged, with the API's
name, the customer's id and creation time, and an event id derived from those alone, so every
redelivered copy of one customer's event carries the same `eventId` (consumers drop repeats).
Each API's package publishes its event's shape (`<api>_api/events.py`); ops/openapi writes its
JSON Schema to openapi/events/.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from customer_core.store.envelope import StoredCustomer

DETAIL_TYPE = "customer.created"
SOURCE_PREFIX = "customer-api."
# Fixed forever: a changed namespace would give every customer a second event id.
_EVENT_ID_NAMESPACE = uuid.UUID("5f0c1c9e-3b0e-4c55-9a52-2f6a3c1d8e71")


def source_of(api: str) -> str:
    """The event's `source`: which API created the customer (`customer-api.axim`)."""
    return SOURCE_PREFIX + api


def event_id(api: str, customer_id: str) -> str:
    """The same for every copy of one customer's event (UUID v5 of the API and the id)."""
    return str(uuid.uuid5(_EVENT_ID_NAMESPACE, f"{DETAIL_TYPE}:{api}:{customer_id}"))


def detail(customer: StoredCustomer) -> dict[str, Any]:
    return {
        "eventId": event_id(customer.api, customer.customer_id),
        "api": customer.api,
        "id": customer.customer_id,
        "createdAt": customer.created_at,
        "customer": customer.document,
    }


def detail_json(customer: StoredCustomer) -> str:
    """`detail` as PutEvents sends it (compact, non-ASCII kept as the API answers it)."""
    return json.dumps(detail(customer), separators=(",", ":"), ensure_ascii=False)
