"""Axim's error vocabulary: `{"success": false, "message": ..., "errors"?: [...]}`.

`errors` (per-field) appears only on validation failures, as CONTRACTS.md records.
"""

from __future__ import annotations

from typing import Any

from customer_core.apigw import json_response
from customer_core.errors import (
    DomainError,
    DuplicateEmail,
    FieldIssue,
    IdempotencyKeyReused,
    InvalidBody,
    RequestRejected,
    Unauthenticated,
    WriteConflict,
)
from customer_core.validation import dotted_path

UNAUTHORIZED = "The access token is invalid or missing."
INVALID_BODY = "The request body contains invalid data or is missing required fields."
DUPLICATE_EMAIL = "A customer with this email already exists."
KEY_REUSED = "The Idempotency-Key has already been used with a different request body."
CONFLICT = "The request conflicted with another request. Please retry."
INTERNAL = "Internal server error"

_TYPE_NAMES = {
    "string_type": "a string",
    "bool_type": "a boolean",
    "list_type": "an array",
    "model_type": "an object",
    "dict_type": "an object",
    "model_attributes_type": "an object",
}


def error_body(message: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"success": False, "message": message}
    if errors is not None:
        body["errors"] = errors
    return body


def field_message(issue: FieldIssue) -> str:
    name = dotted_path(issue.location)
    kind = issue.kind
    if kind == "missing":
        return f"{name} is required."
    if kind == "extra_forbidden":
        return f"{name} is not an allowed field."
    if kind in _TYPE_NAMES:
        return f"{name} must be {_TYPE_NAMES[kind]}."
    if kind == "literal_error":
        return f"{name} must be one of: {issue.context.get('expected', '')}."
    if kind == "string_pattern_mismatch":
        return f"{name} must be a 24-character hexadecimal id."
    if kind == "value_error:invalid email":
        return f"{name} must be a valid email address."
    if kind == "value_error:blank":
        return f"{name} must not be empty."
    if kind.startswith("value_error:"):
        return f"{name}: {kind.removeprefix('value_error:')}."
    return f"{name}: {issue.message}."


def to_response(error: DomainError) -> dict[str, Any]:
    if isinstance(error, InvalidBody):
        errors = [
            {"field": dotted_path(issue.location), "message": field_message(issue)}
            for issue in error.issues
        ]
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
