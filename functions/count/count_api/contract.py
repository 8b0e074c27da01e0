"""COUNT's request and response bodies, as its document and CONTRACTS.md define them."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from customer_core.http.checks import BodyLimits
from customer_core.http.field_messages import FieldError
from customer_core.http.validation import Email, NonBlankStr, StrictModel
from pydantic import AfterValidator, Field, JsonValue, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

# Body limits before validation (docs/hostile-input.md): the deepest valid body is
# body → contacts → contact (3 levels); no field is longer than 255 characters.
LIMITS = BodyLimits(max_depth=3, max_string_length=1_000, max_array_items=100)

Status = Literal["active", "inactive"]
DEFAULT_STATUS: Status = "active"

CustomerName = Annotated[NonBlankStr, Field(min_length=1, max_length=255)]
PrimaryEmail = Annotated[Email, Field(max_length=255)]
Phone = Annotated[str, Field(max_length=50)]


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or value != value.strip():
        raise ValueError("invalid website")
    return value


Website = Annotated[
    str,
    Field(
        max_length=255, json_schema_extra={"format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}
    ),
    AfterValidator(_http_url),
]


class Address(StrictModel):
    street: str | None = None
    city: str | None = None
    state: str | None = None
    zipCode: str | None = None
    country: str | None = None


class ContactInput(StrictModel):
    """A contact needs a non-blank firstName, lastName or email."""

    firstName: str | None = None
    lastName: str | None = None
    email: Email | None = None
    phone: Phone | None = None
    isPrimary: bool | None = None

    @model_validator(mode="after")
    def _identifies_someone(self) -> ContactInput:
        if not any((value or "").strip() for value in (self.firstName, self.lastName, self.email)):
            raise ValueError("a contact needs a firstName, lastName or email")
        return self


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
    contacts: list[ContactInput] = Field(default_factory=list)

    @field_validator("contacts")
    @classmethod
    def _one_primary_contact(cls, contacts: list[ContactInput]) -> list[ContactInput]:
        if sum(1 for contact in contacts if contact.isPrimary) > 1:
            raise ValueError("at most one contact can have isPrimary true")
        return contacts


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
