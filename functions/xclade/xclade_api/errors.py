"""xclade's error vocabulary, Medusa's: `{"code"?, "type", "message"}`, and a plain-text 401.

Validation messages follow Medusa's wording (`Invalid request: ...`, at most three issues joined
with "; "), so a client written against Medusa reads them unchanged.
"""

from __future__ import annotations

from typing import Any

from customer_core import errors as core
from customer_core.apigw import json_response, raw_response

from xclade_api.fields import InvalidFields

UNAUTHORIZED = "Unauthorized"
CONFLICT = (
    "The request conflicted with another request. You may retry the request with the provided "
    "Idempotency-Key."
)
KEY_REUSED = "The Idempotency-Key has already been used with a different request body."
DATABASE = "An error occurred while saving the customer. Please retry."
UNKNOWN = "An unknown error occurred."
MAX_ISSUES = 3

# JSON value types as Medusa's validator (zod) names the type it received.
_RECEIVED = ((bool, "boolean"), (int, "number"), (float, "number"), (str, "string"))
_EXPECTED = {"string_type": "string", "dict_type": "object", "bool_type": "boolean"}


class DuplicateCustomer(core.DuplicateEmail):
    """A duplicate email, with the email as sent: Medusa's message names it."""

    def __init__(self, email: str) -> None:
        super().__init__(email)
        self.email = email


def error_body(error_type: str, message: str, code: str | None = None) -> dict[str, Any]:
    body = {"code": code} if code else {}
    return {**body, "type": error_type, "message": message}


def invalid_data(message: str) -> dict[str, Any]:
    return json_response(400, error_body("invalid_data", message))


def unauthorized() -> dict[str, Any]:
    return raw_response(401, UNAUTHORIZED, {"Content-Type": "text/plain"})


def received_type(value: Any) -> str:
    if value is None:
        return "null"
    for kind, name in _RECEIVED:
        if isinstance(value, kind):
            return name
    return "array" if isinstance(value, list) else "object"


def issue_messages(issues: list[core.FieldIssue]) -> list[str]:
    """Medusa's messages, in its order: field issues first, unknown fields last and together."""
    messages = [issue_message(i) for i in issues if i.kind != "extra_forbidden"]
    unknown = [_path(i) for i in issues if i.kind == "extra_forbidden"]
    if unknown:
        messages.append(f"Unrecognized fields: '{', '.join(unknown)}'")
    return messages[:MAX_ISSUES]


def issue_message(issue: core.FieldIssue) -> str:
    path = _path(issue)
    if issue.kind == "missing":
        return f"Field '{path}' is required"
    if issue.kind in _EXPECTED:
        expected = _EXPECTED[issue.kind]
        return (
            f"Expected type: '{expected}' for field '{path}', got: '{received_type(issue.input)}'"
        )
    if issue.kind == "value_error:invalid email":
        return "Invalid email"
    return f"Invalid value for field '{path}'"


def _path(issue: core.FieldIssue) -> str:
    return ", ".join(str(part) for part in issue.location)


def to_response(error: core.DomainError) -> dict[str, Any]:
    if isinstance(error, core.InvalidBody):
        return invalid_data(f"Invalid request: {'; '.join(issue_messages(error.issues))}")
    if isinstance(error, InvalidFields):
        return invalid_data(f"Requested fields [{', '.join(error.names)}] are not valid")
    if isinstance(error, core.RequestRejected):
        return invalid_data(f"Invalid request: {error.message}")
    if isinstance(error, core.Unauthenticated):
        return unauthorized()
    if isinstance(error, DuplicateCustomer):
        message = f"Customer with email: {error.email}, has_account: false, already exists."
        return json_response(409, error_body("duplicate_error", message, "invalid_request_error"))
    if isinstance(error, core.IdempotencyKeyReused):
        return json_response(409, error_body("conflict", KEY_REUSED, "invalid_request_error"))
    if isinstance(error, core.WriteConflict):
        return json_response(409, error_body("conflict", CONFLICT, "unknown_error"))
    if isinstance(error, core.StoreUnavailable):
        return json_response(500, error_body("database_error", DATABASE, "api_error"))
    return internal_error()


def internal_error() -> dict[str, Any]:
    return json_response(500, error_body("unknown_error", UNKNOWN, "unknown_error"))
