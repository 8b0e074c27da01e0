"""Axim's request and response bodies, as its document and CONTRACTS.md define them."""

from __future__ import annotations

from typing import Annotated, Literal

from customer_core.http.validation import Email, FieldError, NonBlankStr, StrictModel
from pydantic import AfterValidator, Field, JsonValue
from pydantic.json_schema import SkipJsonSchema

from axim_api.rules import LIMITS as LIMITS  # published with the contract (ops/openapi)
from axim_api.rules import one_default_address, unique_codes

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
    address: Annotated[list[Address] | None, AfterValidator(one_default_address)] = None
    company: ObjectIdStr | None = None
    metaFields: Annotated[list[MetaField] | None, AfterValidator(unique_codes)] = None
    notes: str | None = None


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
