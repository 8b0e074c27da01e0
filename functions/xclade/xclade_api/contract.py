"""xclade's request and response bodies, as its document and CONTRACTS.md define them."""

from __future__ import annotations

from typing import Annotated, Any

from customer_core.http.validation import StrictModel
from pydantic import AfterValidator, ConfigDict, Field, JsonValue
from pydantic.json_schema import SkipJsonSchema

from xclade_api.body import LIMITS as LIMITS  # published with the contract (ops/openapi)
from xclade_api.email import MAX_EMAIL_LENGTH, ZOD_EMAIL, medusa_email

# The published contract (openapi/xclade.json) states the same rule: zod's expression, anchored.
MedusaEmail = Annotated[
    str,
    AfterValidator(medusa_email),
    Field(
        json_schema_extra={
            "format": "email",
            "pattern": f"^{ZOD_EMAIL.pattern}$",
            "maxLength": MAX_EMAIL_LENGTH,
        }
    ),
]


def _without_proto(record: dict[str, JsonValue]) -> dict[str, JsonValue]:
    # zod's z.record builds its result with mergeObjectSync, which skips a "__proto__" key (zod
    # 3.22.4, helpers/parseUtil.js): Medusa stores the record without it. Only the record's own
    # keys: its values are z.unknown(), passed through as they are.
    record.pop("__proto__", None)
    return record


# Medusa's `z.record(z.unknown())` (metadata, additional_data).
Record = Annotated[dict[str, JsonValue], AfterValidator(_without_proto)]


class CreateCustomerRequest(StrictModel):
    """The six starred fields are required; `additional_data` is accepted and not stored.

    Field order is Medusa's (validators.ts): zod reports issues in the schema's order."""

    email: MedusaEmail
    company_name: str
    first_name: str
    last_name: str
    phone: str
    metadata: Record
    additional_data: Record | None = None


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


def _only_id_required(schema: dict[str, Any]) -> None:
    schema["required"] = ["id"]


class SelectedCustomer(Customer):
    """The customer with the fields the `fields` query selected; `id` always."""

    model_config = ConfigDict(json_schema_extra=_only_id_required)


class CreatedBody(StrictModel):
    """The 200 body."""

    customer: SelectedCustomer


class ErrorBody(StrictModel):
    """Medusa's error body (every error but the plain-text 401)."""

    code: str | SkipJsonSchema[None] = None
    type: str
    message: str
