"""COUNT `POST /` (alias `POST /partners/customers`): what its document says beyond the models
(ops/openapi/generate.py)."""

from __future__ import annotations

from typing import Any

from count_api import errors
from count_api.codes import (
    AUTH_MESSAGES,
    MISSING_CREDENTIALS,
    TIMESTAMP_OUT_OF_RANGE,
)
from count_api.contract import CreateCustomerRequest, CreatedBody, ErrorBody
from count_api.count_signature import (
    AUTHORIZATION_HEADER,
    CLIENT_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WINDOW_SECONDS,
    signed_path,
    string_to_sign,
)
from count_api.create_customer import created_response, new_customer
from count_api.document import Contact, CustomerDocument
from customer_core.domain.errors import DomainError, Unauthenticated
from customer_core.http.checks import json_body
from customer_core.http.events import parse_event
from customer_core.http.frame import stored

from ops.openapi.description import (
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
from ops.openapi.samples import Credentials, Header, Signing

API = "count"
EXAMPLE_IDS = (
    "3f2c8a1e-5b7d-4c9e-8a6f-1d2b3c4e5f60",
    "7a1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d",
    "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
)
JSON = "application/json"
VERSION = "0.2.0"  # the contract's version: CHANGELOG.md


def _created() -> Answer:
    event = fixture_event(API, "create-customer-sample")
    request = json_body(parse_event(event), CreateCustomerRequest)
    customer = new_customer(request, fixture_time(event))
    ids = iter(EXAMPLE_IDS)
    contacts: list[Contact] = [{**contact, "id": next(ids)} for contact in customer["contacts"]]
    example: CustomerDocument = {**customer, "id": next(ids), "contacts": contacts}
    return Answer("created", "The sample request's customer", stored(created_response(example)))


def _to(error: DomainError) -> dict[str, Any]:
    return errors.ERRORS.response_for(error)


def _invalid_body() -> Answer:
    event = parse_event(fixture_event(API, "create-customer-invalid-body"))
    error = refusal(lambda: json_body(event, CreateCustomerRequest))
    return Answer("invalid-body", "Invalid fields, one entry each", _to(error))


def _not_an_object() -> Answer:
    # The core's refusals before validation (not JSON, not an object, over a limit) answer
    # BAD_REQUEST with their reason: one of them stands for all (the generated tests found the
    # code missing from the document).
    event = parse_event({**fixture_event(API, "create-customer-sample"), "body": "[]"})
    error = refusal(lambda: json_body(event, CreateCustomerRequest))
    return Answer("not-an-object", "A body that is not a JSON object (`[]`)", _to(error))


def _authentication_failures() -> tuple[Answer, ...]:
    sample = fixture_event(API, "create-customer-sample")
    details: dict[str, dict[str, Any]] = {
        MISSING_CREDENTIALS: {"missingHeaders": [SIGNATURE_HEADER]},
        TIMESTAMP_OUT_OF_RANGE: {
            "serverTime": int(fixture_time(sample).timestamp()),
            "toleranceSeconds": WINDOW_SECONDS,
        },
    }
    return tuple(
        Answer(
            code.lower().replace("_", "-"),
            AUTH_MESSAGES[code],
            _to(Unauthenticated(code, details.get(code))),
        )
        # The function answers every code, CLIENT_NOT_ENABLED too (a client an operator disabled).
        for code in AUTH_MESSAGES
    )


def _signing_description() -> str:
    event = fixture_event(API, "create-customer-sample")
    timestamp = event["headers"][TIMESTAMP_HEADER]
    example = string_to_sign(
        event["httpMethod"], event["path"], timestamp, str(event["body"]).encode()
    )
    return (
        "COUNT's signed requests. Every request carries four headers: "
        f"`{CLIENT_ID_HEADER}` (the client id), `{TIMESTAMP_HEADER}` (Unix time in seconds or "
        f"milliseconds, within {WINDOW_SECONDS} s of the server's clock), `{SIGNATURE_HEADER}` "
        f"and `{AUTHORIZATION_HEADER}: Bearer <access token>` (a token of the same client; its "
        "team is where emails are unique).\n\n"
        "String to sign: `METHOD:path:timestamp:sha256hex(raw body)`, where METHOD is upper "
        "case, path is the request path without a leading `/partners` and without the query "
        "string, and the timestamp is signed exactly as sent. "
        f"`{SIGNATURE_HEADER}` = hex HMAC-SHA256(client secret, string to sign). A signature "
        "is accepted once (a replay is refused).\n\n"
        f"The document's sample request, sent at `{TIMESTAMP_HEADER}: {timestamp}`, signs "
        f"`{example}`. "
        "Every operation's code samples (`x-codeSamples`: curl with openssl, Python's `hmac`, "
        "Node's `crypto`) sign their request this way; this repository's operator command "
        "`python -m ops count sign` prints the headers of a signed request."
    )


def _header_scheme(name: str, what: str) -> dict[str, Any]:
    return {"type": "apiKey", "in": "header", "name": name, "description": what}


def describe() -> ApiDescription:
    signing = _signing_description()
    return ApiDescription(
        name=API,
        version=VERSION,
        title="COUNT Partner API customers",
        description=(
            "Add a customer to the team of the access token (COUNT Partner API). Errors have "
            'the body `{"status": "error", "message", "code", "details"?, "errors"?}`; every '
            "authentication failure is a 401 with its own `code`.\n\n" + signing
        ),
        operation_summary="Add a customer",
        operation_description=(
            "Creates one customer in the access token's team; a second customer with the same "
            "email (trimmed, case-insensitive) in that team is refused with 409 and nothing is "
            "written. `POST /` and `POST /partners/customers` are the same operation."
        ),
        request_model=CreateCustomerRequest,
        request_examples=(
            RequestExample("create-customer-sample", "A customer with addresses and contacts"),
            RequestExample("create-customer-minimal", "Only the required fields"),
        ),
        error_model=ErrorBody,
        statuses=(
            Status(201, "Customer created.", (_created(),), schemas={JSON: CreatedBody}),
            Status(
                400,
                "The body is not a valid request (or not JSON, or not `application/json`).",
                (
                    missing_field(API, _to, lambda e: json_body(e, CreateCustomerRequest)),
                    _invalid_body(),
                    _not_an_object(),
                ),
                enumerate=("code",),
            ),
            Status(
                401,
                "Authentication failed; `code` says which check.",
                _authentication_failures(),
                enumerate=("code",),
            ),
            *gateway_refusals(("code",)),
            Status(
                409,
                "The email is taken in the team, the Idempotency-Key was used with another body, "
                "or a concurrent request conflicted.",
                conflicts(errors.ERRORS.response_for, API),
                enumerate=("code",),
            ),
            Status(
                429,
                "The client's usage plan throttled the request (API Gateway); see Retry-After.",
                enumerate=("code",),
            ),
            Status(
                500,
                "An unexpected failure; nothing was written.",
                (Answer("internal", "An unexpected failure", errors.internal_error()),),
                enumerate=("code",),
            ),
        ),
        security_schemes={
            "clientId": _header_scheme(CLIENT_ID_HEADER, "The client id. " + signing),
            "timestamp": _header_scheme(TIMESTAMP_HEADER, "When the request was signed."),
            "signature": _header_scheme(SIGNATURE_HEADER, "The request's signature."),
            "accessToken": {
                "type": "http",
                "scheme": "bearer",
                "description": "An access token of the client (`python -m ops count issue-token`).",
            },
        },
        custom_domain={
            "url": "https://{domain}",
            "description": (
                "COUNT's own custom domain (template parameter `CountDomainName`), its stage "
                "mapped at the root: `/` and `/partners/customers` resolve against it as they are."
            ),
            "variables": {"domain": {"default": "count.example.com"}},
        },
        credentials=Credentials(
            prefix="COUNT",
            headers=(Header(AUTHORIZATION_HEADER, "COUNT_TOKEN", "Bearer "),),
            signing=Signing(
                client_id=Header(CLIENT_ID_HEADER, "COUNT_CLIENT_ID"),
                secret_variable="COUNT_CLIENT_SECRET",  # noqa: S106 - a variable name  # nosec B106
                timestamp_header=TIMESTAMP_HEADER,
                signature_header=SIGNATURE_HEADER,
                signed_path=signed_path,
            ),
        ),
        gateway_context={
            "$context.error.messageString": '"Forbidden"',
            "$context.error.responseType": "WAF_FILTERED",
        },
    )
