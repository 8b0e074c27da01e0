"""COUNT's error vocabulary: `{"status": "error", "message", "code", "details"?, "errors"?}`.

Every authentication failure is a 401 with its own `code`. The same codes and messages appear in
template.yaml's gateway responses for the failures API Gateway answers itself
(tests/unit/test_template_count.py holds the two together).
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

from count_api.codes import AUTH_MESSAGES

VALIDATION_ERROR = "VALIDATION_ERROR"
VALIDATION_MESSAGE = "Validation failed"
BAD_REQUEST = "BAD_REQUEST"
EMAIL_ALREADY_EXISTS = "EMAIL_ALREADY_EXISTS"
DUPLICATE_EMAIL_MESSAGE = "A customer with this email already exists in this team."
IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
KEY_REUSED_MESSAGE = "The Idempotency-Key has already been used with a different request body."
CONFLICT = "CONFLICT"
CONFLICT_MESSAGE = "The request conflicted with another request. Please retry."
INTERNAL_ERROR = "INTERNAL_ERROR"
INTERNAL_MESSAGE = "Internal server error"


class AuthenticationFailed(Unauthenticated):
    """A 401 in COUNT's words: `code` is one of AUTH_MESSAGES; `details` is optional context."""

    def __init__(self, code: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(code, AUTH_MESSAGES[code])
        self.details = details


def error_body(
    code: str,
    message: str,
    *,
    details: dict[str, Any] | None = None,
    errors: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"status": "error", "message": message, "code": code}
    if details is not None:
        body["details"] = details
    if errors is not None:
        body["errors"] = errors
    return body


_KIND_WORDING = {
    "missing": "is required",
    "extra_forbidden": "is not an allowed field",
    "string_type": "must be a string",
    "bool_type": "must be a boolean",
    "list_type": "must be an array",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "value_error:invalid email": "must be a valid email address",
    "value_error:blank": "must not be blank",
    "value_error:invalid website": "must be an http or https URL",
}


def field_message(issue: FieldIssue) -> str:
    name = dotted_path(issue.location) or "body"
    kind = issue.kind
    if kind in _KIND_WORDING:
        return f"{name} {_KIND_WORDING[kind]}."
    if kind in {"string_too_short", "too_short"}:
        return f"{name} must be at least {issue.context.get('min_length')} character(s) long."
    # `too_long`: a length limit applied after a type's own validators (NonBlankStr, Email).
    if kind in {"string_too_long", "too_long"}:
        return f"{name} must be at most {issue.context.get('max_length')} characters long."
    if kind == "literal_error":
        return f"{name} must be one of: {issue.context.get('expected', '')}."
    if kind.startswith("value_error:"):
        return f"{name}: {kind.removeprefix('value_error:')}."
    return f"{name}: {issue.message}."


def to_response(error: DomainError) -> dict[str, Any]:
    if isinstance(error, InvalidBody):
        errors = [
            {"field": dotted_path(issue.location), "message": field_message(issue)}
            for issue in error.issues
        ]
        return json_response(400, error_body(VALIDATION_ERROR, VALIDATION_MESSAGE, errors=errors))
    if isinstance(error, RequestRejected):
        body = error_body(BAD_REQUEST, error.message, details={"reason": error.reason})
        return json_response(400, body)
    if isinstance(error, Unauthenticated):
        details = error.details if isinstance(error, AuthenticationFailed) else None
        return json_response(401, error_body(error.code, error.message, details=details))
    if isinstance(error, DuplicateEmail):
        body = error_body(EMAIL_ALREADY_EXISTS, DUPLICATE_EMAIL_MESSAGE, details={"field": "email"})
        return json_response(409, body)
    if isinstance(error, IdempotencyKeyReused):
        return json_response(409, error_body(IDEMPOTENCY_KEY_REUSED, KEY_REUSED_MESSAGE))
    if isinstance(error, WriteConflict):
        return json_response(409, error_body(CONFLICT, CONFLICT_MESSAGE))
    return internal_error()


def internal_error() -> dict[str, Any]:
    return json_response(500, error_body(INTERNAL_ERROR, INTERNAL_MESSAGE))
