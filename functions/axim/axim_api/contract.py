"""Axim's request and response bodies, as its document and CONTRACTS.md define them."""

from __future__ import annotations

from typing import Annotated, Literal

from customer_core.http.checks import BodyLimits
from customer_core.http.field_messages import FieldError
from customer_core.http.validation import Email, NonBlankStr, StrictModel
from pydantic import Field, JsonValue, field_validator
from pydantic.json_schema import SkipJsonSchema

# Body limits before validation (docs/hostile-input.md): metaFields values are free JSON, so
# nesting is allowed a few levels below `metaFields[i].value`; notes may be long.
LIMITS = BodyLimits(max_depth=8, max_string_length=10_000, max_array_items=100)

ObjectIdStr = Annotated[str, Field(pattern=r"^[0-9a-fA-F]{24}$")]
Status = Literal["active", "inactive", "pending"]


class Address(StrictModel):
    firstName: str | None = None
    lastName: str | None = None
    phoneNumber: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    zipcode: str | None = None
    isDefaultAddress: bool | None = None


class MetaField(StrictModel):
    code: NonBlankStr
    value: JsonValue = None


class CreateCustomerRequest(StrictModel):
    """At most one address may have `isDefaultAddress` true; `metaFields` codes are unique."""

    firstName: NonBlankStr
    lastName: NonBlankStr
    email: Email
    status: Status
    phoneNumber: str | None = None
    address: list[Address] | None = None
    company: ObjectIdStr | None = None
    metaFields: list[MetaField] | None = None
    notes: str | None = None

    @field_validator("address")
    @classmethod
    def _one_default_address(cls, addresses: list[Address] | None) -> list[Address] | None:
        if addresses and sum(1 for a in addresses if a.isDefaultAddress) > 1:
            raise ValueError("at most one address can have isDefaultAddress true")
        return addresses

    @field_validator("metaFields")
    @classmethod
    def _unique_codes(cls, fields: list[MetaField] | None) -> list[MetaField] | None:
        codes = [field.code for field in fields or []]
        if len(codes) != len(set(codes)):
            raise ValueError("metaFields codes must be unique")
        return fields


class CreatedBy(StrictModel):
    id: str
    name: str
    type: str


class CustomerData(StrictModel):
    """`data` of the 201 body: every field of the document's data table."""

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
    metaFields: list[MetaField]
    createdBy: CreatedBy
    createdAt: str
    updatedAt: str
    address: list[Address]
    notes: str | None


class CreatedBody(StrictModel):
    """The 201 body."""

    success: Literal[True]
    message: str
    data: CustomerData


class ErrorBody(StrictModel):
    """Every error body; `errors` (one entry per invalid field) only on validation failures."""

    success: Literal[False]
    message: str
    errors: list[FieldError] | SkipJsonSchema[None] = None
