"""xclade `POST /admin/customers`: what its document says beyond the models
(ops/openapi/generate.py)."""

from __future__ import annotations

from typing import Any

from customer_core.domain.errors import DomainError
from customer_core.http.checks import authorizer_principal, json_body
from customer_core.http.events import parse_event
from customer_core.http.frame import stored
from xclade_api import errors, fields
from xclade_api.contract import CreateCustomerRequest, CreatedBody, ErrorBody
from xclade_api.create_customer import created_response, new_customer

from ops.openapi import template
from ops.openapi.description import (
    STORE_FAILURE,
    Answer,
    ApiDescription,
    RequestExample,
    Status,
    conflicts,
    fixture_event,
    fixture_time,
    gateway_refusals,
    missing_field,
    refusal,
)
from ops.openapi.samples import Credentials, Header

API = "xclade"
EXAMPLE_ID = "cus_01KAR2J4F3X5Y8Z9A0B1C2D3E4"
VERSION = "0.2.0"  # the contract's version: CHANGELOG.md
JSON = "application/json"
TEXT = "text/plain"
# The plain-text 401 body, as the function and the gateway answer it.
UNAUTHORIZED_TEXT = {"type": "string", "enum": [errors.UNAUTHORIZED]}


def _created(name: str, summary: str) -> Answer:
    event = parse_event(fixture_event(API, name))
    request = json_body(event, CreateCustomerRequest)
    customer = new_customer(
        request, authorizer_principal(event), fixture_time(fixture_event(API, name))
    )
    selected = fields.from_query(event.query)
    response = created_response({**customer, "id": EXAMPLE_ID}, selected)
    return Answer(name.removeprefix("create-customer-"), summary, stored(response))


def _to(error: DomainError) -> dict[str, Any]:
    return errors.ERRORS.response_for(error)


def _refused(name: str, summary: str, check: str) -> Answer:
    event = parse_event(fixture_event(API, name))
    checks = {
        "body": lambda: json_body(event, CreateCustomerRequest),
        "fields": lambda: fields.from_query(event.query),
        "principal": lambda: authorizer_principal(event),
    }
    error = refusal(checks[check])
    return Answer(name.removeprefix("create-customer-"), summary, _to(error))


def _fields_parameter() -> dict[str, Any]:
    defaults = ", ".join(f"`{name}`" for name in fields.DEFAULT_FIELDS)
    others = ", ".join(f"`{n}`" for n in fields.ALLOWED_FIELDS if n not in fields.DEFAULT_FIELDS)
    examples = {}
    summaries = {
        "add": "Add to the defaults",
        "remove": "Remove from the defaults",
        "replace": "Replace the defaults",
        "space": "Add, with a space (a decoded `+`)",
    }
    for variant, summary in summaries.items():
        query = fixture_event(API, f"create-customer-fields-{variant}")["queryStringParameters"]
        examples[variant] = {"summary": summary, "value": query["fields"]}
    return {
        "name": "fields",
        "in": "query",
        "required": False,
        "description": (
            "The customer fields the answer carries, comma-separated. `+name` (or ` name`: a "
            "`+` decodes to a space) adds to the defaults and `-name` removes; once one entry "
            "has no prefix, the list replaces the defaults. `*relation` and `relation.*` select "
            f"a relation. `id` is always returned. Defaults: {defaults}. Also allowed: {others}. "
            "Other names: 400 `Requested fields [...] are not valid`. No other query parameter "
            "is accepted (400 `Unrecognized fields`)."
        ),
        "schema": {"type": "string"},
        "examples": examples,
    }


def describe() -> ApiDescription:
    return ApiDescription(
        name=API,
        version=VERSION,
        title="xclade Admin API customers",
        description=(
            "Create a customer (Medusa v2 Admin API). Errors have Medusa's body "
            '`{"code"?, "type", "message"}`; a refused credential is a plain-text '
            "`Unauthorized`. Emails are unique among the store's guest customers (trimmed, "
            "case-insensitive)."
        ),
        operation_summary="Create a customer",
        operation_description=(
            "Creates one guest customer (`has_account` false) and answers the fields the "
            "`fields` query selects. A second customer with the same email is refused with 409 "
            "and nothing is written. `additional_data` is accepted and not stored."
        ),
        request_model=CreateCustomerRequest,
        request_examples=(
            RequestExample("create-customer-sample", "The seed document's sample request"),
            RequestExample("create-customer-valid", "A customer with metadata"),
        ),
        error_model=ErrorBody,
        statuses=(
            Status(
                200,
                "Customer created: the selected fields.",
                (
                    _created(
                        "create-customer-sample", "The sample request's customer, default fields"
                    ),
                    _created("create-customer-fields-add", "With `fields=+addresses,+groups`"),
                ),
                schemas={JSON: CreatedBody},
            ),
            Status(
                400,
                "The body or the query is not a valid request (or not JSON, or not "
                "`application/json`).",
                (
                    missing_field(API, _to, lambda e: json_body(e, CreateCustomerRequest)),
                    _refused("create-customer-invalid-body", "Invalid fields", "body"),
                    _refused("create-customer-fields-invalid", "Unknown `fields` name", "fields"),
                ),
                enumerate=("type", "code"),
            ),
            Status(
                401,
                "The bearer token is missing, invalid or expired, or names no user actor.",
                (_refused("create-customer-unauthenticated", "Missing bearer token", "principal"),),
                schemas={TEXT: UNAUTHORIZED_TEXT},
            ),
            *gateway_refusals(("type", "code")),
            Status(
                409,
                "The email is taken among guest customers, the Idempotency-Key was used with "
                "another body, or a concurrent request conflicted.",
                conflicts(errors.ERRORS.response_for, API),
                enumerate=("type", "code"),
            ),
            Status(
                429,
                "The actor's usage plan throttled the request (API Gateway).",
                enumerate=("type", "code"),
            ),
            Status(
                500,
                "A failure; nothing was written.",
                (
                    Answer(
                        "database",
                        "The store failed",
                        _to(STORE_FAILURE),
                    ),
                    Answer("unknown", "An unexpected failure", errors.internal_error()),
                ),
                enumerate=("type", "code"),
            ),
        ),
        security_schemes={
            "bearerJwt": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": (
                    f"`{template.identity_headers(API)[0]}: Bearer <JWT>`: a Medusa admin token, "
                    "HS256-signed "
                    "with the stack's secret (`XcladeJwtSecret`), with the claims `actor_id` and "
                    '`actor_type: "user"` and an unexpired `exp`.'
                ),
            }
        },
        custom_domain={
            "url": "https://{tenant}.api.myxclade.com",
            "description": (
                "The tenant's custom domain, as in the seed document (template parameter "
                "`XcladeDomainName`, its stage mapped at the root)."
            ),
            "variables": {"tenant": {"default": "acme"}},
        },
        credentials=Credentials(
            prefix="XCLADE",
            headers=(Header(template.identity_headers(API)[0], "XCLADE_TOKEN", "Bearer "),),
        ),
        parameters=(_fields_parameter(),),
        gateway_context={"$context.error.messageString": '"Forbidden"'},
    )
