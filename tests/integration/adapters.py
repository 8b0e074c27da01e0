"""What the integration tier needs to know about each API, and nothing more.

Every test in this tier is parametrised over ADAPTERS: an adapter says how to build a valid
create event for a given email (the API's own document sample body, through its real event
fixture), how to recognise each outcome in that API's response shape, and which key prefixes
its records use. Adding an API to the tier = adding one adapter to ADAPTERS.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from tests.support.events import body_of, load, with_body, with_headers
from tests.support.lambda_context import LambdaContextStub

Response = dict[str, Any]


class Outcome(Enum):
    CREATED = "created"
    DUPLICATE = "duplicate email"
    CONFLICT = "write conflict, retry"
    STORE_FAILURE = "store failure"


@dataclass(frozen=True)
class ApiAdapter:
    name: str
    # The template's function resource: its Timeout bounds the worst case of the store calls.
    function_logical_id: str
    handler: Callable[[dict[str, Any], Any], Response]
    # Key prefixes of its items (the policy's dynamodb:LeadingKeys say the same).
    customer_prefix: str
    idempotency_prefix: str
    # The document's sample request as an API Gateway event.
    sample_event: Callable[[], dict[str, Any]]
    # That event with another email in the body.
    event_for: Callable[[str], dict[str, Any]]
    # The outcome of a response in the API's own shape; None if the response has no known shape.
    classify: Callable[[Response], Outcome | None]
    # The id of the customer in a CREATED response (the record's `id` attribute holds it too).
    created_id: Callable[[Response], str]

    def invoke(self, event: dict[str, Any]) -> Response:
        return self.handler(event, LambdaContextStub())

    def customer_key(self, email: str) -> str:
        return self.customer_prefix + email.strip().lower()

    def with_idempotency_key(self, event: dict[str, Any], key: str) -> dict[str, Any]:
        return with_headers(event, **{"Idempotency-Key": key})

    def __str__(self) -> str:  # the test ids
        return self.name


# --- Axim ---------------------------------------------------------------------------------------
# Shapes from CONTRACTS.md (Axim) and the README's "Contract decisions".

_AXIM_FAILURES = {
    (409, "A customer with this email already exists."): Outcome.DUPLICATE,
    (409, "The request conflicted with another request. Please retry."): Outcome.CONFLICT,
    (500, "Internal server error"): Outcome.STORE_FAILURE,
}


def _axim_sample() -> dict[str, Any]:
    return load("axim", "create-customer-sample")


def _axim_event_for(email: str) -> dict[str, Any]:
    event = _axim_sample()
    return with_body(event, {**body_of(event), "email": email})


def _axim_classify(response: Response) -> Outcome | None:
    status = response["statusCode"]
    body = json.loads(response["body"])
    if (
        status == 201
        and body.get("success") is True
        and body.get("message") == "Customer created successfully"
        and isinstance(body.get("data"), dict)
    ):
        return Outcome.CREATED
    if set(body) == {"success", "message"} and body["success"] is False:
        return _AXIM_FAILURES.get((status, body["message"]))
    return None


def _axim_created_id(response: Response) -> str:
    return str(json.loads(response["body"])["data"]["id"])


def _axim_handler(event: dict[str, Any], context: Any) -> Response:
    from axim_api.handler import lambda_handler

    return lambda_handler(event, context)


AXIM = ApiAdapter(
    name="axim",
    function_logical_id="AximCreateCustomerFunction",
    handler=_axim_handler,
    customer_prefix="CUSTOMER#axim#store#",
    idempotency_prefix="IDEMPOTENCY#axim#",
    sample_event=_axim_sample,
    event_for=_axim_event_for,
    classify=_axim_classify,
    created_id=_axim_created_id,
)

ADAPTERS = [AXIM]
