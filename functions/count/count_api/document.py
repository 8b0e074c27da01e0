"""The customer a COUNT create returns (`data` of the 201 body) and stores, as plain JSON
values: built without pydantic on the hot path; the contract's CustomerData model is its
published schema (tests check every answer against it)."""

from __future__ import annotations

from typing import Any, TypedDict


class Contact(TypedDict):
    id: str
    firstName: str | None
    lastName: str | None
    email: str | None
    phone: str | None
    isPrimary: bool


class CustomerDocument(TypedDict):
    """Field for field the contract's CustomerData, in its order."""

    id: str
    customer: str
    email: str
    mainPhone: str | None
    website: str | None
    status: str
    billingAddress: dict[str, Any] | None
    shippingAddress: dict[str, Any] | None
    contacts: list[Contact]
    createdAt: str
    updatedAt: str
