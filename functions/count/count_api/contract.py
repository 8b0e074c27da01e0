"""COUNT's request and response bodies, as its document and CONTRACTS.md define them."""

from __future__ import annotations

from typing import Annotated, Literal

from customer_core.http.validation import Email, FieldError, NonBlankStr, StrictModel
from pydantic import AfterValidator, Field, JsonValue
from pydantic.json_schema import SkipJsonSchema

from count_api.rules import LIMITS as LIMITS  # published with the contract (ops/openapi)
from count_api.rules import http_url, identifies_someone, one_primary_contact

Status = Literal["active", "inactive"]
DEFAULT_STATUS: Status = "active"

CustomerName = Annotated[NonBlankStr, Field(min_length=1, max_length=255)]
PrimaryEmail = Annotated[Email, Field(max_length=255)]
Phone = Annotated[str, Field(max_length=50)]


Website = Annotated[
    str,
    Field(
        max_length=255, json_schema_extra={"format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}
    ),
    AfterValidator(http_url),
]


class Address(StrictModel):
    street: str | None = None
    city: str | None = None
    state: str | None = None
    zipCode: str | None = None
    country: str | None = None


# The rule is rules.identifies_someone, applied to each item of `contacts`.
class ContactInput(StrictModel):
    """A contact needs a non-blank firstName, lastName or email."""

    firstName: str | None = None
    lastName: str | None = None
    email: Email | None = None
    phone: Phone | None = None
    isPrimary: bool | None = None


class CreateCustomerRequest(StrictModel):
    """At most one contact may have `isPrimary` true; `status` defaults to `active`."""

    customer: CustomerName
    email: PrimaryEmail
    # `None` only where the document marks a field "Nullable: True"; `status` and `contacts`
    # are not, so an explicit null is refused (absent still means the default).
    mainPhone: Phone | None = None
    website: Website | None = None
    status: Status = DEFAULT_STATUS
    billingAddress: Address | None = None
    shippingAddress: Address | None = None
    contacts: Annotated[
        list[Annotated[ContactInput, AfterValidator(identifies_someone)]],
        AfterValidator(one_primary_contact),
    ] = Field(default_factory=list)


class Contact(StrictModel):
    id: str
    firstName: str | None
    lastName: str | None
    email: str | None
    phone: str | None
    isPrimary: bool


class CustomerData(StrictModel):
    """`data` of the 201 body: the id, every body field with defaults applied, the times."""

    id: str
    customer: str
    email: str
    mainPhone: str | None
    website: str | None
    status: Status
    billingAddress: Address | None
    shippingAddress: Address | None
    contacts: list[Contact]
    createdAt: str
    updatedAt: str


class CreatedBody(StrictModel):
    """The 201 body."""

    status: Literal["success"]
    message: str
    data: CustomerData


class ErrorBody(StrictModel):
    """Every error body: `code` says which failure; `details` adds context where there is some;
    `errors` (one entry per invalid field) only on validation failures."""

    status: Literal["error"]
    message: str
    code: str
    details: dict[str, JsonValue] | SkipJsonSchema[None] = None
    errors: list[FieldError] | SkipJsonSchema[None] = None
