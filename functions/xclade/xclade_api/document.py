"""The customer an xclade create stores and answers with (the fields selected), as plain JSON
values: built without pydantic on the hot path; the contract's Customer model is its published
schema (tests check every answer against it, and these fields against its)."""

from __future__ import annotations

from typing import Any, TypedDict


class Customer(TypedDict):
    """Field for field the contract's Customer, in its order."""

    id: str
    company_name: str
    first_name: str
    last_name: str
    email: str
    phone: str
    metadata: dict[str, Any]
    has_account: bool
    created_by: str
    created_at: str
    updated_at: str
    deleted_at: str | None
    addresses: list[dict[str, Any]]
    groups: list[dict[str, Any]]
    default_billing_address_id: str | None
    default_shipping_address_id: str | None
