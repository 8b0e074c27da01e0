"""What the integration tier needs to know about each API, and nothing more.

Every test in this tier is parametrised over ADAPTERS: an adapter says how to build a valid
create event for a given email (the API's own document sample body, through its real event
fixture), how to recognise each outcome in that API's response shape, which key prefixes its
records use, and what state its function needs in the tables before a request (COUNT: the
client's secret and token). Adding an API to the tier = adding one adapter to ADAPTERS.

Every call of `sample_event` / `event_for` builds a new request: for COUNT a newly signed one
(a copy of a signed request that created a customer is refused), so concurrent or repeated
requests never replay each other.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import partial
from typing import Any

from customer_core.domain.email import mailbox_key

from tests.support import count_requests
from tests.support.events import body_of, load, with_body, with_headers
from tests.support.lambda_context import LambdaContextStub

Response = dict[str, Any]


class Outcome(Enum):
    CREATED = "created"
    DUPLICATE = "duplicate email"
    CONFLICT = "write conflict, retry"
    STORE_FAILURE = "store failure"


def _lambda_handler(module: str, event: dict[str, Any], context: Any) -> Response:
    """The function's handler, imported at the first call (in each Lambda environment)."""
    handler: Callable[[dict[str, Any], Any], Response] = importlib.import_module(
        module
    ).lambda_handler
    return handler(event, context)


def with_email(event: dict[str, Any], email: str) -> dict[str, Any]:
    """The event's own body with another email."""
    return with_body(event, {**body_of(event), "email": email})


def _nothing_to_prepare() -> None:
    """Axim and xclade functions read nothing before their write."""


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
    # Seeds what the function reads before it writes, through our data-access code (the
    # tables are fresh and the functions' client points at them when it runs).
    prepare: Callable[[], None] = _nothing_to_prepare
    # Requests are signed (COUNT): the function reads the client secret when it keeps none, and
    # the customer carries the mark of the request that created it (store/replays.py).
    signed: bool = False

    def invoke(self, event: dict[str, Any]) -> Response:
        return self.handler(event, LambdaContextStub())

    def customer_key(self, email: str) -> str:
        return self.customer_prefix + mailbox_key(email)

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
    return with_email(event, email)


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


AXIM = ApiAdapter(
    name="axim",
    function_logical_id="AximCreateCustomerFunction",
    handler=partial(_lambda_handler, "axim_api.handler"),
    customer_prefix="CUSTOMER#axim#store#",
    idempotency_prefix="IDEMPOTENCY#axim#",
    sample_event=_axim_sample,
    event_for=_axim_event_for,
    classify=_axim_classify,
    created_id=_axim_created_id,
)


# --- xclade (Medusa v2 Admin) ------------------------------------------------------------------
# Shapes from CONTRACTS.md (xclade) and functions/xclade/xclade_api/errors.py. The create event
# carries the authorizer's context (the JWT's actor), as API Gateway passes it.

_XCLADE_CONFLICT = (
    "The request conflicted with another request. You may retry the request with the provided "
    "Idempotency-Key."
)
_XCLADE_DUPLICATE = re.compile(r"^Customer with email: .+, has_account: false, already exists\.$")


def _xclade_sample() -> dict[str, Any]:
    return load("xclade", "create-customer-sample")


def _xclade_event_for(email: str) -> dict[str, Any]:
    event = _xclade_sample()
    return with_email(event, email)


def _xclade_classify(response: Response) -> Outcome | None:
    status = response["statusCode"]
    body = json.loads(response["body"])
    if status == 200 and set(body) == {"customer"} and isinstance(body["customer"].get("id"), str):
        return Outcome.CREATED
    shape = (status, body.get("code"), body.get("type"))
    message = body.get("message")
    if set(body) != {"code", "type", "message"}:
        return None
    if shape == (409, "invalid_request_error", "duplicate_error"):
        return Outcome.DUPLICATE if _XCLADE_DUPLICATE.match(message) else None
    if shape == (409, "invalid_state_error", "conflict") and message == _XCLADE_CONFLICT:
        return Outcome.CONFLICT
    if shape == (500, "api_error", "database_error"):
        return Outcome.STORE_FAILURE
    return None


def _xclade_created_id(response: Response) -> str:
    return str(json.loads(response["body"])["customer"]["id"])


XCLADE = ApiAdapter(
    name="xclade",
    function_logical_id="XcladeCreateCustomerFunction",
    handler=partial(_lambda_handler, "xclade_api.handler"),
    customer_prefix="CUSTOMER#xclade#guest#",
    idempotency_prefix="IDEMPOTENCY#xclade#",
    sample_event=_xclade_sample,
    event_for=_xclade_event_for,
    classify=_xclade_classify,
    created_id=_xclade_created_id,
)


# --- COUNT -------------------------------------------------------------------------------------
# Shapes from CONTRACTS.md (COUNT) and functions/count/count_api/errors.py. The function checks
# the timestamp and the HMAC signature (with the client secret it reads from the AuthTable, then
# keeps for a while), and its customer write refuses a replay, so every event is signed anew at
# the current time; the authorizer's context in the fixture names the client and its token's
# team, the uniqueness scope.

_COUNT_FAILURES = {
    (409, "EMAIL_ALREADY_EXISTS"): Outcome.DUPLICATE,
    (409, "CONFLICT"): Outcome.CONFLICT,
    (500, "INTERNAL_ERROR"): Outcome.STORE_FAILURE,
}


def _count_unsigned_sample() -> dict[str, Any]:
    return load("count", "create-customer-sample")


def _count_sample() -> dict[str, Any]:
    return count_requests.signed_now(_count_unsigned_sample())


def _count_event_for(email: str) -> dict[str, Any]:
    event = _count_unsigned_sample()
    return count_requests.signed_now(with_email(event, email))


def _count_classify(response: Response) -> Outcome | None:
    status = response["statusCode"]
    body = json.loads(response["body"])
    if (
        status == 201
        and body.get("status") == "success"
        and body.get("message") == "Customer created successfully"
        and isinstance(body.get("data"), dict)
    ):
        return Outcome.CREATED
    if body.get("status") == "error":
        return _COUNT_FAILURES.get((status, body.get("code")))
    return None


def _count_created_id(response: Response) -> str:
    return str(json.loads(response["body"])["data"]["id"])


def _count_prepare() -> None:
    # The client with its secret (read by the function) and its token (read by the authorizer,
    # whose verdict the fixture's context carries), as the operator CLI registers them.
    count_requests.seed_client()
    count_requests.seed_token()


COUNT = ApiAdapter(
    name="count",
    function_logical_id="CountCreateCustomerFunction",
    handler=partial(_lambda_handler, "count_api.handler"),
    customer_prefix=f"CUSTOMER#count#{count_requests.FIXTURE_TEAM}#",
    idempotency_prefix="IDEMPOTENCY#count#",
    sample_event=_count_sample,
    event_for=_count_event_for,
    classify=_count_classify,
    created_id=_count_created_id,
    prepare=_count_prepare,
    signed=True,
)

ADAPTERS = [AXIM, XCLADE, COUNT]
