"""Axim's error vocabulary: `{"success": false, "message": ..., "errors"?: [...]}`.

`errors` (per-field) appears only on validation failures, as CONTRACTS.md records.
"""

from __future__ import annotations

from typing import Any

from customer_core.domain.errors import (
    DuplicateEmail,
    IdempotencyKeyReused,
    InvalidBody,
    RequestRejected,
    StoreUnavailable,
    Unauthenticated,
    WriteConflict,
)
from customer_core.http.field_messages import FieldError, field_errors
from customer_core.http.frame import ErrorTable
from customer_core.http.responses import Response, json_response

UNAUTHORIZED = "The access token is invalid or missing."
INVALID_BODY = "The request body contains invalid data or is missing required fields."
DUPLICATE_EMAIL = "A customer with this email already exists."
KEY_REUSED = "The Idempotency-Key has already been used with a different request body."
CONFLICT = "The request conflicted with another request. Please retry."
INTERNAL = "Internal server error"

# Beyond the core's common wording (customer_core.http.field_messages).
FIELD_WORDING = {
    "string_pattern_mismatch": "{name} must be a 24-character hexadecimal id.",
    "value_error:blank": "{name} must not be empty.",
}


def error_body(message: str, errors: list[FieldError] | None = None) -> dict[str, Any]:
    """The contract's ErrorBody; `errors` only when there are some."""
    body: dict[str, Any] = {"success": False, "message": message}
    if errors is not None:
        body["errors"] = errors
    return body


def _invalid_body(error: InvalidBody) -> Response:
    return json_response(400, error_body(INVALID_BODY, field_errors(error.issues, FIELD_WORDING)))


def _message(status: int, message: str) -> Any:
    return lambda _error: json_response(status, error_body(message))


def internal_error() -> Response:
    return json_response(500, error_body(INTERNAL))


ERRORS = ErrorTable(
    responses={
        InvalidBody: _invalid_body,
        RequestRejected: lambda error: json_response(400, error_body(error.message)),
        Unauthenticated: _message(401, UNAUTHORIZED),
        DuplicateEmail: _message(409, DUPLICATE_EMAIL),
        IdempotencyKeyReused: _message(409, KEY_REUSED),
        WriteConflict: _message(409, CONFLICT),
        StoreUnavailable: lambda _error: internal_error(),
    },
    internal_error=internal_error,
)
