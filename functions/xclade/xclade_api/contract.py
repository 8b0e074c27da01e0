"""xclade's request and response bodies, as its document and CONTRACTS.md define them."""

from __future__ import annotations

from customer_core.http.validation import StrictModel
from pydantic import JsonValue

from xclade_api.email import MedusaEmail


class CreateCustomerRequest(StrictModel):
    """The six starred fields are required; `additional_data` is accepted and not stored.

    Field order is Medusa's (validators.ts): zod reports issues in the schema's order."""

    email: MedusaEmail
    company_name: str
    first_name: str
    last_name: str
    phone: str
    metadata: dict[str, JsonValue]
    additional_data: dict[str, JsonValue] | None = None


class CreateCustomerQuery(StrictModel):
    """The query string: only `fields` (see fields.py)."""

    fields: str | None = None


class Customer(StrictModel):
    """The stored customer; a response carries the fields the `fields` query selected (the
    default address ids are stored, always null, and not selectable, as in Medusa)."""

    id: str
    company_name: str
    first_name: str
    last_name: str
    email: str
    phone: str
    metadata: dict[str, JsonValue]
    has_account: bool
    created_by: str
    created_at: str
    updated_at: str
    deleted_at: str | None
    addresses: list[dict[str, JsonValue]]
    groups: list[dict[str, JsonValue]]
    default_billing_address_id: str | None
    default_shipping_address_id: str | None
