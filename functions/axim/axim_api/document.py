"""The customer document an Axim create returns (`data` of the 201 body) and stores, as plain
JSON values: built without pydantic on the hot path; the contract's CustomerData model is its
published schema (tests check every answer against it)."""

from __future__ import annotations

from typing import Any, TypedDict


class CreatedBy(TypedDict):
    id: str
    name: str
    type: str


class CustomerDocument(TypedDict):
    """Field for field the contract's CustomerData, in its order."""

    id: str
    email: str
    firstName: str
    lastName: str
    phoneNumber: str | None
    role: str
    company: str | None
    status: str
    verifiedEmail: bool
    newsletter: bool
    isB2B: bool
    metaFields: list[dict[str, Any]]
    createdBy: CreatedBy
    createdAt: str
    updatedAt: str
    address: list[dict[str, Any]]
    notes: str | None
