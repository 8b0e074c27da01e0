"""The `customer.created` event of a customer created through the xclade API: `source`
`customer-api.xclade`, `detail` as CustomerCreatedDetail says (docs/events.md). The core's
publisher builds it from the stored envelope (customer_core.events.customer_created); this model
is its published shape (openapi/events/xclade.customer.created.json, `make openapi`), and
tests hold every emitted event to it."""

from __future__ import annotations

from typing import Literal

from customer_core.events.customer_created import DETAIL_TYPE, source_of
from customer_core.http.validation import StrictModel
from pydantic import Field

from xclade_api import API
from xclade_api.contract import Customer

SOURCE = source_of(API)
__all__ = ["DETAIL_TYPE", "SOURCE", "CustomerCreatedDetail"]


class CustomerCreatedDetail(StrictModel):
    """`detail` of the event."""

    eventId: str = Field(
        description="The same for every delivery of this customer's event: drop repeats by it.",
        json_schema_extra={"format": "uuid"},
    )
    api: Literal["xclade"] = Field(description="The API that created the customer.")
    id: str = Field(description="The customer's id, as the API returned it.")
    createdAt: str = Field(description="When the customer was created (ISO 8601, UTC).")
    customer: Customer = Field(
        description=(
            "The whole stored customer, every field of the contract's Customer: not the `fields`"
            " selection of the 200 body that created it (the event has no request to select"
            " with, so a subscriber gets all of it)."
        )
    )
