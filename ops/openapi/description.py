"""What one API's document says, as data (ApiDescription), and the helpers the per-API
descriptions use to obtain their examples from the code and the fixtures in events/."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from customer_core.domain.errors import (
    DomainError,
    DuplicateEmail,
    IdempotencyKeyReused,
    StoreUnavailable,
    WriteConflict,
)
from customer_core.http.events import parse_event
from pydantic import BaseModel

from ops.apis import EVENTS_DIR as EVENTS
from ops.openapi.samples import Credentials
from ops.template import ROOT as ROOT

# A body schema: a contract model (its JSON Schema goes to components/schemas) or a schema as is.
SchemaSource = type[BaseModel] | Mapping[str, Any]


@dataclass(frozen=True)
class Answer:
    """One documented answer, as a Lambda proxy response: statusCode, headers, body."""

    name: str  # the example's key
    summary: str
    response: Mapping[str, Any]

    @property
    def status(self) -> int:
        return int(self.response["statusCode"])


@dataclass(frozen=True)
class Status:
    """One status the operation answers. Answers the gateway gives with this status (template.yaml)
    join `answers`; every status a gateway response has must be declared."""

    code: int
    description: str
    answers: tuple[Answer, ...] = ()
    # Media type -> body schema; by default the API's error model as application/json.
    schemas: Mapping[str, SchemaSource] | None = None
    # Body properties whose values are listed (`enum`) from this status's answers, e.g. `code`.
    enumerate: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestExample:
    """A request example: the body of events/<api>/<fixture>.json."""

    fixture: str
    summary: str

    @property
    def name(self) -> str:
        return self.fixture.removeprefix("create-customer-")


@dataclass(frozen=True)
class ApiDescription:
    name: str  # as in ops' list of APIs: `<name>_api` is the package
    # The contract's own version (semver, CHANGELOG.md): a breaking change moves the major.
    version: str
    title: str
    description: str
    operation_summary: str
    operation_description: str
    request_model: type[BaseModel]
    request_examples: tuple[RequestExample, ...]
    error_model: type[BaseModel]
    statuses: tuple[Status, ...]
    security_schemes: Mapping[str, Mapping[str, Any]]
    custom_domain: Mapping[str, Any]  # an OpenAPI server object
    # What the code samples read from the environment and send (ops/openapi/samples.py).
    credentials: Credentials
    parameters: tuple[Mapping[str, Any], ...] = ()
    # Values for the `$context` variables of template.yaml's default gateway responses.
    gateway_context: Mapping[str, str] = field(default_factory=dict)


def fixture_event(api: str, name: str) -> dict[str, Any]:
    """events/<api>/<name>.json: a real API Gateway event, as `sam local` and the tests use it."""
    loaded: dict[str, Any] = json.loads((EVENTS / api / f"{name}.json").read_text())
    return loaded


def fixture_body(api: str, name: str) -> Any:
    return json.loads(fixture_event(api, name)["body"])


def fixture_time(event: Mapping[str, Any]) -> datetime:
    """When the fixture's request reached the gateway: the examples' creation time."""
    millis = int(event["requestContext"]["requestTimeEpoch"])
    return datetime.fromtimestamp(millis / 1000, tz=UTC)


def refusal(check: Callable[[], object]) -> DomainError:
    """The domain error a check raises (a fixture that the code refuses)."""
    try:
        check()
    except DomainError as error:
        return error
    raise AssertionError("the check passed: the fixture is not refused")


def conflicts(
    to_response: Callable[[DomainError], Mapping[str, Any]], api: str
) -> tuple[Answer, ...]:
    """The 409s every API gives: the sample request's email taken, a reused Idempotency-Key, a
    concurrent write."""
    taken = DuplicateEmail(fixture_body(api, "create-customer-sample")["email"])
    return (
        Answer("duplicate-email", "Duplicate email", to_response(taken)),
        Answer("key-reused", "Idempotency-Key reused", to_response(IdempotencyKeyReused())),
        Answer("conflict", "A concurrent write", to_response(WriteConflict())),
    )


def missing_field(
    api: str,
    to_response: Callable[[DomainError], Mapping[str, Any]],
    check: Callable[[Any], object],
    field: str = "email",
) -> Answer:
    """The answer to the sample request without one required field (`email`)."""
    event = fixture_event(api, "create-customer-sample")
    body = json.loads(event["body"])
    del body[field]
    request = parse_event({**event, "body": json.dumps(body)})
    error = refusal(lambda: check(request))
    return Answer("missing-field", "Missing required field", to_response(error))


# What the store raises when DynamoDB fails (here: throttled past the client's retries).
STORE_FAILURE = StoreUnavailable("ProvisionedThroughputExceededException")


def gateway_refusals(enumerate: tuple[str, ...] = ()) -> tuple[Status, Status]:
    """403 and 404, which only API Gateway answers (their bodies are template.yaml's)."""
    return (
        Status(
            403, "Refused by API Gateway before the function (any other 4XX).", (), None, enumerate
        ),
        Status(404, "No such route: any other method or path.", (), None, enumerate),
    )
