"""xclade's error vocabulary, Medusa's: `{"code"?, "type", "message"}`, and a plain-text 401.

Validation messages follow Medusa's wording (packages/core/framework/src/zod/zod-helpers.ts:
`Invalid request: ...`, at most three issues joined with "; "), and each error's type, code and
status follow its error handler (packages/core/framework/src/http/middlewares/error-handler.ts),
so a client written against Medusa reads them unchanged. Where we differ on purpose (409 for a
duplicate, 400 where Medusa answers 500 to bad input) docs/apis/xclade.md says why.
"""

from __future__ import annotations

from typing import Any

from customer_core.domain import errors as core
from customer_core.http.frame import ErrorTable
from customer_core.http.responses import Response, json_response, raw_response

from xclade_api.fields import InvalidFields
from xclade_api.query import InvalidQueryKey, js_ordered

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
# pydantic's kind of type error -> the type zod expected (`model_type`: the body itself).
_EXPECTED = {
    "string_type": "string",
    "dict_type": "object",
    "model_type": "object",
    "bool_type": "boolean",
}


def error_body(error_type: str, message: str, code: str | None = None) -> dict[str, Any]:
    """The contract's ErrorBody (`code` only when there is one), in its field order."""
    body: dict[str, Any] = {} if code is None else {"code": code}
    body["type"] = error_type
    body["message"] = message
    return body


def invalid_data(message: str) -> Response:
    return json_response(400, error_body("invalid_data", message))


def unauthorized() -> Response:
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
    # zod lists unknown keys as JavaScript orders an object's keys (integer-like keys first).
    unknown = js_ordered({_path(i): None for i in issues if i.kind == "extra_forbidden"})
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
    if issue.kind == "string_too_long":
        limit = issue.context["max_length"]
        return f"Value for field '{path}' too big, expected at most: '{limit}'"
    return f"Invalid value for field '{path}'"


def _path(issue: core.FieldIssue) -> str:
    return ", ".join(str(part) for part in issue.location)


def _invalid_body(error: core.InvalidBody) -> Response:
    return invalid_data(f"Invalid request: {'; '.join(issue_messages(error.issues))}")


def _invalid_fields(error: InvalidFields) -> Response:
    return invalid_data(f"Requested fields [{', '.join(error.names)}] are not valid")


def _invalid_query_key(error: InvalidQueryKey) -> Response:
    # Medusa's type and message; its handler leaves INVALID_ARGUMENT a 500, ours is a 400.
    return json_response(400, error_body("invalid_argument", error.message))


def _duplicate(error: core.DuplicateEmail) -> Response:
    message = f"Customer with email: {error.email}, has_account: false, already exists."
    return json_response(409, error_body("duplicate_error", message, "invalid_request_error"))


def internal_error() -> Response:
    return json_response(500, error_body("unknown_error", UNKNOWN, "unknown_error"))


ERRORS = ErrorTable(
    responses={
        core.InvalidBody: _invalid_body,
        InvalidFields: _invalid_fields,
        InvalidQueryKey: _invalid_query_key,
        core.RequestRejected: lambda error: invalid_data(f"Invalid request: {error.message}"),
        core.Unauthenticated: lambda _error: unauthorized(),
        core.DuplicateEmail: _duplicate,
        core.IdempotencyKeyReused: lambda _error: json_response(
            409, error_body("conflict", KEY_REUSED, "invalid_request_error")
        ),
        core.WriteConflict: lambda _error: json_response(
            409, error_body("conflict", CONFLICT, "invalid_state_error")
        ),
        core.StoreUnavailable: lambda _error: json_response(
            500, error_body("database_error", DATABASE, "api_error")
        ),
    },
    internal_error=internal_error,
)
