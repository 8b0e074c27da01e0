"""Axim's error vocabulary: `{"success": false, "message": ..., "errors"?: [...]}`.

`errors` (per-field) appears only on validation failures, as CONTRACTS.md records.
"""

from __future__ import annotations

from typing import Any

from customer_core.apigw import json_response
from customer_core.errors import (
    DomainError,
    DuplicateEmail,
    IdempotencyKeyReused,
    InvalidBody,
    RequestRejected,
    Unauthenticated,
    WriteConflict,
)
from customer_core.field_messages import field_errors

UNAUTHORIZED = "The access token is invalid or missing."
INVALID_BODY = "The request body contains invalid data or is missing required fields."
DUPLICATE_EMAIL = "A customer with this email already exists."
KEY_REUSED = "The Idempotency-Key has already been used with a different request body."
CONFLICT = "The request conflicted with another request. Please retry."
INTERNAL = "Internal server error"

# Beyond the core's common wording (customer_core.field_messages).
FIELD_WORDING = {
    "string_pattern_mismatch": "{name} must be a 24-character hexadecimal id.",
    "value_error:blank": "{name} must not be empty.",
}


def error_body(message: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"success": False, "message": message}
    if errors is not None:
        body["errors"] = errors
    return body


def to_response(error: DomainError) -> dict[str, Any]:
    if isinstance(error, InvalidBody):
        errors = field_errors(error.issues, FIELD_WORDING)
        return json_response(400, error_body(INVALID_BODY, errors))
    if isinstance(error, RequestRejected):
        return json_response(400, error_body(error.message))
    if isinstance(error, Unauthenticated):
        return json_response(401, error_body(UNAUTHORIZED))
    if isinstance(error, DuplicateEmail):
        return json_response(409, error_body(DUPLICATE_EMAIL))
    if isinstance(error, IdempotencyKeyReused):
        return json_response(409, error_body(KEY_REUSED))
    if isinstance(error, WriteConflict):
        return json_response(409, error_body(CONFLICT))
    return internal_error()


def internal_error() -> dict[str, Any]:
    return json_response(500, error_body(INTERNAL))
