"""Axim `POST /customers`: what its document says beyond the models (ops/openapi/generate.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from axim_api import errors
from axim_api.contract import CreateCustomerRequest, CreatedBody, ErrorBody
from axim_api.create_customer import created_response, new_customer
from customer_core.domain.errors import DomainError
from customer_core.http.checks import authorizer_principal, json_body
from customer_core.http.events import HttpRequest, parse_event
from customer_core.http.frame import stored

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

API = "axim"
EXAMPLE_ID = "6571d3f8a1b2c3d4e5f60718"
VERSION = "0.2.0"  # the contract's version: CHANGELOG.md


def _valid_body(event: HttpRequest) -> CreateCustomerRequest:
    return json_body(event, CreateCustomerRequest)


def _created() -> Answer:
    event = fixture_event(API, "create-customer-sample")
    request = json_body(parse_event(event), CreateCustomerRequest)
    principal = authorizer_principal(parse_event(event))
    role = template.parameter_default("AximDefaultRoleId")
    customer = new_customer(request, principal, fixture_time(event), role)
    response = created_response({**customer, "id": EXAMPLE_ID})
    return Answer("created", "The sample request's customer", stored(response))


def _refused(
    name: str, summary: str, check: Callable[[HttpRequest], object] = _valid_body
) -> Answer:
    event = parse_event(fixture_event(API, name))
    error = refusal(lambda: check(event))
    return Answer(name.removeprefix("create-customer-"), summary, _to(error))


def _to(error: DomainError) -> dict[str, Any]:
    return errors.ERRORS.response_for(error)


def describe() -> ApiDescription:
    return ApiDescription(
        name=API,
        version=VERSION,
        title="Axim Commerce customers",
        description=(
            "Create a customer of the Axim Commerce store. Every error has the body "
            '`{"success": false, "message": ...}`; validation errors add `errors`, one entry '
            "per invalid field. Emails are unique in the store (trimmed, case-insensitive)."
        ),
        operation_summary="Create a customer",
        operation_description=(
            "Creates one customer; a second customer with the same email (trimmed, "
            "case-insensitive) is refused with 409 and nothing is written."
        ),
        request_model=CreateCustomerRequest,
        request_examples=(
            RequestExample("create-customer-sample", "The seed document's sample request"),
            RequestExample("create-customer-minimal", "Only the required fields"),
        ),
        error_model=ErrorBody,
        statuses=(
            Status(
                201, "Customer created.", (_created(),), schemas={"application/json": CreatedBody}
            ),
            Status(
                400,
                "The body is not a valid request (or not JSON, or not `application/json`).",
                (
                    missing_field(API, _to, lambda e: json_body(e, CreateCustomerRequest)),
                    _refused("create-customer-invalid-body", "Invalid fields, one entry each"),
                    _refused("create-customer-wrong-content-type", "Not application/json"),
                ),
            ),
            Status(
                401,
                "The access token is missing, unknown or revoked.",
                (
                    _refused(
                        "create-customer-missing-token",
                        "Missing access token",
                        authorizer_principal,
                    ),
                ),
            ),
            *gateway_refusals(),
            Status(
                409,
                "The email is taken, the Idempotency-Key was used with another body, or a "
                "concurrent request conflicted.",
                conflicts(errors.ERRORS.response_for, API),
            ),
            Status(429, "The client's usage plan throttled the request (API Gateway)."),
            Status(
                500,
                "An unexpected failure; nothing was written.",
                (
                    Answer(
                        "internal",
                        "The store failed",
                        _to(STORE_FAILURE),
                    ),
                ),
            ),
        ),
        security_schemes={
            "accessToken": {
                "type": "apiKey",
                "in": "header",
                "name": template.identity_headers(API)[0],
                "description": (
                    "An access token issued by the operator (`make token`), sent raw or with a "
                    "`Bearer ` prefix."
                ),
            }
        },
        custom_domain={
            "url": "https://{domain}",
            "description": (
                "Axim's own custom domain (template parameter `AximDomainName`), its stage "
                "mapped at the root: paths resolve against the domain alone."
            ),
            "variables": {"domain": {"default": "axim.example.com"}},
        },
        credentials=Credentials(
            prefix="AXIM", headers=(Header(template.identity_headers(API)[0], "AXIM_ACCESS_TOKEN"),)
        ),
        gateway_context={"$context.error.messageString": '"Forbidden"'},
    )
